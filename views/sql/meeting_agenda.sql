-- The meeting agenda: each life stage, then the goals that belong to it, in catalogue order.
-- A goal belongs to the life stage holding most of its indicators (ties: the earlier life stage), so every goal
-- is on the agenda once. Goals without indicators are left out (nothing to show). No parameters.
WITH counts AS (
    SELECT ig.goal_id, i.life_stage_id, count(*) AS n, min(ls.sort_order) AS ls_order
    FROM indicator_goal ig
    JOIN indicator i ON i.indicator_id = ig.indicator_id
    JOIN life_stage ls ON ls.life_stage_id = i.life_stage_id
    GROUP BY ig.goal_id, i.life_stage_id
), home AS (
    SELECT goal_id, life_stage_id FROM counts
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY n DESC, ls_order) = 1
)
SELECT kind, item_id, life_stage_id, name, number, goal_kind FROM (
    SELECT 'life_stage' AS kind, life_stage_id AS item_id, life_stage_id, name, NULL::INTEGER AS number,
           NULL::VARCHAR AS goal_kind, sort_order AS ls_order, -1 AS item_order
    FROM life_stage
    UNION ALL
    SELECT 'goal', g.goal_id, h.life_stage_id, g.name, g.number, g.kind, ls.sort_order, g.sort_order
    FROM goal g
    JOIN home h ON h.goal_id = g.goal_id
    JOIN life_stage ls ON ls.life_stage_id = h.life_stage_id
)
ORDER BY ls_order, item_order;

-- The meeting agenda: each life stage, then every goal its indicators are linked to, in catalogue order – the
-- same (life stage, goal) pairs as the overview's columns. A goal linked to indicators of two life stages is on
-- the agenda under both, each time judged on that life stage's indicators only (life_stage_goal_status).
-- No parameters.
WITH links AS (
    SELECT DISTINCT i.life_stage_id, ig.goal_id
    FROM indicator i
    JOIN indicator_goal ig USING (indicator_id)
)
SELECT kind, item_id, life_stage_id, name, number, goal_kind FROM (
    SELECT 'life_stage' AS kind, life_stage_id AS item_id, life_stage_id, name, NULL::INTEGER AS number,
           NULL::VARCHAR AS goal_kind, sort_order AS ls_order, -1 AS item_order
    FROM life_stage
    UNION ALL
    SELECT 'goal', g.goal_id, l.life_stage_id, g.name, g.number, g.kind, ls.sort_order, g.sort_order
    FROM links l
    JOIN goal g ON g.goal_id = l.goal_id
    JOIN life_stage ls ON ls.life_stage_id = l.life_stage_id
)
ORDER BY ls_order, item_order;

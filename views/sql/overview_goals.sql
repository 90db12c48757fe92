-- Per life stage, the goals its indicators are linked to, each judged on that life stage's own indicators
-- (life_stage_goal_status), so a column never shows a goal pulled down by another life stage's figure.
-- Params: area_id, gender.
WITH links AS (
    SELECT DISTINCT i.life_stage_id, ig.goal_id
    FROM indicator i
    JOIN indicator_goal ig USING (indicator_id)
)
SELECT l.life_stage_id, g.goal_id, g.name, g.kind, g.number, g.sort_order,
       s.mark, s.mark_label, s.n_green, s.n_neutral, s.n_yellow, s.n_red, s.n_grey, s.n_watch, s.n_total, s.headline_basis, s.decided_by, s.explanation
FROM links l
JOIN goal g USING (goal_id)
LEFT JOIN life_stage_goal_status s
       ON s.life_stage_id = l.life_stage_id AND s.goal_id = g.goal_id AND s.area_id = ? AND s.gender = ?
ORDER BY l.life_stage_id, g.sort_order

-- The goals an indicator is linked to. Params: indicator_id.
SELECT g.goal_id, g.name, g.kind, g.number
FROM indicator_goal ig
JOIN goal g USING (goal_id)
WHERE ig.indicator_id = ?
ORDER BY g.sort_order

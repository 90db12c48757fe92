-- Översyn: the steering documents each goal serves (goals.yaml links). No params.
SELECT g.goal_id, g.kind, g.number, g.name AS goal, d.name AS document, d.url
FROM goal g JOIN goal_document gd USING (goal_id) JOIN document d USING (document_id)
ORDER BY g.sort_order, d.name

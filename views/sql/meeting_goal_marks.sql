-- Goal headline marks for one area and gender. Parameters: 1 = area_id, 2 = gender.
SELECT g.goal_id AS item_id, g.name, g.kind AS goal_kind, g.number,
       s.mark, s.mark_label, s.n_green, s.n_yellow, s.n_red, s.n_grey, s.n_watch, s.n_total, s.decided_by, s.explanation
FROM goal g
LEFT JOIN goal_status s ON s.goal_id = g.goal_id AND s.area_id = ? AND s.gender = ?
ORDER BY g.sort_order;

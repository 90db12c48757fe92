-- Terminal roll-up (python -m etl status): the county's headline per goal, with the indicators that decided it.
-- Parameters: 1 gender ('T').  The county is the area of kind 'region'.
SELECT s.goal_id, g.kind, g.number, g.name, g.sort_order,
       s.mark, s.mark_label, s.n_green, s.n_neutral, s.n_yellow, s.n_red, s.n_grey, s.n_watch, s.n_total, s.decided_by
FROM goal_status s
JOIN goal g ON g.goal_id = s.goal_id
JOIN area a ON a.area_id = s.area_id AND a.kind = 'region'
WHERE s.gender = ?
ORDER BY g.sort_order;

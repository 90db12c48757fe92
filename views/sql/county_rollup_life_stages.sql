-- Terminal roll-up (python -m etl status): the county's headline per life stage.
-- Parameters: 1 gender ('T').  The county is the area of kind 'region'.
SELECT s.life_stage_id, l.name, l.sort_order,
       s.mark, s.mark_label, s.n_green, s.n_neutral, s.n_yellow, s.n_red, s.n_grey, s.n_watch, s.n_total, s.explanation
FROM life_stage_status s
JOIN life_stage l ON l.life_stage_id = s.life_stage_id
JOIN area a ON a.area_id = s.area_id AND a.kind = 'region'
WHERE s.gender = ?
ORDER BY l.sort_order;

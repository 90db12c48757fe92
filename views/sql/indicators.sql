-- The indicator list, in catalogue order, with its life stage.
SELECT i.indicator_id, i.short_name, i.series_id, i.life_stage_id, ls.name AS life_stage_name, i.unit, i.direction
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
ORDER BY ls.sort_order, i.sort_order

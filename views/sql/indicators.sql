-- The indicator list, in catalogue order, with its life stage and whether the municipalities are ranked on it (the
-- Indikator page opens on the first ranked one: its bar chart and map show).
SELECT i.indicator_id, i.short_name, i.series_id, i.life_stage_id, ls.name AS life_stage_name, i.unit, i.direction,
       coalesce((SELECT bool_or(s.rank_in_county IS NOT NULL) FROM status s
                 WHERE s.indicator_id = i.indicator_id), false) AS ranked
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
ORDER BY ls.sort_order, i.sort_order

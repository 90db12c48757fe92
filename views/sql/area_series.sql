-- Yearly values of every indicator (optionally of one life stage) for one area and gender. For the county the
-- method's county series (region value or weighted mean). Params: area_id, gender, county_area_id, life_stage_id|NULL.
SELECT i.indicator_id, o.year, o.value
FROM indicator i
JOIN observation o ON o.kpi_id = i.kpi_id
WHERE o.area_id = $1 AND o.gender = $2 AND $1 <> $3
  AND ($4::VARCHAR IS NULL OR i.life_stage_id = $4::VARCHAR)
UNION ALL
SELECT i.indicator_id, c.year, c.value
FROM indicator i
JOIN county_series c ON c.kpi_id = i.kpi_id
WHERE $1 = $3 AND c.gender = $2
  AND ($4::VARCHAR IS NULL OR i.life_stage_id = $4::VARCHAR)
ORDER BY 1, 2

-- THE series query: the yearly lines of the indicators for one area and gender, behind every trend chart, the
-- meeting screens and the sparklines. "The county replaces the area" is written here once: for the county
-- itself, its 'area' line is the county series (the region value or the weighted mean of the municipalities,
-- `source` says which) and there is no separate 'county' line.
-- Params: $1 area_id, $2 gender, $3 county area_id, $4 country area_id,
--         $5 indicator_id or NULL (every indicator), $6 life_stage_id or NULL (every life stage).
-- Rows: indicator_id, role ('area' | 'county' | 'riket'), year, value, source ('region' | 'weighted_mean' | NULL).
WITH ind AS (
    SELECT indicator_id, kpi_id
    FROM indicator
    WHERE ($5::VARCHAR IS NULL OR indicator_id = $5::VARCHAR)
      AND ($6::VARCHAR IS NULL OR life_stage_id = $6::VARCHAR)
)
SELECT ind.indicator_id, 'area' AS role, o.year, o.value, NULL::VARCHAR AS source
FROM ind JOIN observation o ON o.kpi_id = ind.kpi_id
WHERE o.area_id = $1 AND o.gender = $2 AND $1 <> $3
UNION ALL
SELECT ind.indicator_id, CASE WHEN $1 = $3 THEN 'area' ELSE 'county' END, c.year, c.value, c.source
FROM ind JOIN county_series c ON c.kpi_id = ind.kpi_id
WHERE c.gender = $2
UNION ALL
SELECT ind.indicator_id, 'riket', o.year, o.value, NULL
FROM ind JOIN observation o ON o.kpi_id = ind.kpi_id
WHERE o.area_id = $4 AND o.gender = $2
ORDER BY 1, 2, 3

-- Trend lines of one indicator: the chosen area, the county series, Riket.
-- Params: indicator_id, area_id, gender, county_area_id, country_area_id.
WITH ind AS (SELECT kpi_id FROM indicator WHERE indicator_id = $1)
SELECT 'area' AS role, o.year, o.value, NULL AS source
FROM observation o, ind
WHERE o.kpi_id = ind.kpi_id AND o.area_id = $2 AND o.gender = $3 AND $2 <> $4
UNION ALL
SELECT 'county' AS role, c.year, c.value, c.source
FROM county_series c, ind
WHERE c.kpi_id = ind.kpi_id AND c.gender = $3
UNION ALL
SELECT 'riket' AS role, o.year, o.value, NULL AS source
FROM observation o, ind
WHERE o.kpi_id = ind.kpi_id AND o.area_id = $5 AND o.gender = $3
ORDER BY 1, 2

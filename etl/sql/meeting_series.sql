-- Yearly series behind the meeting charts: the area, the county and Riket, for every indicator.
-- The county series is county_series (region value or the weighted mean of the 16, see `source`).
-- Parameters: 1 = area_id, 2 = gender, 3 = county area_id, 4 = gender, 5 = Riket area_id, 6 = gender.
SELECT i.indicator_id, o.year, o.value, 'area' AS role, 'kolada' AS source
FROM indicator i JOIN observation o ON o.kpi_id = i.kpi_id
WHERE o.area_id = ? AND o.gender = ?
UNION ALL
SELECT i.indicator_id, c.year, c.value, 'county', c.source
FROM indicator i JOIN county_series c ON c.kpi_id = i.kpi_id
WHERE ? IS NOT NULL AND c.gender = ?
UNION ALL
SELECT i.indicator_id, o.year, o.value, 'riket', 'kolada'
FROM indicator i JOIN observation o ON o.kpi_id = i.kpi_id
WHERE o.area_id = ? AND o.gender = ?
ORDER BY 1, 4, 2;

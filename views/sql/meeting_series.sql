-- Yearly series behind the meeting charts, for every indicator: the area ('area', from observation), the county
-- ('county', from county_series: the region value or the weighted mean of the 16, see `source`) and Riket.
-- Parameters: 1 = area_id, 2 = gender, 3 = gender, 4 = Riket area_id, 5 = gender.
SELECT i.indicator_id, o.year, o.value, 'area' AS role, 'kolada' AS source
FROM indicator i JOIN observation o ON o.kpi_id = i.kpi_id
WHERE o.area_id = ? AND o.gender = ?
UNION ALL
SELECT i.indicator_id, c.year, c.value, 'county', c.source
FROM indicator i JOIN county_series c ON c.kpi_id = i.kpi_id
WHERE c.gender = ?
UNION ALL
SELECT i.indicator_id, o.year, o.value, 'riket', 'kolada'
FROM indicator i JOIN observation o ON o.kpi_id = i.kpi_id
WHERE o.area_id = ? AND o.gender = ?
ORDER BY 1, 4, 2;

-- Years in which at least one of the county's municipalities has a value of the indicator (see
-- indicator_municipalities.sql for "the county's"). Params: indicator_id, gender.
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area')
SELECT DISTINCT o.year
FROM observation o
JOIN area a ON a.area_id = o.area_id AND a.kind = 'kommun'
CROSS JOIN county c
WHERE o.series_id = (SELECT series_id FROM indicator WHERE indicator_id = ?) AND o.gender = ? AND o.value IS NOT NULL
  AND (c.id IS NULL OR substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
ORDER BY o.year DESC

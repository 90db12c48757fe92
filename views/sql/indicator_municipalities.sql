-- The county's municipalities' values of one indicator in one year (NULL where missing). Params: indicator_id,
-- year, gender. The county's municipalities: ids starting with the county code of the `county_area` fact (every
-- municipality in a database built before the fact existed).
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area')
SELECT a.area_id, a.name, o.value
FROM area a
CROSS JOIN county c
LEFT JOIN observation o
       ON o.area_id = a.area_id AND o.year = $2 AND o.gender = $3
      AND o.series_id = (SELECT series_id FROM indicator WHERE indicator_id = $1)
WHERE a.kind = 'kommun' AND (c.id IS NULL OR substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
ORDER BY a.name

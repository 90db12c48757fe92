-- The municipalities' values of one indicator in one year (NULL where missing). Params: indicator_id, year, gender.
SELECT a.area_id, a.name, o.value
FROM area a
LEFT JOIN observation o
       ON o.area_id = a.area_id AND o.year = $2 AND o.gender = $3
      AND o.series_id = (SELECT series_id FROM indicator WHERE indicator_id = $1)
WHERE a.kind = 'kommun'
ORDER BY a.name

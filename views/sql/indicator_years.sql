-- Years in which at least one municipality has a value of the indicator. Params: indicator_id, gender.
SELECT DISTINCT o.year
FROM observation o
JOIN area a ON a.area_id = o.area_id AND a.kind = 'kommun'
WHERE o.series_id = (SELECT series_id FROM indicator WHERE indicator_id = ?) AND o.gender = ? AND o.value IS NOT NULL
ORDER BY o.year DESC

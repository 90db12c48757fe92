-- Observations for areas that are not in the area table.
SELECT DISTINCT o.area_id
FROM observation AS o
WHERE NOT EXISTS (SELECT 1 FROM area AS a WHERE a.area_id = o.area_id)
ORDER BY 1;

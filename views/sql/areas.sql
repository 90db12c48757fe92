-- Every area: the county first, then the municipalities by name, Riket last.
SELECT area_id, name, kind
FROM area
ORDER BY CASE kind WHEN 'region' THEN 0 WHEN 'kommun' THEN 1 ELSE 2 END, name

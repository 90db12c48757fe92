-- Observation keys that occur more than once (the primary key should make this empty).
SELECT series_id, area_id, year, gender, count(*) AS n
FROM observation
GROUP BY ALL
HAVING count(*) > 1
ORDER BY ALL
LIMIT 20;

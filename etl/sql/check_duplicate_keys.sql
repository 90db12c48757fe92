-- Observation keys that occur more than once (must be empty: the table has no PRIMARY KEY, this check is it).
SELECT series_id, area_id, year, gender, count(*) AS n
FROM observation
GROUP BY ALL
HAVING count(*) > 1
ORDER BY ALL
LIMIT 20;

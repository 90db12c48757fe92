-- Genders outside T/K/M.
SELECT series_id, area_id, year, gender
FROM observation
WHERE gender NOT IN ('T', 'K', 'M')
LIMIT 20;

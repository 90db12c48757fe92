-- The areas a meeting can be about: the county first, then its municipalities by name (see areas.sql). No
-- parameters.
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area')
SELECT a.area_id, a.name, a.kind
FROM area a, county c
WHERE a.kind IN ('region', 'kommun')
  AND (c.id IS NULL OR a.area_id = c.id OR (a.kind = 'kommun' AND substr(a.area_id, 1, 2) = substr(c.id, 3, 2)))
ORDER BY CASE a.kind WHEN 'region' THEN 0 ELSE 1 END, a.name;

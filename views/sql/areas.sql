-- The areas the dashboard offers: the county first, then its municipalities by name, Riket last. The county is
-- the build's `county_area` fact (indicators/areas.yaml); its municipalities are the ids starting with its county
-- code ('0017' → '17xx'). Other areas in the file are comparators only and are not listed. A database built
-- before the fact existed lists every area, as it always did.
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area')
SELECT a.area_id, a.name, a.kind
FROM area a, county c
WHERE c.id IS NULL OR a.kind = 'riket' OR a.area_id = c.id
   OR (a.kind = 'kommun' AND substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
ORDER BY CASE a.kind WHEN 'region' THEN 0 WHEN 'kommun' THEN 1 ELSE 2 END, a.name

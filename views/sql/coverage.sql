-- Latest year with a value, per indicator and area (totals), for the areas the dashboard lists (the county, its
-- municipalities, Riket: see areas.sql). NULL = no value at all. Reads the build's `series_latest` table (one row
-- per series and area; a database without it is of an older layout and is rebuilt).
WITH county AS (SELECT max(value) FILTER (WHERE key = 'county_area') AS id,
                       max(value) FILTER (WHERE key = 'county_label') AS label FROM dataset),  -- 'Hela Värmland'
shown AS (
    SELECT a.area_id, CASE WHEN a.area_id = c.id THEN coalesce(c.label, a.name) ELSE a.name END AS name, a.kind
    FROM area a, county c
    WHERE c.id IS NULL OR a.kind = 'riket' OR a.area_id = c.id
       OR (a.kind = 'kommun' AND substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
)
SELECT i.indicator_id, i.short_name, i.sort_order, ls.sort_order AS stage_order,
       s.area_id, s.name AS area_name, s.kind, l.latest_year
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
CROSS JOIN shown s
LEFT JOIN series_latest l ON l.series_id = i.series_id AND l.area_id = s.area_id
ORDER BY stage_order, i.sort_order, s.area_id

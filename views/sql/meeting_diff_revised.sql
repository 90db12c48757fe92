-- Nytt sedan förra mötet: values Kolada revised (same key, different value) or removed between two databases.
-- A key that only exists in `curr` is new data, not a revision, and is left out. No parameters.
SELECT coalesce(i.indicator_id, '') AS indicator_id,
       coalesce(i.short_name, k.title, p.series_id) AS short_name,
       i.unit,
       p.series_id, p.area_id, coalesce(CASE WHEN a.area_id = (SELECT max(value) FROM curr.dataset WHERE key = 'county_area') THEN (SELECT max(value) FROM curr.dataset WHERE key = 'county_label') END,  -- the county as on every page ('Hela Värmland')
                a.name, p.area_id) AS area_name, p.year, p.gender,
       p.value AS old_value, c.value AS new_value,
       CASE WHEN c.series_id IS NULL THEN 'removed' ELSE 'revised' END AS change
FROM prev.observation p
LEFT JOIN curr.observation c
       ON c.series_id = p.series_id AND c.area_id = p.area_id AND c.year = p.year AND c.gender = p.gender
LEFT JOIN curr.indicator i ON i.series_id = p.series_id
LEFT JOIN curr.series k ON k.series_id = p.series_id
LEFT JOIN curr.area a ON a.area_id = p.area_id
WHERE c.series_id IS NULL OR c.value IS DISTINCT FROM p.value
ORDER BY coalesce(i.sort_order, 1000000), p.series_id, p.area_id, p.year, p.gender;

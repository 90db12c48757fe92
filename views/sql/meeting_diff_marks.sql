-- Nytt sedan förra mötet: verdicts (status mark or its words) that changed per indicator × area × gender.
-- No parameters.
SELECT coalesce(c.indicator_id, p.indicator_id) AS indicator_id,
       coalesce(i.short_name, coalesce(c.indicator_id, p.indicator_id)) AS short_name,
       coalesce(c.area_id, p.area_id) AS area_id,
       coalesce(CASE WHEN a.area_id = (SELECT max(value) FROM curr.dataset WHERE key = 'county_area') THEN (SELECT max(value) FROM curr.dataset WHERE key = 'county_label') END,  -- the county as on every page ('Hela Värmland')
                a.name, coalesce(c.area_id, p.area_id)) AS area_name,
       coalesce(c.gender, p.gender) AS gender,
       p.mark AS old_mark, p.mark_label AS old_label, p.arrow AS old_arrow, p.latest_year AS old_year,
       c.mark AS new_mark, c.mark_label AS new_label, c.arrow AS new_arrow, c.latest_year AS new_year
FROM prev.status p
FULL JOIN curr.status c
       ON c.indicator_id = p.indicator_id AND c.area_id = p.area_id AND c.gender = p.gender
LEFT JOIN curr.indicator i ON i.indicator_id = coalesce(c.indicator_id, p.indicator_id)
LEFT JOIN curr.area a ON a.area_id = coalesce(c.area_id, p.area_id)
WHERE p.mark IS DISTINCT FROM c.mark OR p.mark_label IS DISTINCT FROM c.mark_label
ORDER BY coalesce(i.sort_order, 1000000), area_id, gender;

-- Latest year with a value, per indicator and area (totals). NULL = no value at all.
SELECT i.indicator_id, i.short_name, i.sort_order, ls.sort_order AS stage_order,
       a.area_id, a.name AS area_name, a.kind,
       max(o.year) FILTER (WHERE o.value IS NOT NULL) AS latest_year
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
CROSS JOIN area a
LEFT JOIN observation o ON o.series_id = i.series_id AND o.area_id = a.area_id AND o.gender = 'T'
GROUP BY ALL
ORDER BY stage_order, i.sort_order, a.area_id

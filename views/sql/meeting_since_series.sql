-- Nytt sedan ett datum: KPI metadata changes recorded by runs finished on or after the date.
-- Parameters: 1 = the date (TIMESTAMP).
SELECT kc.series_id, coalesce(i.short_name, k.title, kc.series_id) AS short_name, kc.field,
       kc.old_value, kc.new_value
FROM series_change kc
JOIN etl_run r ON r.run_id = kc.run_id
LEFT JOIN indicator i ON i.series_id = kc.series_id
LEFT JOIN series k ON k.series_id = kc.series_id
WHERE r.finished_at >= CAST(? AS TIMESTAMP)
ORDER BY coalesce(i.sort_order, 1000000), kc.series_id, r.finished_at, kc.field;

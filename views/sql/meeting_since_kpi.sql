-- Nytt sedan ett datum: KPI metadata changes recorded by runs finished on or after the date.
-- Parameters: 1 = the date (TIMESTAMP).
SELECT kc.kpi_id, coalesce(i.short_name, k.title, kc.kpi_id) AS short_name, kc.field,
       kc.old_value, kc.new_value
FROM kpi_change kc
JOIN etl_run r ON r.run_id = kc.run_id
LEFT JOIN indicator i ON i.kpi_id = kc.kpi_id
LEFT JOIN kpi k ON k.kpi_id = kc.kpi_id
WHERE r.finished_at >= CAST(? AS TIMESTAMP)
ORDER BY coalesce(i.sort_order, 1000000), kc.kpi_id, r.finished_at, kc.field;

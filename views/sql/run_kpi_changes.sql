-- Metadata changes a run brought. Params: run_id.
SELECT c.kpi_id, coalesce(i.short_name, c.kpi_id) AS name, c.field, c.old_value, c.new_value
FROM kpi_change c
LEFT JOIN indicator i ON i.kpi_id = c.kpi_id
WHERE c.run_id = ?
ORDER BY name, c.field

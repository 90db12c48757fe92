-- Metadata changes a run brought. Params: run_id.
SELECT c.series_id, coalesce(i.short_name, c.series_id) AS name, c.field, c.old_value, c.new_value
FROM series_change c
LEFT JOIN indicator i ON i.series_id = c.series_id
WHERE c.run_id = ?
ORDER BY name, c.field

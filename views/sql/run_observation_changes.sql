-- What one run changed, counted per KPI and kind of change. Params: run_id.
SELECT c.kpi_id, coalesce(i.short_name, k.title, c.kpi_id) AS name, c.change, count(*) AS n
FROM observation_change c
LEFT JOIN indicator i ON i.kpi_id = c.kpi_id
LEFT JOIN kpi k ON k.kpi_id = c.kpi_id
WHERE c.run_id = ?
GROUP BY ALL
ORDER BY name, c.change

-- What one run changed, counted per KPI and kind of change. Params: run_id.
SELECT c.series_id, coalesce(i.short_name, k.title, c.series_id) AS name, c.change, count(*) AS n
FROM observation_change c
LEFT JOIN indicator i ON i.series_id = c.series_id
LEFT JOIN series k ON k.series_id = c.series_id
WHERE c.run_id = ?
GROUP BY ALL
ORDER BY name, c.change

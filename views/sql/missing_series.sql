-- KPIs the catalogue asks for that the source did not serve.
SELECT m.series_id, coalesce(i.short_name, m.series_id) AS name, m.reason
FROM missing_series m
LEFT JOIN indicator i ON i.series_id = m.series_id
ORDER BY name

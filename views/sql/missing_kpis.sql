-- KPIs the catalogue asks for that the source did not serve.
SELECT m.kpi_id, coalesce(i.short_name, m.kpi_id) AS name, m.reason
FROM missing_kpi m
LEFT JOIN indicator i ON i.kpi_id = m.kpi_id
ORDER BY name

-- Catalogue KPIs with neither rows in observation nor an entry in missing_kpi.
SELECT i.kpi_id
FROM indicator AS i
WHERE NOT EXISTS (SELECT 1 FROM observation AS o WHERE o.kpi_id = i.kpi_id)
  AND NOT EXISTS (SELECT 1 FROM missing_kpi AS m WHERE m.kpi_id = i.kpi_id)
ORDER BY i.kpi_id;

-- Years with at least one indicator value, newest first.
SELECT DISTINCT o.year
FROM observation o
JOIN indicator i ON i.kpi_id = o.kpi_id
WHERE o.value IS NOT NULL
ORDER BY o.year DESC

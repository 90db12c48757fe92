-- Years with at least one indicator value, newest first.
SELECT DISTINCT o.year
FROM observation o
JOIN indicator i ON i.series_id = o.series_id
WHERE o.value IS NOT NULL
ORDER BY o.year DESC

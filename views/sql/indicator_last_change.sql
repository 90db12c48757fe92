-- The latest fetch run that brought new or revised values of the indicator's KPI. Params: indicator_id.
SELECT r.run_id, r.finished_at, count(*) AS n_changes
FROM observation_change c
JOIN etl_run r USING (run_id)
WHERE c.series_id = (SELECT series_id FROM indicator WHERE indicator_id = ?)
GROUP BY r.run_id, r.finished_at
ORDER BY r.finished_at DESC
LIMIT 1

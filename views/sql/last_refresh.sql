-- The latest successful fetch run (not the demo generator) recorded in this database.
SELECT run_id, started_at, finished_at, mode, outcome, message
FROM etl_run
WHERE mode IN ('full', 'incremental') AND outcome = 'ok'
ORDER BY started_at DESC NULLS LAST, run_id DESC
LIMIT 1

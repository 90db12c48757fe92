-- The runs behind this database, newest first.
SELECT run_id, started_at, finished_at, source, mode, from_date, requests, rows, outcome, message
FROM etl_run
ORDER BY started_at DESC NULLS LAST, run_id DESC
LIMIT 30

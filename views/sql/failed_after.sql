-- Fetch runs that failed after a given start time (the last successful refresh). Params: started_at.
SELECT run_id, started_at, message
FROM etl_run
WHERE outcome = 'failed' AND started_at > ?
ORDER BY started_at DESC

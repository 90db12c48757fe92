-- The runs behind this database, newest first (views/run_list.py adds the runs on disk and the attempts).
SELECT run_id, source_id, started_at, finished_at, source, mode, from_date, requests, rows, outcome, message
FROM etl_run
ORDER BY started_at DESC NULLS LAST, run_id DESC

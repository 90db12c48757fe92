-- The latest successful fetch run recorded in this database; failing that (demo data), the demo's change set:
-- a demo run that recorded changes, so the change log can be shown without any fetch.
SELECT run_id, started_at, finished_at, mode, outcome, message
FROM etl_run
WHERE outcome = 'ok'
  AND (mode IN ('full', 'incremental')
       OR (mode = 'demo' AND run_id IN (SELECT DISTINCT run_id FROM observation_change)))
ORDER BY mode = 'demo', started_at DESC NULLS LAST, run_id DESC
LIMIT 1

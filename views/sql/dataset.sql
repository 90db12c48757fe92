-- Key/value facts about the build (is_demo, built_at, run_id, source).
SELECT key, value FROM dataset ORDER BY key

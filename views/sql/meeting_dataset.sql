-- The dataset facts a meeting export prints: demo flag, build and fetch times, snapshot name. No parameters.
SELECT key, value FROM dataset;

-- Catalogue series whose next planned publication has passed since they were last fetched (the data may be
-- stale). Params: today (DATE).
SELECT DISTINCT s.series_id, s.title, s.publication_date, s.fetched_at
FROM indicator AS i
JOIN series AS s USING (series_id)
WHERE s.publication_date IS NOT NULL
  AND s.publication_date < ?
  AND (s.fetched_at IS NULL OR s.fetched_at < CAST(s.publication_date AS TIMESTAMP))
ORDER BY s.publication_date, s.series_id;

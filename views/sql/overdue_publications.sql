-- Catalogue KPIs whose next planned publication has passed since they were last fetched (the data may be stale).
-- Params: today (DATE).
SELECT DISTINCT k.kpi_id, k.title, k.publication_date, k.fetched_at
FROM indicator AS i
JOIN kpi AS k USING (kpi_id)
WHERE k.publication_date IS NOT NULL
  AND k.publication_date < ?
  AND (k.fetched_at IS NULL OR k.fetched_at < CAST(k.publication_date AS TIMESTAMP))
ORDER BY k.publication_date, k.kpi_id;

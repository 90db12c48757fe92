-- Series with their own source line (own figures carry the line of the file they came from), by source.
SELECT split_part(series_id, ':', 1) AS source_id, series_id, attribution
FROM series
WHERE attribution IS NOT NULL
ORDER BY source_id, attribution;

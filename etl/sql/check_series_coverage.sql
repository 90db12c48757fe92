-- Catalogue series with neither rows in observation nor an entry in missing_series.
SELECT i.series_id
FROM indicator AS i
WHERE NOT EXISTS (SELECT 1 FROM observation AS o WHERE o.series_id = i.series_id)
  AND NOT EXISTS (SELECT 1 FROM missing_series AS m WHERE m.series_id = i.series_id)
ORDER BY i.series_id;

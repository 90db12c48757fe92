-- The areas a meeting can be about: the county first, then the municipalities by name. No parameters.
SELECT area_id, name, kind FROM area WHERE kind IN ('region', 'kommun')
ORDER BY CASE kind WHEN 'region' THEN 0 ELSE 1 END, name;

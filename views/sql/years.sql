-- Years with at least one indicator value, newest first. Reads the build's `series_year` table (one row per
-- series, gender and year with a value), not every observation.
SELECT DISTINCT y.year
FROM series_year y
JOIN indicator i ON i.series_id = y.series_id
ORDER BY y.year DESC

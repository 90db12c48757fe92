-- Years in which at least one of the county's municipalities has a value of the indicator (see
-- indicator_municipalities.sql for "the county's"; the build counts them in `series_year`). Params: indicator_id,
-- gender.
SELECT y.year
FROM series_year y
JOIN indicator i ON i.series_id = y.series_id
WHERE i.indicator_id = ? AND y.gender = ? AND y.county_municipalities > 0
ORDER BY y.year DESC

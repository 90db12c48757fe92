-- Latest year of the county series per indicator, and whether it is the region's own figure.
SELECT i.indicator_id,
       max(c.year) FILTER (WHERE c.value IS NOT NULL) AS latest_year,
       arg_max(c.source, c.year) FILTER (WHERE c.value IS NOT NULL) AS source
FROM indicator i
LEFT JOIN county_series c ON c.series_id = i.series_id AND c.gender = 'T'
GROUP BY i.indicator_id

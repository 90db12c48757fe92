-- Nytt sedan ett datum: values revised or removed by runs finished on or after the date, from the change
-- records of the incremental refresh. A key changed twice shows the first old and the last new value.
-- Parameters: 1 = the date (TIMESTAMP).
WITH changed AS (
    SELECT oc.series_id, oc.area_id, oc.year, oc.gender,
           arg_min_null(oc.old_value, r.finished_at) AS old_value,
           arg_max_null(oc.new_value, r.finished_at) AS new_value,
           arg_max(oc.change, r.finished_at) AS last_change
    FROM observation_change oc JOIN etl_run r ON r.run_id = oc.run_id
    WHERE oc.change IN ('revised', 'deleted') AND r.finished_at >= CAST(? AS TIMESTAMP)
    GROUP BY oc.series_id, oc.area_id, oc.year, oc.gender
)
SELECT coalesce(i.indicator_id, '') AS indicator_id,
       coalesce(i.short_name, k.title, ch.series_id) AS short_name,
       i.unit,
       ch.series_id, ch.area_id, coalesce(CASE WHEN a.area_id = (SELECT max(value) FROM dataset WHERE key = 'county_area') THEN (SELECT max(value) FROM dataset WHERE key = 'county_label') END,  -- the county as on every page ('Hela Värmland')
                a.name, ch.area_id) AS area_name, ch.year, ch.gender,
       ch.old_value, ch.new_value,
       CASE WHEN ch.last_change = 'deleted' THEN 'removed' ELSE 'revised' END AS change
FROM changed ch
LEFT JOIN indicator i ON i.series_id = ch.series_id
LEFT JOIN series k ON k.series_id = ch.series_id
LEFT JOIN area a ON a.area_id = ch.area_id
ORDER BY coalesce(i.sort_order, 1000000), ch.series_id, ch.area_id, ch.year, ch.gender;

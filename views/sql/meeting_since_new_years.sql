-- Nytt sedan ett datum: indicators whose latest year with a value moved forward through runs finished on or
-- after the date. The "before" picture is today's data minus the values those runs added.
-- Parameters: 1 = the date (TIMESTAMP). Reads the main database only.
WITH recent_new AS (
    SELECT DISTINCT oc.series_id, oc.area_id, oc.year, oc.gender
    FROM observation_change oc JOIN etl_run r ON r.run_id = oc.run_id
    WHERE oc.change = 'new' AND r.finished_at >= CAST(? AS TIMESTAMP)
), prev_latest AS (  -- only the series those runs added to
    SELECT o.series_id, max(o.year) AS latest_year
    FROM observation o
    SEMI JOIN (SELECT DISTINCT series_id FROM recent_new) s ON s.series_id = o.series_id
    ANTI JOIN recent_new n
        ON n.series_id = o.series_id AND n.area_id = o.area_id AND n.year = o.year AND n.gender = o.gender
    WHERE o.value IS NOT NULL GROUP BY o.series_id
), curr_latest AS (  -- the build's `series_year`: years with a value, without reading every observation
    SELECT series_id, max(year) AS latest_year FROM series_year GROUP BY series_id
)
SELECT i.indicator_id, i.short_name, ls.name AS life_stage, i.series_id,
       p.latest_year AS old_year, c.latest_year AS new_year,
       (SELECT count(DISTINCT o.area_id) FROM observation o
         WHERE o.series_id = i.series_id AND o.year = c.latest_year AND o.value IS NOT NULL) AS areas_with_value
FROM indicator i
JOIN life_stage ls ON ls.life_stage_id = i.life_stage_id
JOIN curr_latest c ON c.series_id = i.series_id
LEFT JOIN prev_latest p ON p.series_id = i.series_id
WHERE c.latest_year > coalesce(p.latest_year, -1)
  AND EXISTS (SELECT 1 FROM recent_new n WHERE n.series_id = i.series_id)
ORDER BY ls.sort_order, i.sort_order;

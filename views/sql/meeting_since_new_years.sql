-- Nytt sedan ett datum: indicators whose latest year with a value moved forward through runs finished on or
-- after the date. The "before" picture is today's data minus the values those runs added.
-- Parameters: 1 = the date (TIMESTAMP). Reads the main database only.
WITH recent_new AS (
    SELECT DISTINCT oc.kpi_id, oc.area_id, oc.year, oc.gender
    FROM observation_change oc JOIN etl_run r ON r.run_id = oc.run_id
    WHERE oc.change = 'new' AND r.finished_at >= CAST(? AS TIMESTAMP)
), prev_latest AS (
    SELECT o.kpi_id, max(o.year) AS latest_year
    FROM observation o
    ANTI JOIN recent_new n
        ON n.kpi_id = o.kpi_id AND n.area_id = o.area_id AND n.year = o.year AND n.gender = o.gender
    WHERE o.value IS NOT NULL GROUP BY o.kpi_id
), curr_latest AS (
    SELECT kpi_id, max(year) AS latest_year FROM observation WHERE value IS NOT NULL GROUP BY kpi_id
)
SELECT i.indicator_id, i.short_name, ls.name AS life_stage, i.kpi_id,
       p.latest_year AS old_year, c.latest_year AS new_year,
       (SELECT count(DISTINCT o.area_id) FROM observation o
         WHERE o.kpi_id = i.kpi_id AND o.year = c.latest_year AND o.value IS NOT NULL) AS areas_with_value
FROM indicator i
JOIN life_stage ls ON ls.life_stage_id = i.life_stage_id
JOIN curr_latest c ON c.kpi_id = i.kpi_id
LEFT JOIN prev_latest p ON p.kpi_id = i.kpi_id
WHERE c.latest_year > coalesce(p.latest_year, -1)
  AND EXISTS (SELECT 1 FROM recent_new n WHERE n.kpi_id = i.kpi_id)
ORDER BY ls.sort_order, i.sort_order;

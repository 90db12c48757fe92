-- Nytt sedan förra mötet: indicators whose latest year with a value moved forward between two databases.
-- `prev` and `curr` are the two database files ATTACHed read-only. No parameters.
WITH prev_latest AS (
    SELECT series_id, max(year) AS latest_year
    FROM prev.observation WHERE value IS NOT NULL GROUP BY series_id
), curr_latest AS (
    SELECT series_id, max(year) AS latest_year
    FROM curr.observation WHERE value IS NOT NULL GROUP BY series_id
)
SELECT i.indicator_id, i.short_name, ls.name AS life_stage, i.series_id,
       p.latest_year AS old_year, c.latest_year AS new_year,
       (SELECT count(DISTINCT o.area_id) FROM curr.observation o
         WHERE o.series_id = i.series_id AND o.year = c.latest_year AND o.value IS NOT NULL) AS areas_with_value
FROM curr.indicator i
JOIN curr.life_stage ls ON ls.life_stage_id = i.life_stage_id
JOIN curr_latest c ON c.series_id = i.series_id
LEFT JOIN prev_latest p ON p.series_id = i.series_id
WHERE p.latest_year IS NULL OR c.latest_year > p.latest_year
ORDER BY ls.sort_order, i.sort_order;

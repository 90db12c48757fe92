-- The spine chart's rows (views/spine.py): every indicator's status for one area and gender, with the spread of
-- the county's municipalities in the area's latest year (min, quartiles, median, max, how many). Params: area_id,
-- gender. The municipalities: ids starting with the county code of the `county_area` fact (every municipality in a
-- database built before the fact existed). A county-grain series has no municipality values: its spread is NULL.
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area'),
munis AS (
    SELECT a.area_id FROM area a CROSS JOIN county c
    WHERE a.kind = 'kommun' AND (c.id IS NULL OR substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
),
own AS (
    SELECT i.indicator_id, i.series_id, i.life_stage_id, ls.sort_order AS stage_order, i.sort_order,
           i.short_name, i.unit, i.direction, i.role,
           s.latest_year, s.latest_value, s.ci_low, s.ci_high, s.county_value, s.riket_value,
           s.vs_riket, s.vs_riket_label, s.vs_county, s.vs_county_label, s.mark, s.mark_label, s.latest_period
    FROM indicator i
    JOIN life_stage ls USING (life_stage_id)
    LEFT JOIN status s ON s.indicator_id = i.indicator_id AND s.area_id = $1 AND s.gender = $2
),
spread AS (
    SELECT own.indicator_id, min(o.value) AS muni_min, quantile_cont(o.value, 0.25) AS muni_q1,
           median(o.value) AS muni_median, quantile_cont(o.value, 0.75) AS muni_q3, max(o.value) AS muni_max,
           count(o.value) AS muni_n
    FROM own
    JOIN observation o ON o.series_id = own.series_id AND o.year = own.latest_year AND o.gender = $2
    WHERE o.area_id IN (SELECT area_id FROM munis) AND o.value IS NOT NULL
    GROUP BY own.indicator_id
)
SELECT own.*, spread.muni_min, spread.muni_q1, spread.muni_median, spread.muni_q3, spread.muni_max,
       coalesce(spread.muni_n, 0) AS muni_n
FROM own LEFT JOIN spread USING (indicator_id)
ORDER BY own.stage_order, own.sort_order

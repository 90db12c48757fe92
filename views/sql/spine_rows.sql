-- The spine chart's rows (views/spine.py): every indicator's status for one area and gender, with the spread of
-- the county's municipalities in the area's latest year (min, quartiles, median, max, how many). Params: area_id,
-- gender. The municipalities: ids starting with the county code of the `county_area` fact (every municipality in a
-- database built before the fact existed). A county-grain series has no municipality values: its spread is NULL.
-- Also per row: the area's similar-municipality group median (peer_*; picked as views/sql/peer_context.sql does:
-- the area's latest year, else the group's latest year before it, else its latest; NULL for the county or without
-- a group) and the target the verdict was judged against (status.target_id; NULL: none).
WITH county AS (SELECT max(value) AS id FROM dataset WHERE key = 'county_area'),
munis AS (
    SELECT a.area_id FROM area a CROSS JOIN county c
    WHERE a.kind = 'kommun' AND (c.id IS NULL OR substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
),
own AS (
    SELECT i.indicator_id, i.series_id, i.life_stage_id, ls.sort_order AS stage_order, i.sort_order,
           i.short_name, i.unit, i.direction, i.role,
           s.latest_year, s.latest_value, s.ci_low, s.ci_high, s.county_value, s.riket_value,
           s.vs_riket, s.vs_riket_label, s.vs_county, s.vs_county_label, s.mark, s.mark_label, s.latest_period,
           s.target_id
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
),
peer AS (
    SELECT p.indicator_id, p.year AS peer_year, p.median AS peer_median, g.title AS peer_title,
           row_number() OVER (PARTITION BY p.indicator_id
                              ORDER BY (p.year <= coalesce(own.latest_year, p.year)) DESC, p.year DESC) AS pick
    FROM peer_value p
    JOIN peer_group g ON g.area_id = p.area_id
    LEFT JOIN own ON own.indicator_id = p.indicator_id
    WHERE p.area_id = $1 AND p.gender = $2
)
SELECT own.*, spread.muni_min, spread.muni_q1, spread.muni_median, spread.muni_q3, spread.muni_max,
       coalesce(spread.muni_n, 0) AS muni_n, peer.peer_year, peer.peer_median, peer.peer_title,
       t.level AS target_level, t.direction AS target_direction, t.due_year AS target_due_year,
       t.status AS target_status, t.area AS target_area, ta.name AS target_area_name, t.body AS target_body,
       t.decided_on AS target_decided_on, t.document AS target_document
FROM own
LEFT JOIN spread USING (indicator_id)
LEFT JOIN peer ON peer.indicator_id = own.indicator_id AND peer.pick = 1
LEFT JOIN target t ON t.target_id = own.target_id
LEFT JOIN area ta ON ta.area_id = t.area
ORDER BY own.stage_order, own.sort_order

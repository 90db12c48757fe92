-- Översyn av indikatorerna: one row per catalogue indicator with its coverage among the county's municipalities
-- (total gender), its latest year and how many municipality rows get a verdict. No params.
WITH county AS (SELECT value AS county_area FROM dataset WHERE key = 'county_area'),
munis AS (
    SELECT a.area_id FROM area a, county c
    WHERE a.kind = 'kommun' AND substr(a.area_id, 1, 2) = substr(c.county_area, 3, 2)
),
obs AS (
    SELECT o.series_id, o.year, o.value FROM observation o
    WHERE o.gender = 'T' AND o.area_id IN (SELECT area_id FROM munis)
),
cov AS (
    SELECT series_id, count(*) FILTER (WHERE value IS NOT NULL) AS cells_with_value,
           count(*) FILTER (WHERE value IS NULL) AS cells_masked,
           min(year) FILTER (WHERE value IS NOT NULL) AS first_year,
           max(year) FILTER (WHERE value IS NOT NULL) AS muni_latest_year
    FROM obs GROUP BY series_id
),
latest AS (
    SELECT series_id, max(year) AS latest_year FROM observation WHERE value IS NOT NULL GROUP BY series_id
),
verdicts AS (
    SELECT s.indicator_id, count(*) AS rows_total, count(*) FILTER (WHERE s.mark <> 'grey') AS rows_judged,
           count(*) FILTER (WHERE s.target_id IS NOT NULL) AS rows_target,
           count(*) FILTER (WHERE s.target_status = 'met') AS rows_met
    FROM status s WHERE s.gender = 'T' AND s.area_id IN (SELECT area_id FROM munis)
    GROUP BY s.indicator_id
)
SELECT i.indicator_id, i.short_name, i.series_id, ls.name AS life_stage, i.role, i.role_reason, i.unit,
       i.direction, split_part(i.series_id, ':', 1) AS source_id, k.title AS series_title,
       -- the demo's series name no source of the database: it then names the database's own (demodata)
       coalesce(src.title, (SELECT string_agg(title, ', ' ORDER BY title) FROM source)) AS source_title,
       (SELECT string_agg(g.name, '; ' ORDER BY g.sort_order) FROM indicator_goal ig JOIN goal g USING (goal_id)
         WHERE ig.indicator_id = i.indicator_id) AS goals,
       (SELECT string_agg(DISTINCT d.name, '; ') FROM indicator_goal ig JOIN goal_document gd USING (goal_id)
         JOIN document d USING (document_id) WHERE ig.indicator_id = i.indicator_id) AS documents,
       l.latest_year, c.muni_latest_year, c.first_year, c.cells_with_value, c.cells_masked,
       (SELECT count(*) FROM munis) AS municipalities,
       v.rows_total, v.rows_judged, v.rows_target, v.rows_met, k.municipality_type,
       CAST(substr(coalesce((SELECT value FROM dataset WHERE key = 'fetched_at'),
                            (SELECT value FROM dataset WHERE key = 'built_at')), 1, 4) AS INTEGER) AS data_year
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
LEFT JOIN series k ON k.series_id = i.series_id
LEFT JOIN source src ON src.source_id = split_part(i.series_id, ':', 1)
LEFT JOIN cov c ON c.series_id = i.series_id
LEFT JOIN latest l ON l.series_id = i.series_id
LEFT JOIN verdicts v ON v.indicator_id = i.indicator_id
ORDER BY i.sort_order

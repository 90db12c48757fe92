-- Översyn: each municipality's minimum detectable change (status, total gender) beside its population in the
-- latest year the population series has. Params: 1 = the population series id.
WITH county AS (SELECT value AS county_area FROM dataset WHERE key = 'county_area'),
pop AS (
    SELECT o.area_id, arg_max(o.value, o.year) AS inhabitants FROM observation o
    WHERE o.series_id = ? AND o.gender = 'T' AND o.value IS NOT NULL GROUP BY o.area_id
)
SELECT s.indicator_id, s.area_id, s.latest_value, s.detectable_change, p.inhabitants
FROM status s, county c
LEFT JOIN pop p ON p.area_id = s.area_id
WHERE s.gender = 'T' AND substr(s.area_id, 1, 2) = substr(c.county_area, 3, 2) AND s.area_id <> c.county_area
  AND s.latest_value IS NOT NULL

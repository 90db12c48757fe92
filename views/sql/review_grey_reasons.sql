-- Översyn: why municipality rows get no verdict (total gender): the grey rows' words per indicator. No params.
WITH county AS (SELECT value AS county_area FROM dataset WHERE key = 'county_area')
SELECT s.indicator_id, s.mark_label, count(*) AS n
FROM status s, county c
WHERE s.gender = 'T' AND s.mark = 'grey' AND substr(s.area_id, 1, 2) = substr(c.county_area, 3, 2)
  AND s.area_id <> c.county_area
GROUP BY s.indicator_id, s.mark_label
ORDER BY s.indicator_id, n DESC, s.mark_label

-- The computed status of one indicator for one area and gender. Params: indicator_id, area_id, gender.
-- latest_period: the source's label of the latest value's period ('2021-2024' for a pooled window), or NULL.
SELECT s.*,
       (SELECT o.period FROM observation o WHERE o.series_id = s.series_id AND o.area_id = s.area_id
         AND o.year = s.latest_year AND o.gender = s.gender) AS latest_period
FROM status s WHERE s.indicator_id = ? AND s.area_id = ? AND s.gender = ?

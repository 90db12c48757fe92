-- The computed status of one indicator for one area and gender. Params: indicator_id, area_id, gender.
-- status.latest_period: the source's label of the latest value's period ('2021-2024' for a pooled window), or NULL.
SELECT s.*
FROM status s WHERE s.indicator_id = ? AND s.area_id = ? AND s.gender = ?

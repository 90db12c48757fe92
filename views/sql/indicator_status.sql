-- The computed status of one indicator for one area and gender. Params: indicator_id, area_id, gender.
SELECT * FROM status WHERE indicator_id = ? AND area_id = ? AND gender = ?

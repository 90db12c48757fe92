-- Every observed year's 95 % interval of one indicator (table value_interval): the county's municipalities and the
-- county. Params: indicator_id, gender. Rows: area_id, year, value, ci_low, ci_high, uncertainty_source,
-- denominator, count.
SELECT area_id, year, value, ci_low, ci_high, uncertainty_source, denominator, count
FROM value_interval
WHERE indicator_id = ? AND gender = ?
ORDER BY area_id, year

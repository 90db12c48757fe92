-- Women and men, and the gap between them. Params: indicator_id, area_id.
SELECT year, value_k, value_m, gap_abs, gap_rel, gap_trend
FROM gender_gap
WHERE indicator_id = ? AND area_id = ?
ORDER BY year

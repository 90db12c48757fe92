-- Every indicator's status for one area and gender, grouped by life stage. Params: area_id, gender.
SELECT ls.life_stage_id, ls.name AS life_stage_name, ls.sort_order AS stage_order,
       i.indicator_id, i.short_name, i.unit, i.direction, i.read_with_care, i.role, i.sort_order, i.series_id,
       s.latest_year, s.latest_value, s.county_value, s.county_source, s.riket_value,
       s.trend, s.trend_slope, s.mark, s.mark_label, s.arrow, s.explanation,
       s.rank_in_county, s.rank_of, s.vs_riket, s.vs_riket_label, s.vs_county, s.vs_county_label, s.target_id,
       s.ci_low, s.ci_high, vi.count, vi.denominator  -- the latest value's 95 % interval and what is behind it
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
LEFT JOIN status s ON s.indicator_id = i.indicator_id AND s.area_id = ? AND s.gender = ?
LEFT JOIN value_interval vi ON vi.indicator_id = s.indicator_id AND vi.area_id = s.area_id AND vi.gender = s.gender
                           AND vi.year = s.latest_year
ORDER BY ls.sort_order, i.sort_order

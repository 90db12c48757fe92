-- One row per (goal, indicator) of a life stage, with the indicator's status. Params: area_id, gender, life_stage_id.
SELECT g.goal_id, g.name AS goal_name, g.sort_order AS goal_order,
       i.indicator_id, i.short_name, i.unit, i.direction, i.read_with_care, i.role, i.role_reason,
       i.sort_order, i.series_id,
       s.latest_year, s.latest_value, s.county_value, s.county_source, s.riket_value,
       s.rank_in_county, s.rank_of, s.rank_year, s.mark, s.mark_label, s.arrow, s.explanation,
       s.trend, s.target_status, s.vs_riket_label, s.vs_county_label, s.county_note, s.is_stale,
       s.latest_period,  -- '2021-2024' for a pooled window
       s.ci_low, s.ci_high, vi.count, vi.denominator, -- the latest value's 95 % interval and what is behind it
       s.vs_riket        -- 'not_compared' / 'not_comparable': no rank and (not comparable) no references beside it
FROM indicator i
JOIN indicator_goal ig USING (indicator_id)
JOIN goal g USING (goal_id)
LEFT JOIN status s ON s.indicator_id = i.indicator_id AND s.area_id = ? AND s.gender = ?
LEFT JOIN value_interval vi ON vi.indicator_id = s.indicator_id AND vi.area_id = s.area_id AND vi.gender = s.gender
                           AND vi.year = s.latest_year
WHERE i.life_stage_id = ?
ORDER BY g.sort_order, i.sort_order

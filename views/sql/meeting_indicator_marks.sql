-- Every indicator's status for one area and gender, with what a meeting screen shows about it.
-- Parameters: 1 = area_id, 2 = gender.
SELECT i.indicator_id, i.series_id, i.short_name, i.life_stage_id, i.unit, i.direction, i.read_with_care,
       i.role, coalesce(i.role_reason, '') AS role_reason,
       coalesce(i.comment, '') AS comment, i.sort_order,
       (SELECT list(ig.goal_id ORDER BY ig.goal_id) FROM indicator_goal ig
         WHERE ig.indicator_id = i.indicator_id) AS goals,
       s.latest_year, s.latest_value, s.county_value, s.county_source, s.riket_value, s.rank_in_county,
       s.rank_of, s.vs_county, s.vs_county_label, s.vs_riket, s.vs_riket_label, s.mark, s.mark_label, s.arrow, s.explanation,
       s.target_value, s.ci_low, s.ci_high, s.uncertainty_source, coalesce(s.target_status = 'county_only', false) AS county_only,
       s.latest_period,  -- '2021-2024' for a pooled window (filled at build time)
       s.target_id       -- the register's target the verdict was judged against (NULL: none)
FROM indicator i
LEFT JOIN status s ON s.indicator_id = i.indicator_id AND s.area_id = ? AND s.gender = ?
ORDER BY i.sort_order;

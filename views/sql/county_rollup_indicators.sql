-- Terminal roll-up (python -m etl status): the county's status per indicator, in catalogue order.
-- Parameters: 1 gender ('T').  The county is the area of kind 'region'.
SELECT i.life_stage_id, i.indicator_id, i.short_name, i.unit, i.sort_order,
       s.latest_year, s.latest_value, s.county_source, s.riket_value,
       s.mark, s.mark_label, s.arrow, s.trend, s.target_status
FROM status s
JOIN indicator i ON i.indicator_id = s.indicator_id
JOIN area a ON a.area_id = s.area_id AND a.kind = 'region'
WHERE s.gender = ?
ORDER BY i.sort_order;

-- "Målet nått – dags att höja ambitionen?": rows whose value met the target in force beyond its 95 % interval for
-- at least two consecutive years (status.target_met_years), total gender. No params.
SELECT s.indicator_id, i.short_name, i.unit, s.area_id, a.name AS area_name, s.latest_year, s.latest_value,
       s.ci_low, s.ci_high, s.target_met_years, s.target_id, t.level, t.due_year, t.status, t.body,
       t.decided_on, t.document, t.area AS target_area
FROM status s
JOIN indicator i USING (indicator_id)
JOIN target t ON t.target_id = s.target_id
LEFT JOIN area a ON a.area_id = s.area_id
WHERE s.gender = 'T' AND s.target_met_years >= 2
ORDER BY i.sort_order, s.area_id = (SELECT value FROM dataset WHERE key = 'county_area') DESC, a.name

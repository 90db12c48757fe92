-- The target register (history included) with each indicator's name and unit and the area's name.
-- No params. A municipality's own target names it in area_name; 'all' and 'county' have no area row.
SELECT t.target_id, t.indicator_id, t.area, a.name AS area_name, t.level, t.direction, t.due_year,
       t.baseline_year, t.status, t.body, t.decided_on, t.document, t.raises, t.raised_by, t.first_year, t.note,
       i.short_name, i.unit, i.direction AS indicator_direction, t.sort_order
FROM target t
JOIN indicator i USING (indicator_id)
LEFT JOIN area a ON a.area_id = t.area
ORDER BY i.sort_order, t.sort_order

-- Nytt sedan ett datum: target decisions (and proposals) dated on or after the date.
-- Parameters: 1 = the date (TIMESTAMP).
SELECT t.target_id, t.indicator_id, i.short_name, i.unit, t.area, a.name AS area_name, t.level, t.direction,
       t.due_year, t.status, t.body, t.decided_on, t.document, t.raises, t.raised_by, t.first_year,
       CAST(NULL AS TEXT) AS old_status
FROM target t
JOIN indicator i USING (indicator_id)
LEFT JOIN area a ON a.area_id = t.area
WHERE t.decided_on >= CAST(? AS DATE)
ORDER BY i.sort_order, t.sort_order

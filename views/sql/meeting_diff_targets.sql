-- Nytt sedan förra mötet: target decisions in today's register that the meeting's did not have (a new target, a
-- raise, a proposal now decided). `prev` and `curr` are the two database files ATTACHed read-only. No parameters.
SELECT t.target_id, t.indicator_id, i.short_name, i.unit, t.area, a.name AS area_name, t.level, t.direction,
       t.due_year, t.status, t.body, t.decided_on, t.document, t.raises, t.raised_by, t.first_year,
       p.status AS old_status
FROM curr.target t
JOIN curr.indicator i USING (indicator_id)
LEFT JOIN curr.area a ON a.area_id = t.area
LEFT JOIN prev.target p ON p.target_id = t.target_id
WHERE p.target_id IS NULL OR p.status <> t.status
ORDER BY i.sort_order, t.sort_order

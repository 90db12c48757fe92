-- The steering documents each goal serves (goals.yaml links), one row per goal. No params.
SELECT gd.goal_id, string_agg(d.name, ', ' ORDER BY d.name) AS documents
FROM goal_document gd JOIN document d USING (document_id)
GROUP BY gd.goal_id

-- One indicator with its Kolada metadata and life stage. Params: indicator_id.
SELECT i.indicator_id, i.kpi_id, i.short_name, i.direction, i.unit, i.read_with_care, i.role, i.role_reason,
       i.target_kind, i.target_value, i.target_year, i.target_baseline_year, i.target_reference,
       i.target_source, i.comment, i.life_stage_id, ls.name AS life_stage_name,
       k.title, k.description, k.is_divided_by_gender, k.municipality_type, k.operating_area,
       k.publication_date, k.prel_publication_date, k.publ_period, k.fetched_at
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
LEFT JOIN kpi k ON k.kpi_id = i.kpi_id
WHERE i.indicator_id = ?

-- One indicator with its source metadata, life stage and whether it is ranked. Params: indicator_id.
SELECT i.indicator_id, i.series_id, i.short_name, i.direction, i.unit, i.read_with_care, i.role, i.role_reason,
       i.comment, i.life_stage_id, ls.name AS life_stage_name,
       k.title, k.description, k.is_divided_by_gender, k.municipality_type, k.operating_area,
       k.publication_date, k.prel_publication_date, k.publ_period, k.fetched_at,
       -- ranked among the municipalities: the status computation ranks only where the catalogue allows it
       -- (rank: true) and the figures are comparable between areas
       coalesce((SELECT bool_or(s.rank_in_county IS NOT NULL) FROM status s
                 WHERE s.indicator_id = i.indicator_id), false) AS ranked,
       coalesce((SELECT bool_or(s.target_status = 'not_comparable') FROM status s
                 WHERE s.indicator_id = i.indicator_id), false) AS not_comparable
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
LEFT JOIN series k ON k.series_id = i.series_id
WHERE i.indicator_id = ?

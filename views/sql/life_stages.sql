SELECT life_stage_id, name, group_name, description, sort_order
FROM life_stage
ORDER BY sort_order

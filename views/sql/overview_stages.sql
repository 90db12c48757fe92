-- Life stages with their roll-up status. Params: area_id, gender.
SELECT ls.life_stage_id, ls.name, ls.description, ls.sort_order,
       s.mark, s.mark_label, s.n_green, s.n_neutral, s.n_yellow, s.n_red, s.n_grey, s.n_watch, s.n_total, s.headline_basis, s.decided_by, s.explanation
FROM life_stage ls
LEFT JOIN life_stage_status s
       ON s.life_stage_id = ls.life_stage_id AND s.area_id = ? AND s.gender = ?
ORDER BY ls.sort_order

-- Whether an indicator is ranked among the municipalities: the status computation gives a rank only where the
-- catalogue allows it (rank: true) and the figures are comparable between areas. Params: indicator_id.
SELECT coalesce(bool_or(rank_in_county IS NOT NULL), false) AS ranked,
       coalesce(bool_or(target_status = 'not_comparable'), false) AS not_comparable
FROM status
WHERE indicator_id = ?;

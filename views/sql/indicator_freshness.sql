-- Per indicator: latest year with a value (any area), when it was fetched, next planned publication.
SELECT
    i.indicator_id,
    i.series_id,
    i.short_name,
    ls.name AS life_stage,
    max(o.year) FILTER (WHERE o.value IS NOT NULL) AS latest_year,
    k.fetched_at,
    k.publication_date,
    k.prel_publication_date,
    m.reason AS missing_reason
FROM indicator AS i
JOIN life_stage AS ls USING (life_stage_id)
LEFT JOIN series AS k USING (series_id)
LEFT JOIN observation AS o USING (series_id)
LEFT JOIN missing_series AS m USING (series_id)
GROUP BY ALL
ORDER BY min(ls.sort_order), min(i.sort_order);

-- Per indicator: latest year with a value (any area), when it was fetched, next planned publication.
SELECT
    i.indicator_id,
    i.kpi_id,
    i.short_name,
    ls.name AS life_stage,
    max(o.year) FILTER (WHERE o.value IS NOT NULL) AS latest_year,
    k.fetched_at,
    k.publication_date,
    k.prel_publication_date,
    m.reason AS missing_reason
FROM indicator AS i
JOIN life_stage AS ls USING (life_stage_id)
LEFT JOIN kpi AS k USING (kpi_id)
LEFT JOIN observation AS o USING (kpi_id)
LEFT JOIN missing_kpi AS m USING (kpi_id)
GROUP BY ALL
ORDER BY min(ls.sort_order), min(i.sort_order);

-- Nytt sedan förra mötet: KPI metadata that changed (one row per KPI and field), plus KPIs added or removed.
-- No parameters.
WITH pairs AS (
    SELECT coalesce(c.series_id, p.series_id) AS series_id,
           coalesce(c.title, p.title) AS title,
           p.series_id IS NULL AS added, c.series_id IS NULL AS removed,
           [
             {'field': 'title', 'old': p.title, 'new': c.title},
             {'field': 'description', 'old': p.description, 'new': c.description},
             {'field': 'is_divided_by_gender', 'old': CAST(p.is_divided_by_gender AS VARCHAR),
              'new': CAST(c.is_divided_by_gender AS VARCHAR)},
             {'field': 'municipality_type', 'old': p.municipality_type, 'new': c.municipality_type},
             {'field': 'auspice', 'old': p.auspice, 'new': c.auspice},
             {'field': 'operating_area', 'old': p.operating_area, 'new': c.operating_area},
             {'field': 'perspective', 'old': p.perspective, 'new': c.perspective},
             {'field': 'publication_date', 'old': CAST(p.publication_date AS VARCHAR),
              'new': CAST(c.publication_date AS VARCHAR)},
             {'field': 'prel_publication_date', 'old': CAST(p.prel_publication_date AS VARCHAR),
              'new': CAST(c.prel_publication_date AS VARCHAR)},
             {'field': 'publ_period', 'old': p.publ_period, 'new': c.publ_period},
             {'field': 'has_ou_data', 'old': CAST(p.has_ou_data AS VARCHAR), 'new': CAST(c.has_ou_data AS VARCHAR)}
           ] AS fields
    FROM prev.series p
    FULL JOIN curr.series c ON c.series_id = p.series_id
), changes AS (
    SELECT series_id, title, '(added)' AS field, NULL AS old_value, NULL AS new_value FROM pairs WHERE added
    UNION ALL
    SELECT series_id, title, '(removed)', NULL, NULL FROM pairs WHERE removed
    UNION ALL
    SELECT series_id, title, f.field, f.old, f.new
    FROM (SELECT series_id, title, unnest(fields) AS f FROM pairs WHERE NOT added AND NOT removed)
    WHERE f.old IS DISTINCT FROM f.new
)
SELECT ch.series_id, coalesce(i.short_name, ch.title) AS short_name, ch.field,
       CAST(ch.old_value AS VARCHAR) AS old_value, CAST(ch.new_value AS VARCHAR) AS new_value
FROM changes ch
LEFT JOIN curr.indicator i ON i.series_id = ch.series_id
ORDER BY coalesce(i.sort_order, 1000000), ch.series_id, ch.field;

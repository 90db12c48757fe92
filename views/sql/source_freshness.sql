-- Each source of this database: who publishes it, its licence and attribution line, its last successful fetch,
-- and the next publication its series announce after the given day (Kolada's publication dates are the next
-- planned release; NULL where a source announces none). Parameter: today.
SELECT s.source_id, s.title, s.publisher, s.licence, s.attribution, s.url,
       (SELECT max(r.finished_at) FROM etl_run r
         WHERE r.source_id = s.source_id AND r.outcome = 'ok') AS last_ok,
       (SELECT min(k.publication_date) FROM series k JOIN etl_run r ON r.run_id = k.run_id
         WHERE r.source_id = s.source_id AND k.publication_date >= CAST(? AS DATE)) AS next_publication
FROM source s
ORDER BY s.source_id;

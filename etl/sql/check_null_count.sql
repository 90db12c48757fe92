-- How many stored values are NULL (compared with the source's count: a NULL must never become 0).
SELECT count(*) FILTER (WHERE value IS NULL) AS n_null, count(*) AS n_rows
FROM observation;

-- Översyn: the sources' lists of series (series_list, from full fetches) for the candidate measures. No params.
SELECT l.*, src.title AS source_title FROM series_list l LEFT JOIN source src USING (source_id) ORDER BY l.series_id

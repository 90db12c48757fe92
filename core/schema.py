"""The version of the database layout. Build writes it into `dataset` (key `schema_version`); the read side
(views/db.py) refuses a database of another version with a message that says how to rebuild it.

History: 1 (no key) = KPI tables, before sources were plug-ins; 2 = series tables keyed by `<source>:<id>`, the
`source` table, `catalogue_hash`; 3 = observations carry the published interval, respondents and period label
(`ci_low`, `ci_high`, `n`, `period`), `etl_run.source_id` names the run's source, `series.attribution` holds a
series' own source line (own figures) and the status method may say 'published' / 'county_only'; 4 = the
`series_year` read table, `status.latest_period`, `not_comparable` verdicts, no primary-key index on `observation`
(the key is checked before publishing); 5 = the fifth mark `neutral` ("I nivå med riket", headline "Inga tydliga
skillnader") in `status.mark` and every roll-up's `mark`, and the roll-ups' `n_neutral`.
"""

SCHEMA_VERSION = "5"

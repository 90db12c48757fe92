"""The version of the database layout. Build writes it into `dataset` (key `schema_version`); the read side
(views/db.py) refuses a database of another version with a message that says how to rebuild it.

History: 1 (no key) = KPI tables, before sources were plug-ins; 2 = series tables keyed by `<source>:<id>`, the
`source` table, `catalogue_hash`.
"""

SCHEMA_VERSION = "2"

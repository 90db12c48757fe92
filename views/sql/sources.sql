-- The sources of the figures in this database (etl/sql/schema.sql `source`), in a fixed order.
SELECT source_id, title, attribution
FROM source
ORDER BY source_id;

-- The Nya Perspektiv database. Built from scratch at a temporary path on every build, then renamed into place.
-- Names here are a contract: the dashboard, the exports and the tests rely on them.

-- Key/value facts about this build: is_demo ('true'/'false'), built_at, run_id, source (the last run's base URL,
-- or 'demo'), fetched_at, catalogue_hash (sha256 over goals.yaml, indicators.yaml, areas.yaml).
CREATE TABLE dataset (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The sources of the figures in this database (the demo has one row, 'demo', that names no real source).
-- "Källa: …" under figures is `attribution`; own calculations say "Egen bearbetning av data från <title>".
CREATE TABLE source (
    source_id   TEXT PRIMARY KEY,             -- the prefix of its series ids: 'kolada' in 'kolada:N01481'
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    licence     TEXT NOT NULL,
    attribution TEXT NOT NULL,                -- the exact line, e.g. 'Källa: Kolada'
    url         TEXT NOT NULL
);

CREATE TABLE area (
    area_id TEXT PRIMARY KEY,                 -- '0000' Riket, '0017' Region Värmland, '1715'..'1785'
    name    TEXT NOT NULL,                    -- from the first source that names it (demo: the catalogue's demo_name)
    kind    TEXT NOT NULL CHECK (kind IN ('kommun', 'region', 'riket'))
);

-- Metadata per series, as its source gives it (etl/frames.py SERIES_SCHEMA). The id names the source:
-- 'kolada:N01481'. Columns a source has no fact for are NULL.
CREATE TABLE series (
    series_id             TEXT PRIMARY KEY,
    title                 TEXT NOT NULL,
    description           TEXT,
    is_divided_by_gender  BOOLEAN,
    publication_date      DATE,               -- next planned publication
    prel_publication_date DATE,
    publ_period           TEXT,
    municipality_type     TEXT,               -- K kommun, L region, A both
    auspice               TEXT,
    operating_area        TEXT,
    perspective           TEXT,
    has_ou_data           BOOLEAN,
    fetched_at            TIMESTAMP,
    run_id                TEXT,
    attribution           TEXT                -- the series' own source line (own figures: the file's), else NULL
);

-- One long table of every value. NULL value = missing or masked at the source, never 0.
-- Key: (series_id, area_id, year, gender), one row each, in key order. The build checks the key before
-- publishing (etl/sql/check_duplicate_keys.sql) instead of declaring a PRIMARY KEY: DuckDB's index on it cost
-- most of the write time, 180 MB of memory and 95 % of the file at 312 areas × 200 KPIs, and no query uses it.
CREATE TABLE observation (
    series_id TEXT NOT NULL,                  -- '<source_id>:<id>'
    area_id TEXT NOT NULL,
    year    INTEGER NOT NULL,
    gender  TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value   DOUBLE,
    flag    TEXT,                             -- the source's own mark on the value (Kolada's "status"), or NULL
    count   INTEGER,
    run_id  TEXT NOT NULL,                    -- the fetch run that last set this value
    ci_low  DOUBLE,                           -- the interval the source publishes (FoHM survey tables), else NULL
    ci_high DOUBLE,
    n       INTEGER,                          -- respondents behind a survey share, else NULL
    period  TEXT                              -- as the source labels it: '2021-2024' for a pooled window
);

-- The catalogue (from indicators/*.yaml).
CREATE TABLE life_stage (
    life_stage_id TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    group_name    TEXT NOT NULL,
    description   TEXT,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE goal (
    goal_id    TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('shared', 'goal_area')),
    number     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE document (
    document_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    url         TEXT                          -- where the steering document is published
);

CREATE TABLE goal_document (
    goal_id     TEXT NOT NULL,
    document_id TEXT NOT NULL,
    PRIMARY KEY (goal_id, document_id)
);

CREATE TABLE indicator (
    indicator_id     TEXT PRIMARY KEY,
    series_id           TEXT NOT NULL,
    life_stage_id    TEXT NOT NULL,
    short_name       TEXT NOT NULL,
    direction        TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    unit             TEXT NOT NULL,
    read_with_care   BOOLEAN NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('outcome', 'watch')),  -- watch: followed, never coloured
    role_reason      TEXT,                    -- why a watch indicator is not judged (shown on the pages)
    comment          TEXT,
    sort_order       INTEGER NOT NULL
);

-- The target register (indicators/targets.yaml), history included: a raised target keeps its row.
CREATE TABLE target (
    target_id    TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL,
    area         TEXT NOT NULL,               -- 'all', 'county' or a municipality's area id
    level        DOUBLE,                      -- a level to reach ...
    direction    TEXT CHECK (direction IN ('increase', 'decrease')),  -- ... or a direction
    due_year     INTEGER NOT NULL,
    baseline_year INTEGER,
    status       TEXT NOT NULL CHECK (status IN ('beslutat', 'förslag')),
    body         TEXT,                        -- who decided
    decided_on   DATE,
    document     TEXT,
    raises       TEXT,                        -- the target_id this one raises
    raised_by    TEXT,                        -- the target_id that raises this one
    first_year   INTEGER,                     -- the first data year it applies to (NULL: every year)
    note         TEXT,
    sort_order   INTEGER NOT NULL
);

CREATE TABLE indicator_goal (
    indicator_id TEXT NOT NULL,
    goal_id      TEXT NOT NULL,
    PRIMARY KEY (indicator_id, goal_id)
);

-- The fetch runs whose raw snapshots this build replayed, plus the build itself.
CREATE TABLE etl_run (
    run_id      TEXT PRIMARY KEY,
    started_at  TIMESTAMP,
    finished_at TIMESTAMP,
    source      TEXT,                         -- base URL, or 'demo'
    source_id   TEXT,                         -- the source the run fetched (source.source_id), or 'demo'
    mode        TEXT NOT NULL CHECK (mode IN ('full', 'incremental', 'demo')),
    from_date   DATE,                         -- incremental runs: values changed since this date
    requests    INTEGER,
    rows        INTEGER,
    outcome     TEXT NOT NULL,                -- 'ok', 'failed' or 'excluded' (set aside: runs exclude)
    message     TEXT
);

-- What each incremental run changed, for "nytt sedan förra mötet".
CREATE TABLE observation_change (
    run_id    TEXT NOT NULL,
    series_id TEXT NOT NULL,
    area_id   TEXT NOT NULL,
    year      INTEGER NOT NULL,
    gender    TEXT NOT NULL,
    change    TEXT NOT NULL CHECK (change IN ('new', 'revised', 'deleted')),
    old_value DOUBLE,
    new_value DOUBLE
);

CREATE TABLE series_change (
    run_id    TEXT NOT NULL,
    series_id TEXT NOT NULL,
    field     TEXT NOT NULL,                  -- 'title', 'publication_date', ..., or '(removed)' / '(added)'
    old_value TEXT,
    new_value TEXT
);

-- Series the catalogue asks for that their source did not serve (no metadata or no rows).
CREATE TABLE missing_series (
    series_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);

-- Latest year with a value per series and area (totals, gender 'T'): derived from `observation` at build so the
-- coverage matrix (views/sql/coverage.sql) does not aggregate every observation on each page view.
CREATE TABLE series_latest (
    series_id   TEXT NOT NULL,
    area_id     TEXT NOT NULL,
    latest_year INTEGER NOT NULL
);

-- Per series, gender and year with at least one value: how many areas have a value and how many of them are the
-- county's municipalities. Derived from `observation` at build so the year lists (views/sql/years.sql,
-- indicator_years.sql) and "Nytt sedan" do not aggregate every observation on each page view.
CREATE TABLE series_year (
    series_id   TEXT NOT NULL,
    gender      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    areas       INTEGER NOT NULL,
    county_municipalities INTEGER NOT NULL,
    PRIMARY KEY (series_id, gender, year)
);

-- Similar municipalities (context, never a verdict): per county municipality the group of municipalities its
-- source found similar (Kolada: "Liknande kommuner, övergripande, <kommun>, <år>", the newest year), from the
-- newest full run that fetched groups; the demo's groups are invented and say so in their title.
CREATE TABLE peer_group (
    area_id   TEXT PRIMARY KEY,             -- the county municipality the group is for
    group_id  TEXT NOT NULL,
    title     TEXT NOT NULL,                -- as the source names it
    year      INTEGER,                      -- the year in the title
    source_id TEXT NOT NULL                 -- the source that served it ('demo' in the demo)
);

CREATE TABLE peer_member (
    group_id    TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    member_name TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
);

-- A source's whole list of series (Kolada's KPI list, fetched by full runs) for the yearly review's candidate
-- measures; coverage only for the candidates whose values the run fetched (etl/sources/kolada/review_list.py).
CREATE TABLE series_list (
    source_id   TEXT NOT NULL,
    series_id   TEXT PRIMARY KEY,
    title       TEXT,
    municipality_type TEXT,
    is_divided_by_gender BOOLEAN,
    operating_area TEXT,
    publ_period TEXT,
    has_ou_data BOOLEAN,
    latest_year INTEGER,                      -- latest year a county municipality has a total value (candidates)
    municipalities_with_value INTEGER,        -- how many of the county's municipalities have one that year
    municipalities INTEGER                    -- the county's municipalities
);

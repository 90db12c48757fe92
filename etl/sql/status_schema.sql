-- Computed status (issues 3 and 8). Filled during build by indicators/compute.py; the dashboard and exports only
-- read it (they never recompute a comparison: vs_riket / vs_county are the one verdict).
-- Areas: the 16 municipalities and the county ('0017', whose figure is the region value or, for KPIs with no
-- region value, the mean of the 16 weighted by the indicator's denominator: county_series.source says which).

-- The county series the method uses for '0017'. Years where too few municipalities had a value have no row.
CREATE TABLE county_series (
    series_id   TEXT NOT NULL,
    year     INTEGER NOT NULL,
    gender   TEXT NOT NULL,
    value    DOUBLE,
    source   TEXT NOT NULL CHECK (source IN ('region', 'weighted_mean')),   -- weighted_mean = egen bearbetning
    coverage DOUBLE,                            -- weighted_mean: share of the county's denominator with a value
    PRIMARY KEY (series_id, year, gender)
);

CREATE TABLE status (
    indicator_id   TEXT NOT NULL,
    series_id         TEXT NOT NULL,
    area_id        TEXT NOT NULL,
    gender         TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('outcome', 'watch')),  -- watch: no colour, not in roll-ups
    latest_year    INTEGER,                   -- NULL when the area has no value at all
    latest_value   DOUBLE,
    ci_low         DOUBLE,                    -- 95 % interval of latest_value (NULL: none could be formed)
    ci_high        DOUBLE,
    uncertainty_source TEXT NOT NULL CHECK (uncertainty_source IN ('published', 'kolada', 'wilson', 'byar', 'series', 'none')),
    county_value   DOUBLE,                    -- same year, county figure
    county_source  TEXT,                      -- 'region' | 'weighted_mean'
    county_note    TEXT,                      -- why there is no county figure that year (Swedish), else NULL
    riket_value    DOUBLE,                    -- same year, Riket
    vs_riket       TEXT CHECK (vs_riket IN ('better', 'same', 'worse', 'not_compared', 'not_comparable')),  -- NULL: no Riket value
    vs_riket_label TEXT,                      -- 'Bättre än riket', 'Ingen säkerställd skillnad mot riket', …
    vs_county      TEXT CHECK (vs_county IN ('better', 'same', 'worse', 'not_compared', 'not_comparable')), -- NULL for the county
    vs_county_label TEXT,
    trend          TEXT NOT NULL,             -- 'improving' | 'stable' | 'worsening' | 'short_series'
    trend_slope    DOUBLE,                    -- per year, in the indicator's unit, raw direction
    trend_points   INTEGER NOT NULL,          -- observed, non-overlapping years in the window
    trend_first_year INTEGER,                 -- first year of the window
    trend_band     DOUBLE,                    -- |change per year| at or below this is 'stable' (indicator's units)
    detectable_change DOUBLE,                 -- the smallest sustained change per year the trend catches 80 % of
                                              -- the time at this area's size and level (NULL: no uncertainty)
    target_status  TEXT NOT NULL,             -- 'met' | 'on_pace' | 'too_slow' | 'wrong_direction'
                                              -- | 'better' | 'same' | 'worse' | 'not_compared' | 'no_data'
                                              -- | 'county_only' (a municipality of a county-grain series)
                                              -- | 'not_comparable' (comparable: false: own trend only)
    target_value   DOUBLE,
    pace_ratio     DOUBLE,                    -- observed / needed compound annual growth since pace_base_year
    pace_base_year INTEGER,
    kpi_latest_year INTEGER,                  -- the latest year any area has a value for the KPI
    is_stale       BOOLEAN NOT NULL,          -- latest_year too old: grey 'Inaktuellt', out of the roll-ups
    rank_in_county INTEGER,                   -- 1 = best among the municipalities with a value in rank_year
    rank_of        INTEGER,                   -- the rank population: municipalities with a value in rank_year
    rank_year      INTEGER,                   -- = latest_year when ranked; NULL: no rank (see explanation)
    mark           TEXT NOT NULL CHECK (mark IN ('green', 'neutral', 'yellow', 'red', 'grey')),
                                              -- neutral: no clear difference ('I nivå med riket'); yellow: mixed;
                                              -- grey: cannot be judged, mark_label says why
    mark_label     TEXT NOT NULL,             -- the words, Swedish, e.g. 'På väg', 'Inaktuellt', 'Bevakas – ingen färg'
    arrow          TEXT NOT NULL,             -- '↑' improving, '→' stable, '↓' worsening, '–' short series
    explanation    TEXT NOT NULL,             -- one Swedish sentence
    latest_period  TEXT,                      -- the source's period label of the area's value in latest_year
                                              -- ('2021-2024' for a pooled window), else NULL
    PRIMARY KEY (indicator_id, area_id, gender)
);

-- Women vs men for gender-divided KPIs ("jämlik hälsa").
CREATE TABLE gender_gap (
    indicator_id TEXT NOT NULL,
    area_id      TEXT NOT NULL,
    year         INTEGER NOT NULL,
    value_k      DOUBLE,
    value_m      DOUBLE,
    gap_abs      DOUBLE,                      -- K - M
    gap_rel      DOUBLE,                      -- (K - M) / M
    gap_trend    TEXT NOT NULL,               -- 'narrowing' | 'stable' | 'widening' | 'short_series'
    PRIMARY KEY (indicator_id, area_id, year)
);

CREATE TABLE goal_status (
    goal_id     TEXT NOT NULL,
    area_id     TEXT NOT NULL,
    gender      TEXT NOT NULL,
    n_green     INTEGER NOT NULL,
    n_neutral   INTEGER NOT NULL,                 -- no clear difference
    n_yellow    INTEGER NOT NULL,
    n_red       INTEGER NOT NULL,
    n_grey      INTEGER NOT NULL,                 -- judged indicators without a usable value (or stale)
    n_watch     INTEGER NOT NULL,                 -- watch indicators (never change the headline)
    n_total     INTEGER NOT NULL,                 -- n_green + n_neutral + n_yellow + n_red + n_grey + n_watch
    n_judged    INTEGER NOT NULL,                 -- n_green + n_neutral + n_yellow + n_red
    headline_basis TEXT NOT NULL CHECK (headline_basis IN ('distribution', 'single', 'none')),
    mark        TEXT NOT NULL CHECK (mark IN ('green', 'neutral', 'yellow', 'red', 'grey')),
    mark_label  TEXT NOT NULL,
    decided_by  TEXT[] NOT NULL,              -- indicator ids that pull the headline down
    explanation TEXT NOT NULL,
    PRIMARY KEY (goal_id, area_id, gender)
);

CREATE TABLE life_stage_status (
    life_stage_id TEXT NOT NULL,
    area_id       TEXT NOT NULL,
    gender        TEXT NOT NULL,
    n_green       INTEGER NOT NULL,
    n_neutral     INTEGER NOT NULL,                 -- no clear difference
    n_yellow      INTEGER NOT NULL,
    n_red         INTEGER NOT NULL,
    n_grey        INTEGER NOT NULL,
    n_watch       INTEGER NOT NULL,
    n_total       INTEGER NOT NULL,
    n_judged      INTEGER NOT NULL,
    headline_basis TEXT NOT NULL CHECK (headline_basis IN ('distribution', 'single', 'none')),
    mark          TEXT NOT NULL CHECK (mark IN ('green', 'neutral', 'yellow', 'red', 'grey')),
    mark_label    TEXT NOT NULL,
    decided_by    TEXT[] NOT NULL,
    explanation   TEXT NOT NULL,
    PRIMARY KEY (life_stage_id, area_id, gender)
);

-- A goal within one life stage: the life stage's own indicators of that goal (what a life-stage column shows).
CREATE TABLE life_stage_goal_status (
    life_stage_id TEXT NOT NULL,
    goal_id       TEXT NOT NULL,
    area_id       TEXT NOT NULL,
    gender        TEXT NOT NULL,
    n_green       INTEGER NOT NULL,
    n_neutral     INTEGER NOT NULL,                 -- no clear difference
    n_yellow      INTEGER NOT NULL,
    n_red         INTEGER NOT NULL,
    n_grey        INTEGER NOT NULL,
    n_watch       INTEGER NOT NULL,
    n_total       INTEGER NOT NULL,
    n_judged      INTEGER NOT NULL,
    headline_basis TEXT NOT NULL CHECK (headline_basis IN ('distribution', 'single', 'none')),
    mark          TEXT NOT NULL CHECK (mark IN ('green', 'neutral', 'yellow', 'red', 'grey')),
    mark_label    TEXT NOT NULL,
    decided_by    TEXT[] NOT NULL,
    explanation   TEXT NOT NULL,
    PRIMARY KEY (life_stage_id, goal_id, area_id, gender)
);

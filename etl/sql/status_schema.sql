-- Computed status (issue 3). Filled during build by indicators/status.py; the dashboard and exports only read it.
-- Areas: the 16 municipalities and the county ('0017', whose figure is the region value or, for series with no
-- region value, the population-weighted mean of the 16: county_series.source says which).

-- The county series the method uses for '0017'.
CREATE TABLE county_series (
    series_id TEXT NOT NULL,
    year   INTEGER NOT NULL,
    gender TEXT NOT NULL,
    value  DOUBLE,
    source TEXT NOT NULL CHECK (source IN ('region', 'weighted_mean')),   -- weighted_mean = egen bearbetning
    PRIMARY KEY (series_id, year, gender)
);

CREATE TABLE status (
    indicator_id   TEXT NOT NULL,
    series_id         TEXT NOT NULL,
    area_id        TEXT NOT NULL,
    gender         TEXT NOT NULL,
    latest_year    INTEGER,                   -- NULL when the area has no value at all
    latest_value   DOUBLE,
    county_value   DOUBLE,                    -- same year, county figure
    county_source  TEXT,                      -- 'region' | 'weighted_mean'
    riket_value    DOUBLE,                    -- same year, Riket
    trend          TEXT NOT NULL,             -- 'improving' | 'stable' | 'worsening' | 'short_series'
    trend_slope    DOUBLE,                    -- per year, in the indicator's unit, raw direction
    trend_points   INTEGER NOT NULL,
    target_status  TEXT NOT NULL,             -- 'met' | 'on_pace' | 'too_slow' | 'wrong_direction'
                                              -- | 'better' | 'same' | 'worse' | 'no_data'
    target_value   DOUBLE,
    pace_ratio     DOUBLE,
    rank_in_county INTEGER,                   -- 1 = best of the 16 in the indicator's direction; NULL for county
    rank_of        INTEGER,                   -- how many municipalities had a value that year
    rank_year      INTEGER,
    mark           TEXT NOT NULL CHECK (mark IN ('green', 'yellow', 'red', 'grey')),
    mark_label     TEXT NOT NULL,             -- the words, Swedish, e.g. 'På väg', 'För långsamt', 'Fel riktning'
    arrow          TEXT NOT NULL,             -- '↑' improving, '→' stable, '↓' worsening, '–' short series
    explanation    TEXT NOT NULL,             -- one Swedish sentence
    PRIMARY KEY (indicator_id, area_id, gender)
);

-- Women vs men for gender-divided series ("jämlik hälsa").
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
    n_yellow    INTEGER NOT NULL,
    n_red       INTEGER NOT NULL,
    n_grey      INTEGER NOT NULL,
    n_total     INTEGER NOT NULL,
    mark        TEXT NOT NULL,
    mark_label  TEXT NOT NULL,
    decided_by  TEXT[] NOT NULL,              -- indicator ids that pulled the headline down
    explanation TEXT NOT NULL,
    PRIMARY KEY (goal_id, area_id, gender)
);

CREATE TABLE life_stage_status (
    life_stage_id TEXT NOT NULL,
    area_id       TEXT NOT NULL,
    gender        TEXT NOT NULL,
    n_green       INTEGER NOT NULL,
    n_yellow      INTEGER NOT NULL,
    n_red         INTEGER NOT NULL,
    n_grey        INTEGER NOT NULL,
    n_total       INTEGER NOT NULL,
    mark          TEXT NOT NULL,
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
    n_yellow      INTEGER NOT NULL,
    n_red         INTEGER NOT NULL,
    n_grey        INTEGER NOT NULL,
    n_total       INTEGER NOT NULL,
    mark          TEXT NOT NULL,
    mark_label    TEXT NOT NULL,
    decided_by    TEXT[] NOT NULL,
    explanation   TEXT NOT NULL,
    PRIMARY KEY (life_stage_id, goal_id, area_id, gender)
);

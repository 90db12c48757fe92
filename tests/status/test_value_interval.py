"""Every observed year has its 95 % interval in `value_interval`, chosen as the status row chose it: the latest
year's is the status row's ci_low/ci_high, and a share's or rate's row names the population behind it."""

from __future__ import annotations

import duckdb


def test_latest_year_interval_is_the_status_rows_and_every_year_has_one(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        mismatched = con.execute("""
            SELECT count(*) FROM status s JOIN value_interval v
              ON v.indicator_id = s.indicator_id AND v.area_id = s.area_id AND v.gender = s.gender
             AND v.year = s.latest_year
            WHERE s.ci_low IS NOT NULL AND s.latest_period IS NULL  -- a pooled row's interval is the window's
              AND (abs(v.ci_low - s.ci_low) > 1e-9 OR abs(v.ci_high - s.ci_high) > 1e-9
                                            OR v.uncertainty_source <> s.uncertainty_source)""").fetchone()[0]
        assert mismatched == 0
        outside = con.execute("""
            SELECT count(*) FROM (SELECT indicator_id, ci_low, ci_high FROM status
                                  UNION ALL SELECT indicator_id, ci_low, ci_high FROM value_interval) x
            JOIN indicator i USING (indicator_id)
            WHERE x.ci_low < 0 OR (i.unit = 'percent' AND x.ci_high > 100)""").fetchone()[0]
        assert outside == 0  # a share's interval inside 0–100, every other unit's at or above 0
        missing = con.execute("""
            SELECT count(*) FROM status s WHERE s.latest_year IS NOT NULL AND s.role = 'outcome' AND NOT EXISTS (
                SELECT 1 FROM value_interval v WHERE v.indicator_id = s.indicator_id AND v.area_id = s.area_id
                AND v.gender = s.gender AND v.year = s.latest_year)""").fetchone()[0]
        assert missing == 0
        years = con.execute("SELECT count(DISTINCT year) FROM value_interval WHERE area_id = '1762'").fetchone()[0]
        assert years > 5  # earlier years too, not only the latest
        wrong = con.execute("""SELECT count(*) FROM value_interval WHERE uncertainty_source IN ('wilson', 'byar')
                               AND (denominator IS NULL OR denominator <= 0 OR count IS NULL
                                    OR ci_low > value + 1e-9 OR ci_high < value - 1e-9)""").fetchone()[0]
        assert wrong == 0
    finally:
        con.close()

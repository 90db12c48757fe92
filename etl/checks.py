"""Checks run on a freshly built database before it is published. Any problem stops the publish."""

from __future__ import annotations

import duckdb

from etl.sqlfiles import read_sql


class BuildCheckError(RuntimeError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the new database failed its checks; the previous one is untouched:\n- "
                         + "\n- ".join(problems))


def find_problems(con: duckdb.DuckDBPyConnection, expected_nulls: int | None) -> list[str]:
    problems = []
    for series_id, area_id, year, gender, n in con.execute(read_sql("check_duplicate_keys")).fetchall():
        problems.append(f"observation key series {series_id}, area {area_id}, year {year}, gender {gender} "
                        f"occurs {n} times")
    for series_id, area_id, year, gender in con.execute(read_sql("check_genders")).fetchall():
        problems.append(f"series {series_id}, area {area_id}, year {year}: gender {gender!r} is not T, K or M")
    n_null, _ = con.execute(read_sql("check_null_count")).fetchall()[0]
    if expected_nulls is not None and n_null != expected_nulls:
        problems.append(f"{expected_nulls} values were null at the source but {n_null} are NULL in the "
                        "database (a missing value must stay NULL, never 0)")
    for (series_id,) in con.execute(read_sql("check_series_coverage")).fetchall():
        problems.append(f"catalogue series {series_id} has no rows and is not reported as missing")
    for (area_id,) in con.execute(read_sql("check_unknown_areas")).fetchall():
        problems.append(f"observations for area {area_id}, which is not in the area table")
    return problems


def run_checks(con: duckdb.DuckDBPyConnection, expected_nulls: int | None) -> None:
    problems = find_problems(con, expected_nulls)
    if problems:
        raise BuildCheckError(problems)

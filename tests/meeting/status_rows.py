"""The status table's indicators of a life stage (and goal) for an area: what a screen, slide or spine must show."""

from __future__ import annotations

from pathlib import Path

import duckdb


def status_rows(db: Path, area: str, stage: str, goal: str | None, role: str, column: str = "indicator_id"
                ) -> list[str]:
    """`column` ('indicator_id' or 'short_name') of the area's total-gender status rows with `role`, in the
    catalogue's order."""
    assert column in ("indicator_id", "short_name")
    sql = (f"SELECT {'i.short_name' if column == 'short_name' else 's.indicator_id'} FROM status s "
           "JOIN indicator i USING (indicator_id) WHERE s.area_id = ? AND s.gender = 'T' AND i.life_stage_id = ? "
           "AND s.role = ?")
    params = [area, stage, role]
    if goal:
        sql += " AND s.indicator_id IN (SELECT indicator_id FROM indicator_goal WHERE goal_id = ?)"
        params.append(goal)
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(sql + " ORDER BY i.sort_order", params).fetchall()]

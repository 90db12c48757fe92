"""Roll-up of the indicator marks to each goal and each life stage, per area and gender.

Counts per colour over every indicator of the group (an indicator without a status row counts as grey), and a
headline in the SDSN "two worst" manner: look at the `worst_n` worst non-grey marks; the headline is green
only if they are all green, red only if they are all red, otherwise yellow. So one red figure among many
cannot hide (the headline is at best yellow), yet a single outlier cannot make the whole goal red.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from indicators.catalogue import Catalogue
from indicators.explain import rollup_sentence
from indicators.method import Method

SEVERITY = {"red": 0, "yellow": 1, "green": 2}
COLOURS = ("green", "yellow", "red", "grey")


def rollup_schema(key: str) -> dict[str, pl.DataType]:
    return {
        key: pl.String(), "area_id": pl.String(), "gender": pl.String(),
        "n_green": pl.Int32(), "n_yellow": pl.Int32(), "n_red": pl.Int32(), "n_grey": pl.Int32(),
        "n_total": pl.Int32(), "mark": pl.String(), "mark_label": pl.String(),
        "decided_by": pl.List(pl.String()), "explanation": pl.String(),
    }


def headline(marks: Sequence[tuple[str, str]], worst_n: int) -> tuple[str, list[str]]:
    """(colour, decided_by) from (indicator_id, colour) pairs given in catalogue order.

    The `worst_n` worst non-grey marks decide (ties keep catalogue order); all grey gives grey.
    """
    judged = [(ident, colour) for ident, colour in marks if colour != "grey"]
    if not judged:
        return "grey", []
    worst = sorted(judged, key=lambda pair: SEVERITY[pair[1]])[:worst_n]
    colours = {colour for _, colour in worst}
    colour = colours.pop() if len(colours) == 1 else "yellow"
    return colour, [ident for ident, _ in worst]


def rollup_group(group_id: str, members: Sequence[str], marks: Mapping[str, str], area_name: str,
                 area_id: str, gender: str, short_names: Mapping[str, str], method: Method) -> dict:
    """One roll-up row for a goal or life stage with `members` (indicator ids, catalogue order)."""
    pairs = [(ident, marks.get(ident, "grey")) for ident in members]
    counts = {c: sum(1 for _, colour in pairs if colour == c) for c in COLOURS}
    colour, decided_by = headline(pairs, method.rollup.worst_n)
    explanation = rollup_sentence(
        method=method, area_name=area_name, gender=gender, counts=counts, n_total=len(members),
        decided_by=[(short_names[i], dict(pairs)[i]) for i in decided_by],
    )
    return {
        "id": group_id, "area_id": area_id, "gender": gender,
        "n_green": counts["green"], "n_yellow": counts["yellow"], "n_red": counts["red"],
        "n_grey": counts["grey"], "n_total": len(members), "mark": colour,
        "mark_label": getattr(method.labels.rollup, colour), "decided_by": decided_by,
        "explanation": explanation,
    }


def rollup(status: pl.DataFrame, groups: Mapping[str, Sequence[str]], key: str, catalogue: Catalogue,
           method: Method, area_names: Mapping[str, str]) -> pl.DataFrame:
    """Roll-up table (goal_status or life_stage_status, `key` names the id column).

    A (group, area, gender) row is produced when at least one of the group's indicators has a status row
    there.
    """
    short_names = {i.id: i.short_name for i in catalogue.indicators}
    marks: dict[tuple[str, str], dict[str, str]] = {}
    columns = status.select("indicator_id", "area_id", "gender", "mark")
    for ident, area_id, gender, colour in columns.iter_rows():
        marks.setdefault((area_id, gender), {})[ident] = colour
    rows = []
    for group_id, members in groups.items():
        if not members:
            continue
        for (area_id, gender), area_marks in sorted(marks.items()):
            if not any(m in area_marks for m in members):
                continue
            row = rollup_group(group_id, members, area_marks, area_names.get(area_id, area_id), area_id,
                               gender, short_names, method)
            row[key] = row.pop("id")
            rows.append(row)
    schema = rollup_schema(key)
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def goal_members(catalogue: Catalogue) -> dict[str, list[str]]:
    return {g.id: [i.id for i in catalogue.indicators if g.id in i.goals] for g in catalogue.goals}


def life_stage_members(catalogue: Catalogue) -> dict[str, list[str]]:
    return {s.id: [i.id for i in catalogue.indicators if i.life_stage == s.id] for s in catalogue.life_stages}


def life_stage_goal_members(catalogue: Catalogue) -> dict[str, list[str]]:
    """Goal within a life stage: `<life_stage_id>|<goal_id>` → that life stage's indicators of the goal."""
    members: dict[str, list[str]] = {}
    for stage in catalogue.life_stages:
        for goal in catalogue.goals:
            ids = [i.id for i in catalogue.indicators if i.life_stage == stage.id and goal.id in i.goals]
            if ids:
                members[f"{stage.id}|{goal.id}"] = ids
    return members


def build_rollups(status: pl.DataFrame, catalogue: Catalogue, method: Method,
                  area_names: Mapping[str, str]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(goal_status, life_stage_status, life_stage_goal_status)."""
    goals = rollup(status, goal_members(catalogue), "goal_id", catalogue, method, area_names)
    stages = rollup(status, life_stage_members(catalogue), "life_stage_id", catalogue, method, area_names)
    pairs = rollup(status, life_stage_goal_members(catalogue), "pair", catalogue, method, area_names)
    pairs = pairs.with_columns(
        pl.col("pair").str.split_exact("|", 1).struct.rename_fields(["life_stage_id", "goal_id"])
    ).unnest("pair")
    return goals, stages, pairs

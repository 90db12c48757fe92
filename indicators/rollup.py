"""Roll-up of the indicator marks to each goal and each life stage, per area and gender.

The distribution is the primary output: n green / neutral / yellow / red / grey over the group's judged (outcome)
indicators, and n watch for its watch indicators, which never change anything else. A pair marked `counts_with`
counts once (the indicator it counts with, when that one has a colour; else the other). The headline follows
the rule in docs/method.md: with fewer than `min_judged` coloured marks it is "avgörs av en indikator" with that
mark (or grey with none); otherwise, one rule for both colours: red when at least `min_marks` marks and at least
`colour_share` of the coloured marks are red and red outnumber green; green when the same holds for green; else
yellow ("Blandat") when the marks pull both ways (a yellow mark, or red and green marks), neutral ("Inga tydliga
skillnader") when they do not. `decided_by` names the weakest (red, then yellow) indicators that pull the headline down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from indicators.catalogue import Catalogue, Indicator
from indicators.explain import rollup_sentence
from indicators.method import Method, RollupConfig

SEVERITY = {"red": 0, "yellow": 1, "neutral": 2, "green": 3}
COLOURS = ("green", "neutral", "yellow", "red", "grey")
PULLING_DOWN = ("red", "yellow")  # the marks `decided_by` names: a neutral mark pulls nothing down


def rollup_schema(key: str) -> dict[str, pl.DataType]:
    return {
        key: pl.String(), "area_id": pl.String(), "gender": pl.String(),
        "n_green": pl.Int32(), "n_neutral": pl.Int32(), "n_yellow": pl.Int32(), "n_red": pl.Int32(),
        "n_grey": pl.Int32(),
        "n_watch": pl.Int32(), "n_total": pl.Int32(), "n_judged": pl.Int32(), "headline_basis": pl.String(),
        "mark": pl.String(), "mark_label": pl.String(),
        "decided_by": pl.List(pl.String()), "explanation": pl.String(),
    }


def counted_marks(members: Sequence[Indicator], marks: Mapping[str, str]) -> list[tuple[str, str]]:
    """(indicator_id, colour) for each counted outcome slot, in catalogue order; watch indicators left out.

    An indicator that `counts_with` another member shares that member's slot: the member's mark when it has a
    colour, else this indicator's.
    """
    ids = {m.id for m in members}
    partners = {m.counts_with: m.id for m in members if m.judged and m.counts_with in ids}
    slots: list[tuple[str, str]] = []
    for ind in members:
        if not ind.judged or ind.counts_with in ids:
            continue  # watch indicators are not counted; a partner is counted in its pair's slot
        ident, colour = ind.id, marks.get(ind.id, "grey")
        other = partners.get(ind.id)
        if colour == "grey" and other is not None and marks.get(other, "grey") != "grey":
            ident, colour = other, marks[other]
        slots.append((ident, colour))
    return slots


def headline(slots: Sequence[tuple[str, str]], cfg: RollupConfig) -> tuple[str, str, list[str]]:
    """(colour, basis, decided_by) from the counted (indicator_id, colour) slots in catalogue order.

    basis: 'none' (no coloured mark), 'single' (fewer than min_judged coloured marks) or 'distribution'.
    """
    judged = [(ident, colour) for ident, colour in slots if colour != "grey"]
    weakest = [ident for ident, colour in sorted(judged, key=lambda pair: SEVERITY[pair[1]])
               if colour in PULLING_DOWN][:cfg.worst_n]
    if not judged:
        return "grey", "none", []
    if len(judged) < cfg.min_judged:
        return judged[0][1], "single", [judged[0][0]]
    n = len(judged)
    n_red = sum(1 for _, c in judged if c == "red")
    n_green = sum(1 for _, c in judged if c == "green")
    for colour, count, other in (("red", n_red, n_green), ("green", n_green, n_red)):
        if count >= cfg.min_marks and round(count / n, 9) >= cfg.colour_share and count > other:
            return colour, "distribution", weakest
    n_yellow = sum(1 for _, c in judged if c == "yellow")
    mixed = n_yellow > 0 or (n_red > 0 and n_green > 0)
    return ("yellow" if mixed else "neutral"), "distribution", weakest


def rollup_group(group_id: str, members: Sequence[Indicator], marks: Mapping[str, str],
                 labels_by_id: Mapping[str, str], area_name: str, area_id: str, gender: str,
                 method: Method) -> dict:
    """One roll-up row for a goal or life stage with `members` (indicators, catalogue order)."""
    slots = counted_marks(members, marks)
    counts = dict.fromkeys(COLOURS, 0)
    for _, colour in slots:
        counts[colour] += 1
    n_watch = sum(1 for m in members if not m.judged)
    colour, basis, decided_by = headline(slots, method.rollup)
    short_names = {m.id: m.short_name for m in members}
    # The same headline words whatever the basis (a goal decided by one indicator says so in its explanation).
    label = getattr(method.labels.rollup, colour)
    slot_colour = dict(slots)
    explanation = rollup_sentence(
        method=method, area_name=area_name, gender=gender, counts=counts, n_watch=n_watch, basis=basis,
        decided_by=[(short_names[i], slot_colour[i]) for i in decided_by],
    )
    n_judged = counts["green"] + counts["neutral"] + counts["yellow"] + counts["red"]
    return {
        "id": group_id, "area_id": area_id, "gender": gender,
        "n_green": counts["green"], "n_neutral": counts["neutral"], "n_yellow": counts["yellow"],
        "n_red": counts["red"],
        "n_grey": counts["grey"], "n_watch": n_watch, "n_total": len(slots) + n_watch, "n_judged": n_judged,
        "headline_basis": basis, "mark": colour, "mark_label": label, "decided_by": decided_by,
        "explanation": explanation,
    }


def rollup(status: pl.DataFrame, groups: Mapping[str, Sequence[str]], key: str, catalogue: Catalogue,
           method: Method, area_names: Mapping[str, str]) -> pl.DataFrame:
    """Roll-up table (goal_status or life_stage_status, `key` names the id column).

    A (group, area, gender) row is produced when at least one of the group's indicators has a status row
    there. A municipality's row of a county-grain series (target_status 'county_only': the source has no
    municipality figure) is no member there: it is neither a colour nor "utan underlag" for that municipality.
    """
    by_id = {i.id: i for i in catalogue.indicators}
    marks: dict[tuple[str, str], dict[str, str]] = {}
    mark_labels: dict[tuple[str, str], dict[str, str]] = {}
    columns = status.select("indicator_id", "area_id", "gender", "mark", "mark_label")
    for ident, area_id, gender, colour, label in columns.iter_rows():
        marks.setdefault((area_id, gender), {})[ident] = colour
        mark_labels.setdefault((area_id, gender), {})[ident] = label
    county_only: set[tuple[str, str, str]] = set()
    if "target_status" in status.columns:
        county_only = {(a, g, i) for i, a, g in status.filter(pl.col("target_status") == "county_only")
                       .select("indicator_id", "area_id", "gender").iter_rows()}
    rows = []
    keys = sorted(marks)
    for group_id, member_ids in groups.items():
        if not member_ids:
            continue
        for area_id, gender in keys:
            area_marks = marks[(area_id, gender)]
            here = [m for m in member_ids if (area_id, gender, m) not in county_only]
            if not any(m in area_marks for m in here):
                continue
            members = [by_id[m] for m in here]
            row = rollup_group(group_id, members, area_marks, mark_labels[(area_id, gender)],
                               area_names.get(area_id, area_id), area_id, gender, method)
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


def red_shares(status: pl.DataFrame, rollups: Mapping[str, pl.DataFrame],
               colour: str = "red") -> dict[str, tuple[float, int]]:
    """The roll-up calibration figures: (share of `colour`, n) of the coloured outcome marks ('marks') and of the
    coloured headlines of each roll-up table (keyed as given, e.g. 'goal', 'life_stage'). Grey is left out
    everywhere."""
    def share(colours: pl.Series) -> tuple[float, int]:
        coloured = colours.filter(colours != "grey")
        n = coloured.len()
        return ((coloured == colour).sum() / n if n else float("nan")), n

    out = {"marks": share(status.filter(pl.col("role") == "outcome").get_column("mark"))}
    for name, frame in rollups.items():
        out[name] = share(frame.get_column("mark"))
    return out

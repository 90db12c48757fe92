"""The target register (indicators/targets.yaml): validated against the catalogue, and the target in force.

Every problem is reported as `<file>:<line>: targets[i] (id=…).<field>: <what>`, as the catalogue's are.
`target_in_force()` is the one seam the status method calls: for an indicator, an area and a data year it returns
the target the verdict is judged against, or None (then the method compares with Riket / the county).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from indicators.target_model import ALL_AREAS, COUNTY_AREA, TargetDecision, TargetsFile
from indicators.yaml_lines import line_for

TARGETS_FILE = "targets.yaml"


def area_ok(area: str, county_area: str, municipalities: Sequence[str]) -> bool:
    """`all`, `county` (or the county's own id) or one of the county's municipalities."""
    return area in (ALL_AREAS, COUNTY_AREA, county_area) or area in municipalities


def register_checks(file: Path, lines: dict, register: TargetsFile, indicator_ids: Sequence[str],
                    county_area: str, municipalities: Sequence[str]) -> list[str]:
    """Cross checks of a parsed register: known indicator and area, a decision for `beslutat`, raises that
    resolve to an earlier target of the same indicator, unique ids."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    by_id = {t.id: t for t in register.targets}
    for i, t in enumerate(register.targets):
        where = f"targets[{i}] (id={t.id})"

        def at(field: str, _i: int = i) -> str:
            return f"{file}:{line_for(lines, ('targets', _i, field))}"

        if t.id in seen:
            problems.append(f"{at('id')}: {where}.id: duplicate target id '{t.id}' (first at targets[{seen[t.id]}])")
        seen.setdefault(t.id, i)
        if t.indicator not in indicator_ids:
            problems.append(f"{at('indicator')}: {where}.indicator: unknown indicator '{t.indicator}' (not in "
                            "indicators.yaml)")
        if not area_ok(t.area, county_area, municipalities):
            problems.append(f"{at('area')}: {where}.area: unknown area '{t.area}' (give '{ALL_AREAS}', "
                            f"'{COUNTY_AREA}' or the id of one of the county's municipalities, e.g. "
                            f"'{municipalities[0] if municipalities else '1780'}')")
        if t.decided:
            missing = [f for f in ("body", "date", "document") if not getattr(t, f)]
            if missing:
                problems.append(f"{at('status')}: {where}.status: a decided target (status: beslutat) needs who "
                                f"decided, when and in which document: missing {', '.join(missing)}")
        if t.raises is not None:
            earlier = by_id.get(t.raises)
            if earlier is None or t.raises == t.id:
                problems.append(f"{at('raises')}: {where}.raises: '{t.raises}' is no other target in the register")
            elif earlier.indicator != t.indicator:
                problems.append(f"{at('raises')}: {where}.raises: '{t.raises}' is a target for "
                                f"'{earlier.indicator}', not '{t.indicator}'")
    return problems


def _specific(t: TargetDecision, area_id: str, county_area: str) -> int | None:
    """How specifically `t` names `area_id`: 1 its own target, 0 a target for all areas, None not for it."""
    if t.area == ALL_AREAS:
        return 0
    if t.area == area_id or (t.area == COUNTY_AREA and area_id == county_area):
        return 1
    return None


def targets_for(targets: Sequence[TargetDecision], indicator_id: str, area_id: str,
                county_area: str) -> list[TargetDecision]:
    """Every register entry for the indicator that concerns the area (history included): the area's own first,
    then by decision date, newest first."""
    own = [(s, t) for t in targets if t.indicator == indicator_id
           and (s := _specific(t, area_id, county_area)) is not None]
    own.sort(key=lambda st: (-st[0], -(st[1].date or dt.date.min).toordinal()))
    return [t for _, t in own]


def target_in_force(targets: Sequence[TargetDecision], indicator_id: str, area_id: str, year: int | None,
                    county_area: str) -> TargetDecision | None:
    """The target a verdict on the area's value of `year` is judged against.

    Among the register's entries for the indicator that apply to the area and to `year` (a target applies from
    the year of its decision on): a decided target before a proposal, the area's own target (a municipality's
    own level, the county's) before one for all areas, then the latest to apply (a raise replaces the target it
    raises from the year it applies; the older one stays in force for earlier years).
    """
    best: tuple | None = None
    chosen = None
    for n, t in enumerate(targets):
        if t.indicator != indicator_id:
            continue
        spec = _specific(t, area_id, county_area)
        if spec is None or (year is not None and not t.applies_in(year)):
            continue
        key = (t.decided, spec, t.first_year or 0, (t.date or dt.date.min).toordinal(), n)
        if best is None or key > best:
            best, chosen = key, t
    return chosen


def raised_by(targets: Sequence[TargetDecision]) -> dict[str, str]:
    """{earlier target id: id of the target that raises it}."""
    return {t.raises: t.id for t in targets if t.raises}

"""The target in force (indicators/targets.py): the one seam the status method asks for an indicator's target in an
area and a year; and the register's direction targets and 'met two years in a row' (indicators/status.py)."""

from __future__ import annotations

import datetime as dt

from status_helpers import make_indicator

from indicators.catalogue import ValueTarget
from indicators.status import assess_direction_target, met_years
from indicators.target_model import TargetDecision
from indicators.targets import target_in_force
from indicators.uncertainty import Uncertainty

COUNTY = "0017"


def target(ident: str, **kw: object) -> TargetDecision:
    data = {"id": ident, "indicator": "x", "area": "all", "level": 90, "due": 2030, "status": "beslutat",
            "body": "Politiska styrgruppen", "date": dt.date(2023, 3, 1), "document": "Dok", **kw}
    return TargetDecision.model_validate(data)


def in_force(targets, area: str = "1780", year: int = 2024) -> str | None:
    found = target_in_force(targets, "x", area, year, COUNTY)
    return None if found is None else found.id


def test_a_target_applies_from_the_year_of_its_decision_and_a_raise_from_its_year() -> None:
    old = target("old", level=85, date=dt.date(2020, 5, 1))
    raised = target("new", level=92, date=dt.date(2024, 5, 1), raises="old")
    assert in_force([old, raised], year=2019) is None  # before any decision: compared with Riket
    assert in_force([old, raised], year=2023) == "old"
    assert in_force([old, raised], year=2024) == "new"
    later = target("new", level=92, date=dt.date(2024, 5, 1), raises="old", applies_from=2026)
    assert in_force([old, later], year=2025) == "old"


def test_decided_before_proposal_and_own_area_before_all() -> None:
    proposal = TargetDecision.model_validate({"id": "p", "indicator": "x", "level": 95, "due": 2030,
                                              "status": "förslag"})
    decided = target("d")
    own = target("karlstad", area="1780", level=97)
    county = target("lan", area="county", level=93)
    assert in_force([proposal]) == "p"  # a proposal without a date applies to every year
    assert in_force([proposal, decided]) == "d"
    assert in_force([decided, own]) == "karlstad" and in_force([decided, own], area="1715") == "d"
    assert in_force([decided, county], area=COUNTY) == "lan" and in_force([decided, county]) == "d"
    assert target_in_force([decided], "other", "1780", 2024, COUNTY) is None


def test_a_direction_target_is_judged_on_the_trend() -> None:
    down = target("d", level=None, direction="decrease")
    assert assess_direction_target("improving", down, "lower_is_better").status == "on_pace"
    assert assess_direction_target("stable", down, "lower_is_better").status == "too_slow"
    assert assess_direction_target("worsening", down, "lower_is_better").status == "wrong_direction"
    assert assess_direction_target("short_series", down, "lower_is_better") is None


def test_met_beyond_the_interval_counts_consecutive_years_only(method) -> None:
    ind = make_indicator("x", "N00001")
    unc = Uncertainty("kolada", half_widths={y: 1.0 for y in range(2015, 2026)})
    goal = ValueTarget(value=95, by=2030)
    assert met_years([(2022, 97.0), (2023, 97.0), (2024, 97.0)], goal, ind, unc, method) == 3
    assert met_years([(2022, 97.0), (2023, 95.5), (2024, 97.0)], goal, ind, unc, method) == 1  # 95.5 ± 1 overlaps
    assert met_years([(2021, 97.0), (2023, 97.0)], goal, ind, unc, method) == 1  # a gap breaks the run

"""The real catalogue in indicators/ loads and has the shape the dashboard relies on."""

from __future__ import annotations

import pytest
from catalogue_copy import CatalogueCopy

from indicators.catalogue import CATALOGUE_DIR, KPI_ID, Catalogue, load_catalogue


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return load_catalogue(CATALOGUE_DIR)


def test_counts(real: Catalogue) -> None:
    assert len(real.indicators) == 46
    # eight from Folkhälsodata (county grain, published intervals), the rest from Kolada
    assert sum(i.series_id.startswith("fohm:") for i in real.indicators) == 8
    assert [s.id for s in real.life_stages] == ["barn", "unga", "vuxna", "aldre"]
    assert sorted(g.number for g in real.goals if g.kind == "shared") == list(range(1, 9))
    assert sorted(g.number for g in real.goals if g.kind == "goal_area") == list(range(1, 6))
    assert len(real.areas) == 18
    assert len(real.municipality_ids) == 16
    assert (real.county_area, real.country_area) == ("0017", "0000")


def test_kpi_ids_are_unique_and_well_formed(real: Catalogue) -> None:
    indicator_kpis = [i.kpi for i in real.indicators if i.kpi is not None]
    assert len(set(indicator_kpis)) == len(indicator_kpis)
    assert all(KPI_ID.match(k) for k in real.kpi_ids)
    # The fetch list: every indicator KPI, their Osäkerhetstal KPIs and the support KPIs, each once.
    uncertainty = [i.uncertainty_kpi for i in real.indicators if i.uncertainty_kpi]
    assert real.kpi_ids == list(dict.fromkeys(indicator_kpis + uncertainty + list(real.support_kpis.values())))
    assert {"U01508", "U01510", "U01511", "U01517", "U01519", "N01453", "N01461"} <= set(real.kpi_ids)


def test_every_indicator_is_reviewed(real: Catalogue) -> None:
    """Roles from the KOLADA.md review: detection-sensitive KPIs are watched, not judged; overlaps count once."""
    by_kpi = {i.kpi: i for i in real.indicators}
    assert {k for k, i in by_kpi.items() if i.role == "watch"} == {"N33820", "N07541", "N07549", "N18741", "N17625"}
    assert all(i.role_reason for i in real.indicators if i.role == "watch")
    assert not by_kpi["N15543"].rank
    assert (by_kpi["N20402"].years_averaged, by_kpi["N20434"].years_averaged, by_kpi["N60920"].years_averaged) \
        == (3, 3, 4)
    assert by_kpi["N20434"].counts_with == by_kpi["N20402"].id
    assert all(i.survey for i in real.indicators if i.uncertainty_kpi)
    assert all(i.denominator in real.support_kpis for i in real.indicators)


def test_every_goal_has_a_judged_indicator(real: Catalogue) -> None:
    assert real.goals_without_judged_indicator() == []


def test_every_life_stage_has_indicators(real: Catalogue) -> None:
    per_stage = {s.id: [i.id for i in real.indicators if i.life_stage == s.id] for s in real.life_stages}
    assert all(per_stage.values()), per_stage


@pytest.mark.parametrize("kind", ["shared", "goal_area"])
def test_every_goal_has_at_least_one_indicator(real: Catalogue, kind: str) -> None:
    without = [g.id for g in real.goals if g.kind == kind and not any(g.id in i.goals for i in real.indicators)]
    assert without == []


def test_the_register_holds_only_proposals_until_the_steering_group_decides(real: Catalogue) -> None:
    """The real register: the two inline targets moved from indicators.yaml, both still proposals; every other
    indicator has no target (judged against Riket)."""
    assert {(t.indicator, t.level, t.due, t.status) for t in real.targets} == {
        ("mpr_vaccination", 95.0, 2030, "förslag"), ("daglig_rokning", 5.0, 2030, "förslag")}
    assert all(real.target_in_force(i.id, "1780", 2024) is None for i in real.indicators
               if i.id not in ("mpr_vaccination", "daglig_rokning"))


def test_default_directory_can_be_overridden(monkeypatch: pytest.MonkeyPatch, cat: CatalogueCopy) -> None:
    """NP_CATALOGUE_DIR points load_catalogue() (and so `python -m etl`) at another copy."""
    cat.replace("indicators", "short_name: Fetma\n", "short_name: Fetma (kopia)\n", entry="fetma")
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(cat.dir))
    assert load_catalogue().indicator("fetma").short_name == "Fetma (kopia)"
    monkeypatch.delenv("NP_CATALOGUE_DIR")
    assert load_catalogue().indicator("fetma").short_name == "Fetma"

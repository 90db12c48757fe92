"""An indicator the catalogue marks as not comparable between areas (`comparable: false`, Kolada's word for e.g.
N15543) never gets a "bättre/sämre än riket (länet)" verdict, however far its value lies from the reference: the
status table says "Jämförs inte med …" and the colour comes from the indicator's own trend only."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from status_helpers import POPULATION_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.catalogue import Indicator, load_catalogue
from indicators.compute import compute_status_tables
from indicators.status import compare_with_reference
from indicators.uncertainty import Uncertainty

AREAS = ("1715", "1780", "1784", "0017")
YEARS = range(2016, 2025)


def tables_for(ind: Indicator, own: list[float], riket: float, county: float, method) -> dict:
    rows = []
    for area in AREAS[:3]:
        rows += [(ind.kpi, area, y, "T", v) for y, v in zip(YEARS, own, strict=True)]
        rows += [(POPULATION_KPI, area, y, "T", 90_000.0) for y in YEARS]
    rows += [(ind.kpi, "0017", y, "T", county) for y in YEARS]
    rows += [(ind.kpi, "0000", y, "T", riket) for y in YEARS]
    return compute_status_tables(observations(rows), kpi_frame({ind.kpi: False}), make_catalogue([ind]), method)


def not_comparable(**extra: object) -> Indicator:
    return make_indicator("betyg", "N00001", rank=False, comparable=False, **extra)


def test_far_below_riket_is_not_worse_than_riket(method) -> None:
    """40 % against Riket's 80 % at 90 000 inhabitants would be "Sämre än riket" for a comparable KPI."""
    comparable = tables_for(make_indicator("betyg", "N00001"), [40.0] * 9, 80.0, 80.0, method)["status"]
    comparable = comparable.filter(pl.col("area_id") != "0017")
    assert set(comparable["vs_riket"]) == {"worse"} and set(comparable["mark"]) == {"red"}
    status = tables_for(not_comparable(), [40.0] * 9, 80.0, 80.0, method)["status"]
    assert set(status["vs_riket"]) == {"not_comparable"}
    assert set(status["vs_riket_label"]) == {"Jämförs inte med riket"}
    assert set(status.filter(pl.col("area_id") != "0017")["vs_county"]) == {"not_comparable"}
    assert set(status["target_status"]) == {"not_comparable"}
    # flat: neutral on its own trend (no clear change), with words that say no comparison was made
    assert set(status["mark"]) == {"neutral"}
    assert set(status["mark_label"]) == {"Jämförs inte med andra kommuner – ungefär oförändrad"}
    for area, text in status.select("area_id", "explanation").iter_rows():
        assert "sämre än" not in text and "bättre än" not in text
        refs = "riket" if area == "0017" else "riket eller Hela Värmland"
        assert f"jämförs inte med {refs} (inte jämförbart mellan kommuner)" in text
    assert status["rank_in_county"].null_count() == status.height


def test_its_own_trend_colours_it(method) -> None:
    worsening = tables_for(not_comparable(), [90.0 - 6 * i for i in range(9)], 50.0, 50.0, method)["status"]
    improving = tables_for(not_comparable(), [40.0 + 6 * i for i in range(9)], 99.0, 99.0, method)["status"]
    kil = pl.col("area_id") == "1715"
    assert worsening.filter(kil).row(0, named=True)["mark_label"] == "Jämförs inte med andra kommuner – försämras"
    assert worsening.filter(kil)["mark"].item() == "red"    # far above Riket, yet red: it worsens
    assert improving.filter(kil)["mark"].item() == "green"  # far below Riket, yet green: it improves


def test_a_short_series_is_grey(method) -> None:
    ind = not_comparable()
    rows = [(ind.kpi, "1715", 2024, "T", 40.0), (ind.kpi, "0000", 2024, "T", 80.0),
            (POPULATION_KPI, "1715", 2024, "T", 90_000.0)]
    status = compute_status_tables(observations(rows), kpi_frame({ind.kpi: False}), make_catalogue([ind]),
                                   method)["status"].filter(pl.col("area_id") == "1715")
    assert (status["mark"].item(), status["mark_label"].item()) == ("grey", "Jämförs inte med andra kommuner")


def test_a_value_target_is_still_judged_on_its_own_pace(method) -> None:
    ind = not_comparable(target={"kind": "value", "value": 95, "by": 2030})
    status = tables_for(ind, [60.0 + 4 * i for i in range(9)], 99.0, 99.0, method)["status"]
    kil = status.filter(pl.col("area_id") == "1715").row(0, named=True)
    assert kil["vs_riket"] == "not_comparable" and kil["target_status"] in ("met", "on_pace")


@settings(max_examples=60, deadline=None)
@given(value=st.floats(0, 100), reference=st.floats(0, 100), direction=st.sampled_from(
    ["higher_is_better", "lower_is_better"]), n=st.integers(10, 10**6))
def test_never_better_or_worse(value: float, reference: float, direction: str, n: int) -> None:
    unc = Uncertainty("wilson", population={2024: float(n)})
    assert compare_with_reference(value, 2024, reference, direction, "percent", unc, 1.96,
                                  comparable=False) == "not_comparable"


def test_the_catalogue_marks_n15543_not_comparable() -> None:
    by_kpi = {i.kpi: i for i in load_catalogue().indicators}
    assert not by_kpi["N15543"].comparable and not by_kpi["N15543"].rank


def test_comparable_false_needs_rank_false(tmp_path) -> None:
    from pathlib import Path

    from indicators.yaml_lines import CatalogueError
    src = Path("indicators")
    for name in ("goals.yaml", "areas.yaml"):
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (src / "indicators.yaml").read_text(encoding="utf-8")
    broken = text.replace("    rank: false\n    comparable: false\n", "    comparable: false\n", 1)
    assert broken != text
    (tmp_path / "indicators.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"indicators\.yaml:\d+: .*id=betyg_alla_amnen_ak6.*rank: false"):
        load_catalogue(tmp_path)

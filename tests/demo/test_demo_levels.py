"""levels.yaml: an entry for every KPI the catalogue can ask for, metadata as Kolada's, clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from etl.demo import demo_kpi_ids
from etl.demo.levels import LEVELS_PATH, DemoLevelsError, load_levels

REFERENCE = Path("/work/shared/reference/kolada/kpi.catalogue.compact.derived.json")
# The support and uncertainty KPIs the method uses (areas.yaml support_kpis and indicators' uncertainty_kpi).
METHOD_KPIS = ["N01951", "N01919", "N01952", "N01953", "N01954", "N01955", "N01938", "N01957", "N01713", "N02104",
               "U01508", "U01510", "U01511", "U01517", "U01519", "N01453", "N01461"]


def test_every_catalogue_kpi_has_a_demo_level(catalogue):
    levels = load_levels()
    missing = [k for k in [*demo_kpi_ids(catalogue), *METHOD_KPIS] if k not in levels.kpis]
    assert missing == [], f"add entries to {LEVELS_PATH} for {missing}"
    assert all(len(e.note) >= 10 for e in levels.kpis.values())


def test_a_missing_entry_is_named(catalogue):
    levels = load_levels()
    with pytest.raises(DemoLevelsError, match=r"levels\.yaml: kpis: no demo level for KPI N99999"):
        levels.entry("N99999")


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference not on this machine")
def test_type_gender_split_and_title_are_kolada_s():
    compact = json.loads(REFERENCE.read_text(encoding="utf-8"))
    real = {r[0]: dict(zip(compact["columns"], r, strict=True)) for r in compact["rows"]}
    for series_id, entry in load_levels().kpis.items():
        if ":" in series_id:
            continue  # another source's series (keyed by full id): not in Kolada's catalogue
        assert entry.type == real[series_id]["municipality_type"], series_id
        assert entry.by_gender == real[series_id]["is_divided_by_gender"], series_id
        assert re.sub(r"\s+", " ", entry.title) == re.sub(r"\s+", " ", real[series_id]["title"]), series_id


def test_shares_are_sized_as_shares():
    for series_id, entry in load_levels().kpis.items():
        if entry.unit == "percent" and entry.level is not None:
            centre = entry.level + entry.varmland
            assert centre - 2 * entry.spread > 0 and centre + 2 * entry.spread < 100, series_id


def test_a_bad_entry_names_file_line_and_field(tmp_path):
    text = LEVELS_PATH.read_text(encoding="utf-8").replace("    level: 97.0\n", "    level: 197.0\n", 1)
    bad = tmp_path / "levels.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DemoLevelsError) as exc:
        load_levels(bad)
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if t.startswith("  N01481:"))
    assert f"{bad}:{line}: kpis.N01481" in str(exc.value) and "between 0 and 100" in str(exc.value)


def test_levels_agree_with_the_catalogue_s_method_fields(catalogue):
    """Where the catalogue says how a KPI is measured (fields the method may add), the demo sizes it the same way."""
    levels = load_levels()
    for ind in catalogue.indicators:
        entry = levels.kpis[ind.kpi or ind.series_id]
        assert entry.unit == ind.unit, ind.id
        averaged = getattr(ind, "years_averaged", None)
        if averaged:
            assert entry.years_averaged == averaged, ind.id
        if getattr(ind, "survey", False):
            assert entry.sample < 1, ind.id
        uncertainty = getattr(ind, "uncertainty_kpi", None)
        if uncertainty:
            assert levels.kpis[uncertainty].uncertainty_of == ind.kpi, ind.id
        if not ind.rank and ind.kpi is None:  # a county-grain series of another source
            assert entry.type == "L" and entry.published_interval, ind.id
        denominator = getattr(ind, "denominator", None)
        if denominator:
            assert catalogue.support_kpis[denominator] in levels.kpis, ind.id

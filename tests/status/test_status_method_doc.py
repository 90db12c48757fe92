"""method.yaml loads strictly, and docs/method.md quotes exactly its numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicators.method import (
    DOC_PATH,
    METHOD_PATH,
    TEMPLATE_PATH,
    MethodError,
    load_method,
    numeric_fields,
    render_method_doc,
    template_placeholders,
)


def test_doc_is_the_template_filled_from_method_yaml(method) -> None:
    expected = render_method_doc(method)
    assert DOC_PATH.read_text(encoding="utf-8") == expected, (
        "docs/method.md is out of date: run `.venv/bin/python -m indicators.method`"
    )


def test_every_threshold_is_quoted_in_the_doc(method) -> None:
    quoted = {field for field, _ in template_placeholders(TEMPLATE_PATH.read_text(encoding="utf-8"))}
    missing = [f for f in numeric_fields(method) if f not in quoted]
    assert not missing, f"thresholds in method.yaml not stated in docs/method.md: {missing}"


def test_doc_states_the_numbers_in_swedish(method) -> None:
    doc = DOC_PATH.read_text(encoding="utf-8")
    assert method.target.on_pace_ratio == 0.95 and "minst 0,95 × takten som behövs" in doc
    assert method.uncertainty.z == 1.96 and "z = 1,96" in doc
    assert method.trend.min_change_points_per_year == 0.3 and "0,3 procentenheter per år" in doc
    assert method.trend.min_change_relative_per_year == 0.01 and "1 % av nivån per år" in doc
    assert "de 9 kalenderåren" in doc and "Färre än 3 år" in doc
    assert method.target.base_year == 2015 and "**Basår**: 2015" in doc
    assert method.staleness.max_age_years == 2 and "mer än 2 år äldre" in doc
    assert method.county.min_coverage == 0.8 and "minst 80 % av länets" in doc
    assert "ingen säkerställd skillnad" in doc and "Bevakas – tolkas med försiktighet" in doc
    assert "{{" not in doc and not re.search(r"\d\.\d", doc)  # decimal commas only


def test_a_changed_threshold_changes_the_doc(tmp_path: Path) -> None:
    text = METHOD_PATH.read_text(encoding="utf-8").replace("on_pace_ratio: 0.95", "on_pace_ratio: 0.9")
    changed = tmp_path / "method.yaml"
    changed.write_text(text, encoding="utf-8")
    doc = render_method_doc(load_method(changed))
    assert "minst 0,9 × takten som behövs" in doc and "0,95" not in doc


def test_unknown_field_is_reported_with_file_and_line(tmp_path: Path) -> None:
    text = METHOD_PATH.read_text(encoding="utf-8").replace("  min_years: 3 ", "  min_year: 3 ", 1)
    bad = tmp_path / "method.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("  min_year: 3"))
    with pytest.raises(MethodError) as err:
        load_method(bad)
    assert f"{bad}:{line}: trend.min_year: unknown field 'min_year'" in err.value.problems
    assert any("trend.min_years: required field 'min_years' is missing" in p for p in err.value.problems)


def test_out_of_range_threshold_is_reported(tmp_path: Path) -> None:
    text = METHOD_PATH.read_text(encoding="utf-8").replace("on_pace_ratio: 0.95", "on_pace_ratio: 1.5")
    bad = tmp_path / "method.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(MethodError, match=r"method\.yaml:\d+: target\.on_pace_ratio: .*less than or equal to 1"):
        load_method(bad)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(MethodError, match="nope.yaml:1: file not found"):
        load_method(tmp_path / "nope.yaml")


# --- the doc's own figures (issue 19): every number the page states outside method.yaml is recomputed here ------

def test_the_sawtooth_figures_of_the_earlier_roll_up_rule(method) -> None:
    from indicators.rollup import flat_world_chance

    def earlier(n: int, red: int, green: int) -> bool:
        return red >= 2 and red / n >= 0.25 and red > green

    doc = DOC_PATH.read_text(encoding="utf-8")
    eight, nine = (f"{flat_world_chance(n, method.rollup, earlier) * 100:.1f}".replace(".", ",") for n in (8, 9))
    assert f"{eight} % av fallen vid 8 och {nine} % vid 9" in doc
    assert all(flat_world_chance(n, method.rollup) <= method.rollup.headline_alpha for n in range(2, 25))


def test_the_overlap_test_size_stated_for_equal_intervals() -> None:
    from statistics import NormalDist

    size = 2 * (1 - NormalDist().cdf(1.96 * 2 ** 0.5))  # non-overlap of two equal 95 % intervals
    stated = f"ungefär {size * 100:.1f}".replace(".", ",") + " % i stället för 5 %"
    assert stated in DOC_PATH.read_text(encoding="utf-8")


def test_wilson_near_100_percent_errs_more_than_three_times_as_often_as_the_exact_interval() -> None:
    """97 % of 34 children, Riket 97 %: the chance of a false "sämre än riket" with Wilson and with Clopper–Pearson."""
    from math import comb

    from indicators.uncertainty import clopper_pearson, wilson

    n, p = 34, 0.97

    def false_worse(limits) -> float:  # type: ignore[no-untyped-def]
        return sum(comb(n, x) * p ** x * (1 - p) ** (n - x) for x in range(n + 1) if limits(x)[1] < p)

    w = false_worse(lambda x: wilson(x / n, n, 1.96))
    cp = false_worse(lambda x: clopper_pearson(x, n, 1.96))
    assert w > 3 * cp
    assert "mer än tre gånger vanligare" in DOC_PATH.read_text(encoding="utf-8")


def test_the_poisson_example_of_section_10() -> None:
    import math

    events = 600 * 4000 / 100_000
    noise = math.sqrt(events) / 4000 * 100_000
    signal = math.sqrt(1 + 4 + 9) * 30 / noise
    doc = DOC_PATH.read_text(encoding="utf-8")
    assert round(events) == 24 and round(noise) == 122 and f"{signal:.2f}".replace(".", ",") in doc
    assert round((2.49 / 0.92) ** 2 * 4000, -3) == 29_000 and "≈ 29 000 invånare" in doc


def test_the_student_t_factors_of_the_series_source() -> None:
    from indicators.uncertainty import t_quantile, tail

    z = load_method().uncertainty.z
    four, ten = (f"{t_quantile(d - 1, tail(z)) / z:.2f}".replace(".", ",") for d in (4, 10))
    assert f"med fyra skillnader × {four}, med tio × {ten}" in DOC_PATH.read_text(encoding="utf-8")


def _percent(cell: str) -> float:
    return float(cell.strip().rstrip("%").strip().replace(",", ".")) / 100


def test_what_the_doc_says_of_the_calibration_table_holds() -> None:
    """docs/method.md says: false alarms within the goal in every size band, detection after 5 years at least the
    goal over 10 000 inhabitants together (10 000–20 000 alone just under, under 10 000 lower), headlines and
    targets within the goal. The table it includes (benchmarks/build_calibration.py --write) must agree."""
    from indicators.method import CALIBRATION_PATH

    method = load_method()
    goal, detect = method.calibration.max_false_alarm_rate, method.calibration.min_detection_rate
    table = CALIBRATION_PATH.read_text(encoding="utf-8")
    rows = {cells[0].strip(): cells[1:] for line in table.splitlines() if line.startswith("| ")
            for cells in [line.strip("|").split("|")] if "%" in line}
    bands = ["under 10 000", "10 000–20 000", "över 20 000", "över 10 000 (sammantaget)"]
    assert all(_percent(rows[b][0]) <= goal for b in bands)
    five = {b: _percent(rows[b][2]) for b in bands}
    assert five["över 10 000 (sammantaget)"] >= detect
    assert five["under 10 000"] < five["10 000–20 000"] < detect
    headlines = [_percent(cells[0]) for name, cells in rows.items() if name not in bands and "–" not in cells[0]]
    assert headlines and all(h <= method.rollup.headline_alpha for h in headlines)
    green = re.search(r"grönt \(målet nått eller på väg\) (\d+,\d) %", table)
    assert green is not None and _percent(green.group(1)) <= goal
    assert "räknade som missade blir upptäckten" in table

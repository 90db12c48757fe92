"""The status method's configuration (indicators/method.yaml) and the generated method page (docs/method.md).

`load_method()` validates method.yaml (unknown keys rejected, every threshold required) and raises
`MethodError` naming file, line and field. `render_method_doc()` fills indicators/method_template.md with the
numbers from method.yaml, so the Swedish text and the thresholds cannot drift apart:
`python -m indicators.method` rewrites docs/method.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indicators.yaml_lines import CatalogueError, line_for, load_yaml_with_lines

METHOD_PATH = Path(__file__).resolve().parent / "method.yaml"
TEMPLATE_PATH = Path(__file__).resolve().parent / "method_template.md"
DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "method.md"

TrendName = Literal["improving", "stable", "worsening", "short_series"]
Colour = Literal["green", "neutral", "yellow", "red", "grey"]


class MethodError(Exception):
    """method.yaml is missing, malformed or invalid; `problems` holds one `file:line: field: what` each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GapConfig(_Strict):
    max_points: int = Field(ge=2, le=20)
    min_points: int = Field(ge=2, le=20)
    stable_relative_slope: float = Field(gt=0, lt=1)





class UncertaintyConfig(_Strict):
    z: float = Field(gt=0, lt=5)
    series_min_differences: int = Field(ge=2, le=20)


class TrendConfig(_Strict):
    window_years: int = Field(ge=2, le=30)
    min_years: int = Field(ge=2, le=20)
    z: float = Field(gt=0, lt=5)
    min_change_points_per_year: float = Field(ge=0, lt=100)
    min_change_relative_per_year: float = Field(ge=0, lt=1)


class TargetConfig(_Strict):
    base_year: int = Field(ge=1990, le=2100)
    min_years: int = Field(ge=1, le=30)
    on_pace_ratio: float = Field(gt=0, le=1)


class StalenessConfig(_Strict):
    max_age_years: int = Field(ge=0, le=30)


class CountyConfig(_Strict):
    min_coverage: float = Field(gt=0, le=1)


class RollupConfig(_Strict):
    min_judged: int = Field(ge=1, le=10)
    min_marks: int = Field(ge=1, le=10)
    colour_share: float = Field(gt=0, le=1)
    worst_n: int = Field(ge=1, le=5)
    max_headline_gap_points: float = Field(gt=0, lt=100)


class CalibrationConfig(_Strict):
    meaningful_points_per_year: float = Field(gt=0, lt=100)
    meaningful_relative_per_year: float = Field(gt=0, lt=1)
    detection_years: int = Field(ge=1, le=10)
    max_false_alarm_rate: float = Field(gt=0, lt=1)
    min_detection_rate: float = Field(gt=0, lt=1)
    example_inhabitants: tuple[int, ...] = Field(min_length=1, max_length=10)
    example_share_level: float = Field(gt=0, lt=100)
    example_share_fraction: float = Field(gt=0, le=1)
    example_rate_level: float = Field(gt=0)
    example_rate_fraction: float = Field(gt=0, le=1)


class TargetStatusLabels(_Strict):
    met: str
    on_pace: str
    too_slow: str
    wrong_direction: str
    better_riket: str
    same_riket: str
    worse_riket: str
    better_lan: str
    same_lan: str
    worse_lan: str
    not_compared: str
    not_comparable: str
    no_data: str
    stale: str
    watch: str
    county_only: str
    too_few: str
    not_yet: str


class ComparisonWords(_Strict):
    better: str
    same: str
    worse: str
    not_compared: str
    not_comparable: str


class UncertaintySourceWords(_Strict):
    published: str
    kolada: str
    wilson: str
    byar: str
    series: str
    none: str


class TrendWords(_Strict):
    improving: str
    stable: str
    worsening: str
    short_series: str


class TrendSuffix(_Strict):
    improving: str
    worsening: str


class ColourWords(_Strict):
    green: tuple[str, str]
    neutral: tuple[str, str]
    yellow: tuple[str, str]
    red: tuple[str, str]
    grey: tuple[str, str]


class RollupLabels(_Strict):
    green: str
    neutral: str
    yellow: str
    red: str
    grey: str
    single: str
    no_judged: str


class GenderWords(_Strict):
    T: str
    K: str
    M: str


class Labels(_Strict):
    target_status: TargetStatusLabels
    comparison: ComparisonWords
    uncertainty_source: UncertaintySourceWords
    trend_suffix: TrendSuffix
    trend: TrendWords
    arrows: TrendWords
    rollup: RollupLabels
    colour_words: ColourWords
    county_name: str
    riket_name: str
    gender: GenderWords


class Method(_Strict):
    uncertainty: UncertaintyConfig
    trend: TrendConfig
    target: TargetConfig
    staleness: StalenessConfig
    county: CountyConfig
    rollup: RollupConfig
    calibration: CalibrationConfig
    gender_gap: GapConfig
    labels: Labels


def load_method(path: Path | None = None) -> Method:
    """Read and validate method.yaml (default: indicators/method.yaml); MethodError lists every problem."""
    path = path or METHOD_PATH
    try:
        data, lines = load_yaml_with_lines(path)
    except CatalogueError as exc:
        raise MethodError(exc.problems) from exc
    except FileNotFoundError as exc:
        raise MethodError([f"{path}:1: file not found"]) from exc
    if not isinstance(data, dict):
        raise MethodError([f"{path}:1: expected a mapping at the top level"])
    try:
        method = Method.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "file"
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = f"unknown field '{loc[-1]}'"
            elif err["type"] == "missing":
                msg = f"required field '{loc[-1]}' is missing"
            problems.append(f"{path}:{line_for(lines, loc)}: {where}: {msg}")
        raise MethodError(problems) from exc
    gap = method.gender_gap
    if gap.min_points > gap.max_points:
        raise MethodError([f"{path}:{line_for(lines, ('gender_gap', 'min_points'))}: gender_gap.min_points: "
                           f"{gap.min_points} is larger than max_points {gap.max_points}"])
    if method.trend.min_years > method.trend.window_years:
        raise MethodError([f"{path}:{line_for(lines, ('trend', 'min_years'))}: trend.min_years: "
                           f"{method.trend.min_years} is larger than window_years {method.trend.window_years}"])
    return method


# --- the generated method page ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_.]+)\s*\|\s*(int|num|pct|text)\s*\}\}")


def swedish_decimal(x: float) -> str:
    """0.95 -> '0,95'; 3.0 -> '3' (shortest exact form, decimal comma)."""
    text = f"{x:.10g}"
    return text.replace(".", ",")


def _lookup(method: Method, dotted: str, fmt: str) -> float | str:
    node: object = method
    for part in dotted.split("."):
        if not hasattr(node, part):
            raise MethodError([f"{TEMPLATE_PATH}: placeholder '{dotted}': method.yaml has no field '{part}'"])
        node = getattr(node, part)
    if fmt == "text":
        if not isinstance(node, str):
            raise MethodError([f"{TEMPLATE_PATH}: placeholder '{dotted}' is not a text in method.yaml"])
        return node
    if not isinstance(node, int | float) or isinstance(node, bool):
        raise MethodError([f"{TEMPLATE_PATH}: placeholder '{dotted}' is not a number in method.yaml"])
    return float(node)


def template_placeholders(template: str) -> list[tuple[str, str]]:
    """(field, format) for every placeholder in the template, in order."""
    return [(m.group(1), m.group(2)) for m in _PLACEHOLDER.finditer(template)]


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def detectable_table(method: Method) -> str:
    """The Markdown table of minimum detectable changes (indicators.detectable) for the example measures and
    municipality sizes in method.yaml's calibration section, with the meaningful change beside it."""
    from indicators.detectable import detectable_change, meaningful_change, population_uncertainty

    cal, trend = method.calibration, method.trend
    kinds = (("percent", cal.example_share_level, cal.example_share_fraction),
             ("per_100k", cal.example_rate_level, cal.example_rate_fraction))
    rows = ["| Invånare | Andel (" + swedish_decimal(cal.example_share_level) + " %): procentenheter per år "
            "| Antal per 100 000 (" + _thousands(int(cal.example_rate_level)) + "): per år (andel av nivån) |",
            "|---:|---:|---:|"]
    for people in cal.example_inhabitants:
        cells = []
        for unit, level, fraction in kinds:
            found = detectable_change(
                level, trend.window_years, unit, population_uncertainty(unit, people * fraction),
                years_averaged=1, window=trend.window_years, min_years=trend.min_years, z_trend=trend.z,
                z_uncertainty=method.uncertainty.z, power=cal.min_detection_rate, floor=0.0)
            meaningful = meaningful_change(level, unit, cal.meaningful_points_per_year,
                                           cal.meaningful_relative_per_year)
            mark = "" if found is None or found <= meaningful else " – större än den meningsfulla"
            if found is None:
                cells.append("–")
            elif unit == "percent":
                cells.append(f"{found:.2f}".replace(".", ",") + mark)
            else:
                cells.append(f"{_thousands(round(found))} ({swedish_decimal(round(found / level * 100))} %){mark}")
        rows.append(f"| {_thousands(people)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def render_method_doc(method: Method, template: str | None = None) -> str:
    """docs/method.md: the template with each `{{ field | int|num|pct|text }}` filled from method.yaml, and
    `{{ table:detectable }}` replaced by `detectable_table`."""
    text = template if template is not None else TEMPLATE_PATH.read_text(encoding="utf-8")
    if "{{ table:detectable }}" in text:
        text = text.replace("{{ table:detectable }}", detectable_table(method))

    def fill(m: re.Match[str]) -> str:
        fmt = m.group(2)
        value = _lookup(method, m.group(1), fmt)
        if isinstance(value, str):
            return value
        if fmt == "int":
            return str(int(value))
        if fmt == "pct":
            return f"{swedish_decimal(round(value * 100, 6))} %"
        return swedish_decimal(value)

    return _PLACEHOLDER.sub(fill, text)


def numeric_fields(method: Method) -> list[str]:
    """Dotted names of every threshold (numeric field) in the method, e.g. 'target.on_pace_ratio'."""
    out = []
    for section in ("uncertainty", "trend", "target", "staleness", "county", "rollup", "calibration", "gender_gap"):
        for name, value in getattr(method, section).model_dump().items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out.append(f"{section}.{name}")
    return out


def main() -> int:
    method = load_method()
    DOC_PATH.write_text(render_method_doc(method), encoding="utf-8")
    print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

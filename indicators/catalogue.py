"""The catalogue: life stages, goals, indicators and areas, validated on load.

Every problem is reported as `<file>:<line>: <where>: <what>` so an analyst can go straight to it.
Unknown keys are rejected, ids must be unique, and every cross reference must resolve.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from indicators.target_model import TargetDecision, TargetsFile
from indicators.targets import TARGETS_FILE, register_checks, target_in_force
from indicators.yaml_lines import CatalogueError, line_for, load_yaml_with_lines

CATALOGUE_DIR = Path(__file__).resolve().parent
CATALOGUE_DIR_ENV = "NP_CATALOGUE_DIR"  # set it to check or use a copy of the catalogue elsewhere
KPI_ID = re.compile(r"^[NU]\d{5}$")
SLUG = r"^[a-z][a-z0-9_]*$"
# A bare `kpi: N01481` in indicators.yaml is a series of this source (catalogue default).
DEFAULT_SOURCE = "kolada"
SERIES_ID = re.compile(r"^([a-z][a-z0-9_]*):([^\s:]+)$")


def series_id(source_id: str, local_id: str) -> str:
    """The full series id naming its source: `series_id("kolada", "N01481")` → `"kolada:N01481"`."""
    return f"{source_id}:{local_id}"


def split_series_id(full_id: str) -> tuple[str, str]:
    """`"kolada:N01481"` → `("kolada", "N01481")`; a bare id belongs to DEFAULT_SOURCE."""
    m = SERIES_ID.match(full_id)
    if m:
        return m.group(1), m.group(2)
    return DEFAULT_SOURCE, full_id

Slug = Annotated[str, Field(pattern=SLUG)]


def _kpi_id(value: str) -> str:
    if not KPI_ID.match(value):
        raise ValueError(f"'{value}' is not a Kolada KPI id (a letter N or U followed by five digits)")
    return value


KpiId = Annotated[str, AfterValidator(_kpi_id)]


def _series_ref(value: str) -> str:
    """A series as written in the catalogue: a bare KPI id of the default source, or `<source>:<id>`."""
    if SERIES_ID.match(value):
        return value
    if KPI_ID.match(value):
        return value
    raise ValueError(f"'{value}' is not a Kolada KPI id (N or U and five digits) nor a series id "
                     f"'<source>:<id>' (e.g. 'kolada:N01481')")


SeriesText = Annotated[str, AfterValidator(_series_ref)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LifeStage(Strict):
    id: Slug
    name: str
    group: str
    description: str = ""


class Document(Strict):
    id: Slug
    name: str
    url: str = ""   # where the steering document is published (shown on each goal and in the review file)


class Goal(Strict):
    id: Slug
    kind: Literal["shared", "goal_area"]
    number: int
    name: str
    links: list[Slug] = []  # the steering documents the goal serves (documents below)
    search_words: list[str] = []  # the yearly review's search for candidate measures (default: the name's words)


class ValueTarget(Strict):
    """A level to reach by a year: what the pace method judges (built from the register's target in force)."""

    kind: Literal["value"] = "value"
    value: float
    by: int = Field(ge=2000, le=2100)
    baseline_year: int | None = Field(default=None, ge=1990, le=2100)
    source: str = ""


class SeriesRef(Strict):
    """`series: {source: kolada, id: N01481}` in indicators.yaml (the same as `series: "kolada:N01481"`)."""

    source: Slug
    id: Annotated[str, Field(pattern=r"^[^\s:]+$")]


def _series_from_text(value: object) -> object:
    if isinstance(value, str):
        m = SERIES_ID.match(value)
        if not m:
            raise ValueError(f"'{value}' is not a series id '<source>:<id>' (e.g. 'kolada:N01481')")
        return {"source": m.group(1), "id": m.group(2)}
    return value


def full_series_id(ref: str | SeriesRef) -> str:
    """The full id of a catalogue series reference: `N01481` → `kolada:N01481` (the default source)."""
    if isinstance(ref, SeriesRef):
        return series_id(ref.source, ref.id)
    return series_id(*split_series_id(ref))


class Indicator(Strict):
    id: Slug
    kpi: KpiId | None = None  # a KPI of the default source (today's form) ...
    # ... or any source's series: "src:id" or {source: src, id: id}
    series: Annotated[SeriesRef, BeforeValidator(_series_from_text)] | None = None
    life_stage: Slug
    short_name: str = Field(min_length=3, max_length=60)
    goals: list[Slug] = Field(min_length=1)
    direction: Literal["higher_is_better", "lower_is_better"]
    unit: Literal["percent", "per_100k", "days", "count"]
    role: Literal["outcome", "watch"]
    role_reason: str = ""
    denominator: Slug
    denominator_fraction: float = Field(default=1.0, gt=0, le=1)
    uncertainty_kpi: KpiId | None = None
    years_averaged: int = Field(default=1, ge=1, le=10)
    rank: bool = True
    comparable: bool = True  # False: not comparable between areas (Kolada says so): no reference verdict, no rank
    survey: bool = False
    counts_with: Slug | None = None
    comment: str = ""

    @model_validator(mode="after")
    def _one_series(self) -> Indicator:
        if (self.kpi is None) == (self.series is None):
            raise ValueError("give exactly one of 'kpi' (a Kolada KPI id) or 'series' ('<source>:<id>' or "
                             "{source: ..., id: ...})")
        return self

    @property
    def series_id(self) -> str:
        """The full series id: `kolada:N01481`."""
        return full_series_id(self.kpi if self.kpi is not None else self.series)  # type: ignore[arg-type]

    @property
    def judged(self) -> bool:
        """Outcome indicators get a colour and enter the roll-up; watch indicators do neither."""
        return self.role == "outcome"

    @property
    def read_with_care(self) -> bool:
        """Kept for readers of the `indicator` table: a watch indicator is read with care."""
        return self.role == "watch"

    @property
    def uncertainty_series(self) -> str | None:
        """The full series id of the indicator's 'Osäkerhetstal' KPI (default source), or None."""
        return None if self.uncertainty_kpi is None else full_series_id(self.uncertainty_kpi)


class Area(Strict):
    id: Annotated[str, Field(pattern=r"^\d{4}$")]
    kind: Literal["kommun", "region", "riket"]
    demo_name: str


class GoalsFile(Strict):
    life_stages: list[LifeStage] = Field(min_length=1)
    documents: list[Document] = []
    goals: list[Goal] = Field(min_length=1)


class IndicatorsFile(Strict):
    indicators: list[Indicator] = Field(min_length=1)


class AreasFile(Strict):
    county_area: str
    county_name: str = Field(min_length=2)  # "Värmland": shown as "Hela Värmland"
    country_area: str
    areas: list[Area] = Field(min_length=1)
    support_kpis: dict[Slug, SeriesText] = {}


class Catalogue(Strict):
    life_stages: list[LifeStage]
    documents: list[Document]
    goals: list[Goal]
    indicators: list[Indicator]
    areas: list[Area]
    county_area: str
    country_area: str
    support_kpis: dict[str, str]
    county_name: str = ""
    targets: list[TargetDecision] = []  # the target register (targets.yaml), history included

    def target_in_force(self, indicator_id: str, area_id: str, year: int | None) -> TargetDecision | None:
        """The register's target a verdict on `area_id`'s value of `year` is judged against (indicators/targets.py)."""
        return target_in_force(self.targets, indicator_id, area_id, year, self.county_area)

    @property
    def series_ids(self) -> list[str]:
        """Every series to fetch (full ids): the indicators', their uncertainty KPIs' and the support series',
        each once, in catalogue order."""
        ids = [i.series_id for i in self.indicators]
        ids += [i.uncertainty_series for i in self.indicators if i.uncertainty_series]
        ids += [full_series_id(s) for s in self.support_kpis.values()]
        return list(dict.fromkeys(ids))

    def series_for(self, source_id: str) -> list[str]:
        """The source's own ids of the series the catalogue asks of it, in catalogue order."""
        return [local for src, local in map(split_series_id, self.series_ids) if src == source_id]

    @property
    def source_ids(self) -> list[str]:
        """The sources the catalogue uses, in order of first use."""
        return list(dict.fromkeys(split_series_id(s)[0] for s in self.series_ids))

    def support_series(self, name: str) -> str | None:
        """The full series id of a support series (areas.yaml `support_kpis`), or None."""
        ref = self.support_kpis.get(name)
        return None if ref is None else full_series_id(ref)

    @property
    def kpi_ids(self) -> list[str]:
        """The default source's ids among `series_ids` (what a bare `kpi:` names)."""
        return self.series_for(DEFAULT_SOURCE)

    def denominator_kpi(self, indicator: Indicator) -> str | None:
        """The full series id of the indicator's denominator population (support_kpis[indicator.denominator])."""
        return self.support_series(indicator.denominator)

    def goals_without_judged_indicator(self) -> list[Goal]:
        """Goals none of whose indicators is an outcome indicator (they get no colour, only a note)."""
        return [g for g in self.goals if not any(i.judged and g.id in i.goals for i in self.indicators)]

    def stage_goal_cells_without_judged_indicator(self) -> list[tuple[LifeStage, Goal]]:
        """(life stage, goal) cells that have indicators but none of them judged."""
        out = []
        for stage in self.life_stages:
            for goal in self.goals:
                members = [i for i in self.indicators if i.life_stage == stage.id and goal.id in i.goals]
                if members and not any(i.judged for i in members):
                    out.append((stage, goal))
        return out

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]

    @property
    def county_prefix(self) -> str:
        """Kolada's county code: region '0017' → municipalities '17xx' (Gotland: '0009' → '0980')."""
        return self.county_area[2:4]

    @property
    def municipality_ids(self) -> list[str]:
        """The county's municipalities (ids starting with the county code): what ranks, maps and the county
        figure are about. Other municipalities in `areas` are comparators only."""
        return [a.id for a in self.areas if a.kind == "kommun" and a.id.startswith(self.county_prefix)]

    @property
    def county_label(self) -> str:
        """'Hela Värmland' (the county as one area), from areas.yaml's county_name."""
        return f"Hela {self.county_name}" if self.county_name else "Hela länet"

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


def _format_pydantic(file: Path, exc: ValidationError, lines: dict, data: dict) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        yaml_loc = _strip_union_tags(loc, data)
        where = _describe(yaml_loc, data)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}'"
            if loc[-1] == "target" and loc[0] == "indicators":
                msg += " (targets are entered in targets.yaml, see docs/adding-an-indicator.md)"
        elif err["type"] == "missing":
            msg = f"required field '{loc[-1]}' is missing"
        elif err["type"] == "literal_error":
            msg = f"{msg} (got {err['input']!r})"
        elif err["type"] == "string_type" and isinstance(err["input"], int | float):
            msg = f"expected text but YAML read the number {err['input']!r}: put the value in quotes (\"...\")"
        elif err["type"] != "value_error" and isinstance(err["input"], str | int | float | bool | None):
            msg = f"{msg} (got {err['input']!r})"
        problems.append(f"{file}:{line_for(lines, yaml_loc)}: {where}: {msg}")
    return problems


def _strip_union_tags(loc: tuple, data: object) -> tuple:
    """Discriminated unions put the tag into the location (target.value.value): keep the YAML path only."""
    out: list = []
    node = data
    tag_skipped_for = None
    for part in loc:
        if isinstance(node, dict) and node.get("kind") == part and tag_skipped_for is not node:
            tag_skipped_for = node
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


def _describe(loc: tuple, data: object) -> str:
    """'indicators[3] (id=fetma).direction' style description of a location."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{part}]" + (f" (id={ident})" if ident else "")
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "file"


def _parse(model: type[Strict], file: Path) -> tuple[Strict | None, dict, list[str]]:
    try:
        data, lines = load_yaml_with_lines(file)
    except CatalogueError as exc:
        return None, {}, exc.problems
    except FileNotFoundError:
        return None, {}, [f"{file}:1: file not found"]
    if not isinstance(data, dict):
        return None, lines, [f"{file}:1: expected a mapping at the top level"]
    try:
        return model.model_validate(data), lines, []
    except ValidationError as exc:
        return None, lines, _format_pydantic(file, exc, lines, data)


def _duplicates(file: Path, lines: dict, section: str, ids: list[str], what: str) -> list[str]:
    seen: dict[str, int] = {}
    problems = []
    for i, ident in enumerate(ids):
        if ident in seen:
            problems.append(
                f"{file}:{line_for(lines, (section, i, 'id'))}: {section}[{i}].id: duplicate {what} id "
                f"'{ident}' (first at {section}[{seen[ident]}])"
            )
        seen.setdefault(ident, i)
    return problems


def _goals_checks(gf: Path, lines: dict, goals: GoalsFile) -> list[str]:
    problems = _duplicates(gf, lines, "life_stages", [s.id for s in goals.life_stages], "life stage")
    problems += _duplicates(gf, lines, "documents", [d.id for d in goals.documents], "document")
    problems += _duplicates(gf, lines, "goals", [g.id for g in goals.goals], "goal")
    doc_ids = {d.id for d in goals.documents}
    for i, goal in enumerate(goals.goals):
        for j, link in enumerate(goal.links):
            if link not in doc_ids:
                problems.append(f"{gf}:{line_for(lines, ('goals', i, 'links', j))}: "
                                f"goals[{i}] (id={goal.id}).links: unknown document '{link}'")
    return problems


def _indicators_checks(inf: Path, lines: dict, inds: IndicatorsFile) -> list[str]:
    problems = _duplicates(inf, lines, "indicators", [i.id for i in inds.indicators], "indicator")
    kpi_seen: dict[str, str] = {}
    ids = [i.id for i in inds.indicators]
    for i, ind in enumerate(inds.indicators):
        where = f"indicators[{i}] (id={ind.id})"

        def at(*field: object, _i: int = i) -> str:
            return f"{inf}:{line_for(lines, ('indicators', _i, *field))}"

        field = "kpi" if ind.kpi is not None else "series"
        if ind.series_id in kpi_seen:
            problems.append(f"{at(field)}: {where}.{field}: series {ind.series_id} is already used by "
                            f"indicator '{kpi_seen[ind.series_id]}'")
        kpi_seen.setdefault(ind.series_id, ind.id)
        if ind.role == "watch" and not ind.role_reason.strip():
            problems.append(f"{at('role')}: {where}.role_reason: a watch indicator needs a role_reason "
                            "(it is shown on the pages)")
        if ind.uncertainty_kpi is not None and ind.uncertainty_kpi == ind.kpi:
            problems.append(f"{at('uncertainty_kpi')}: {where}.uncertainty_kpi: must be Kolada's "
                            f"'Osäkerhetstal' KPI, not the indicator's own KPI {ind.kpi}")
        if ind.uncertainty_kpi is not None and not ind.survey:
            problems.append(f"{at('uncertainty_kpi')}: {where}.uncertainty_kpi: only survey indicators have "
                            "an 'Osäkerhetstal' KPI: add 'survey: true' or remove uncertainty_kpi")
        if not ind.comparable and ind.rank:
            problems.append(f"{at('comparable')}: {where}.rank: an indicator that is not comparable between areas "
                            "(comparable: false) is never ranked: add 'rank: false'")
        if ind.counts_with is not None:
            if ind.counts_with == ind.id:
                problems.append(f"{at('counts_with')}: {where}.counts_with: an indicator cannot count with itself")
            elif ind.counts_with not in ids:
                problems.append(f"{at('counts_with')}: {where}.counts_with: unknown indicator "
                                f"'{ind.counts_with}'")
            else:
                partner = inds.indicators[ids.index(ind.counts_with)]
                if partner.counts_with is not None:
                    problems.append(f"{at('counts_with')}: {where}.counts_with: '{partner.id}' itself counts "
                                    f"with '{partner.counts_with}': point both at the same indicator")
                if set(partner.goals) != set(ind.goals) or partner.life_stage != ind.life_stage:
                    problems.append(f"{at('counts_with')}: {where}.counts_with: '{partner.id}' must have the "
                                    "same life stage and goals to be counted once with it")
    return problems


def _areas_checks(af: Path, lines: dict, areas: AreasFile) -> list[str]:
    problems = _duplicates(af, lines, "areas", [a.id for a in areas.areas], "area")
    area_ids = {a.id for a in areas.areas}
    for field in ("county_area", "country_area"):
        value = getattr(areas, field)
        if value not in area_ids:
            problems.append(f"{af}:{line_for(lines, (field,))}: {field}: '{value}' is not in areas")
    county = next((a for a in areas.areas if a.id == areas.county_area), None)
    if county is not None and county.kind != "region":
        problems.append(f"{af}:{line_for(lines, ('county_area',))}: county_area: '{county.id}' is a {county.kind}, "
                        f"not a region")
    elif county is not None and not any(a.kind == "kommun" and a.id.startswith(county.id[2:4])
                                        for a in areas.areas):
        problems.append(f"{af}:{line_for(lines, ('county_area',))}: county_area: no municipality in areas has "
                        f"an id starting with the county code '{county.id[2:4]}'")
    return problems


def _indicator_support(inf: Path, lines: dict, inds: IndicatorsFile, areas: AreasFile) -> list[str]:
    """Every indicator's denominator must be a key of areas.yaml support_kpis."""
    problems = []
    keys = sorted(areas.support_kpis)
    for i, ind in enumerate(inds.indicators):
        if ind.denominator not in areas.support_kpis:
            problems.append(f"{inf}:{line_for(lines, ('indicators', i, 'denominator'))}: "
                            f"indicators[{i}] (id={ind.id}).denominator: unknown support KPI key "
                            f"'{ind.denominator}' (areas.yaml support_kpis has: {', '.join(keys) or 'none'})")
    return problems


def _indicator_references(inf: Path, lines: dict, goals: GoalsFile, inds: IndicatorsFile) -> list[str]:
    """Every indicator's life stage and goals must exist in goals.yaml."""
    problems: list[str] = []
    stage_ids = {s.id for s in goals.life_stages}
    goal_ids = {g.id for g in goals.goals}
    for i, ind in enumerate(inds.indicators):
        where = f"indicators[{i}] (id={ind.id})"
        if ind.life_stage not in stage_ids:
            problems.append(f"{inf}:{line_for(lines, ('indicators', i, 'life_stage'))}: "
                            f"{where}.life_stage: unknown life stage '{ind.life_stage}' "
                            f"(known: {', '.join(sorted(stage_ids))})")
        for j, goal in enumerate(ind.goals):
            if goal not in goal_ids:
                problems.append(f"{inf}:{line_for(lines, ('indicators', i, 'goals', j))}: "
                                f"{where}.goals: unknown goal '{goal}'")
    return problems


_FILE_CHECKS = {"goals": _goals_checks, "indicators": _indicators_checks, "areas": _areas_checks}


def catalogue_dir() -> Path:
    """Where the catalogue files are: $NP_CATALOGUE_DIR when set, else this package's directory."""
    from core.settings import catalogue_dir_override  # core imports this module at import time

    return catalogue_dir_override() or CATALOGUE_DIR


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read and validate goals.yaml, indicators.yaml, areas.yaml and the target register targets.yaml (when
    present); raise CatalogueError listing every problem.

    `directory` defaults to `catalogue_dir()`. Each file's own checks run whenever that file parses, so problems
    in several files are reported together; indicator → goal/life stage references need both files to parse.
    """
    directory = catalogue_dir() if directory is None else Path(directory)
    paths = {name: directory / f"{name}.yaml" for name in ("goals", "indicators", "areas")}
    models = {"goals": GoalsFile, "indicators": IndicatorsFile, "areas": AreasFile}
    parsed: dict[str, Strict] = {}
    lines: dict[str, dict] = {}
    problems: dict[str, list[str]] = {}
    for name, path in paths.items():
        model, lines[name], problems[name] = _parse(models[name], path)
        if model is not None:
            parsed[name] = model
            problems[name] += _FILE_CHECKS[name](path, lines[name], model)  # type: ignore[operator]
    if "goals" in parsed and "indicators" in parsed:
        problems["indicators"] += _indicator_references(paths["indicators"], lines["indicators"],
                                                        parsed["goals"], parsed["indicators"])  # type: ignore[arg-type]
    if "indicators" in parsed and "areas" in parsed:
        problems["indicators"] += _indicator_support(paths["indicators"], lines["indicators"],
                                                     parsed["indicators"], parsed["areas"])  # type: ignore[arg-type]
    targets_path = directory / TARGETS_FILE
    register: TargetsFile | None = TargetsFile()
    if targets_path.is_file():  # a catalogue without a register has no targets: every verdict is vs Riket
        register, target_lines, problems["targets"] = _parse(TargetsFile, targets_path)  # type: ignore[assignment]
        if register is not None and "indicators" in parsed and "areas" in parsed:
            areas_model = parsed["areas"]
            county = areas_model.county_area  # type: ignore[attr-defined]
            municipalities = [a.id for a in areas_model.areas  # type: ignore[attr-defined]
                              if a.kind == "kommun" and a.id.startswith(county[2:4])]
            problems["targets"] += register_checks(
                targets_path, target_lines, register, [i.id for i in parsed["indicators"].indicators],  # type: ignore[attr-defined]
                county, municipalities)
    if any(problems.values()):
        raise CatalogueError([p for name in problems for p in problems[name]])
    goals, inds, areas = parsed["goals"], parsed["indicators"], parsed["areas"]
    return Catalogue(
        life_stages=goals.life_stages, documents=goals.documents, goals=goals.goals,  # type: ignore[attr-defined]
        indicators=inds.indicators, areas=areas.areas, county_area=areas.county_area,  # type: ignore[attr-defined]
        country_area=areas.country_area, support_kpis=areas.support_kpis,  # type: ignore[attr-defined]
        county_name=areas.county_name,  # type: ignore[attr-defined]
        targets=register.targets if register is not None else [],
    )


def load_target_register(path: Path, catalogue: Catalogue) -> list[TargetDecision]:
    """Read and validate another register (the demo's) against a loaded catalogue; raise CatalogueError."""
    register, lines, problems = _parse(TargetsFile, path)
    if register is not None:
        problems += register_checks(path, lines, register, [i.id for i in catalogue.indicators],  # type: ignore[arg-type]
                                    catalogue.county_area, catalogue.municipality_ids)
    if problems:
        raise CatalogueError(problems)
    return list(register.targets)  # type: ignore[union-attr]

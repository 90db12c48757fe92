"""The series a PxWeb source serves, defined in the catalogue beside the indicators:
`indicators/sources/<source_id>.yaml` (e.g. indicators/sources/fohm.yaml). An indicator names one as
`series: fohm:<id>`; the entry says which table, which categories, the grain, the period kind and how the table
gives its uncertainty. Problems are reported as `<file>:<line>: series[i].<field>: <what>`.

    database: A_Folkhalsodata          # v1 only: the database folder under the base URL
    series:
      - id: rokare_dagligen
        title: Röker dagligen
        table: A_Mo8/6_Levanor/01Begrans/06.01tobakdag/tobakdagyreg.px
        category: "01"                 # the one breakdown variable's code; or category_text: "Röker dagligen";
                                       # or selection: {"Användning av tobaks- och nikotinprodukter": "01"}
        expect_text: rök               # the selected categories' texts (no selection: the table title) must
                                       # contain this, so a wrong code fails instead of showing other figures
        grain: county                  # county (Riket + län) | municipality
        period: pooled                 # year | pooled (windows like 2021-2024)
        shown_as: last                 # a pooled window is shown as its first or last year
        uncertainty: ci                # ci: the table's "Andel och konfidensintervall" | none
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from etl.sources.pxweb.series import PxSeries
from indicators.catalogue import series_id
from indicators.yaml_lines import CatalogueError, line_for, load_yaml_with_lines

LocalId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeriesDef(_Strict):
    id: LocalId
    title: str = Field(min_length=3)
    table: str = Field(min_length=1)
    selection: dict[str, str] = {}
    category: str | None = None
    category_text: str | None = None
    expect_text: str | None = None
    grain: Literal["county", "municipality"]
    period: Literal["year", "pooled"]
    shown_as: Literal["first", "last"] = "last"
    uncertainty: Literal["ci", "none"] = "none"
    description: str = ""

    def to_series(self, source_id: str) -> PxSeries:
        return PxSeries(series_id=series_id(source_id, self.id), table=self.table, selection=dict(self.selection),
                        grain=self.grain, period=self.period, shown_as=self.shown_as,
                        uncertainty=self.uncertainty, category=self.category,
                        category_text=self.category_text, expect_text=self.expect_text)


class DefinitionsFile(_Strict):
    database: str = ""
    series: list[SeriesDef] = Field(min_length=1)


def load_definitions(path: Path) -> DefinitionsFile:
    try:
        data, lines = load_yaml_with_lines(path)
    except FileNotFoundError:
        raise CatalogueError([f"{path}:1: file not found (the source's series definitions)"]) from None
    try:
        parsed = DefinitionsFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".") or "file"
            problems.append(f"{path}:{line_for(lines, loc)}: {where}: {err['msg']}")
        raise CatalogueError(problems) from exc
    problems = []
    seen: dict[str, int] = {}
    for i, s in enumerate(parsed.series):
        if s.id in seen:
            problems.append(f"{path}:{line_for(lines, ('series', i, 'id'))}: series[{i}].id: duplicate id "
                            f"'{s.id}' (first at series[{seen[s.id]}])")
        seen.setdefault(s.id, i)
        if s.category is not None and s.category_text is not None:
            problems.append(f"{path}:{line_for(lines, ('series', i, 'category_text'))}: series[{i}]: give "
                            f"category or category_text, not both")
        if s.period == "year" and "shown_as" in data["series"][i]:
            problems.append(f"{path}:{line_for(lines, ('series', i, 'shown_as'))}: series[{i}].shown_as: only "
                            f"for period: pooled")
    if problems:
        raise CatalogueError(problems)
    return parsed


def undefined_series(directory: Path, source_id: str) -> list[str]:
    """Indicators in `directory`/indicators.yaml naming a `<source_id>:<id>` series that
    `directory`/sources/<source_id>.yaml does not define, as `file:line: where: what`."""
    definitions = {s.id for s in load_definitions(directory / "sources" / f"{source_id}.yaml").series}
    path = directory / "indicators.yaml"
    data, lines = load_yaml_with_lines(path)
    problems = []
    for i, ind in enumerate(data.get("indicators") or []):
        ref = ind.get("series") if isinstance(ind, dict) else None
        if isinstance(ref, dict):
            src, local = ref.get("source"), ref.get("id")
        elif isinstance(ref, str) and ":" in ref:
            src, local = ref.split(":", 1)
        else:
            continue
        if src == source_id and local not in definitions:
            problems.append(f"{path}:{line_for(lines, ('indicators', i, 'series'))}: indicators[{i}] "
                            f"(id={ind.get('id')}).series: '{src}:{local}' is not defined in "
                            f"sources/{source_id}.yaml (defined: {', '.join(sorted(definitions))})")
    return problems

"""The meeting agenda and what each screen shows. Pure assembly over frames read by a `Runner`.

A Runner is `run(sql_name, params) -> pl.DataFrame` over etl/sql/meeting_*.sql: the exports use one over a
database file (`views.db.reader`), the dashboard one over dashboard.data. The same screens feed the slides, the
handouts and presentation mode, so they always agree.

Agenda order: an overview of all life stages (screen 1, for the whole meeting), then each life stage followed by
every goal its indicators are linked to – the overview's columns. A goal under a life stage is judged on that life
stage's indicators only (views.verdicts.stage_goal_verdicts), the same verdict the overview and the life-stage page
show. A screen shows the headline mark (colour + symbol + words + counts) and the two or three indicators that matter
most: those that decided the headline (`decided_by`) first, then the worst of the rest (two when the screen also
lists its watch indicators, so both fit one projector screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from core.attribution import data_date_line
from indicators.catalogue import load_catalogue
from views import sources
from views.db import Runner
from views.format import fmt_value
from views.series import SQL_NAME, chart_frame, series_params
from views.targets import (
    chart_label,
    current_target,
    history_sentence,
    met_groups,
    short_sentence,
    target_sentence,
)
from views.verdicts import goal_prefix, goal_title, stage_goal_verdicts
from views.words import COUNTY_NAME, county_label, period_text

PUBLISHED_INTERVAL = "95 % konfidensintervall"
PUBLISHED_INTERVAL_SHORT = "95 % KI"
SEVERITY = {"red": 0, "yellow": 1, "grey": 2, "green": 3}
TOP_N = 3
GENDER = "T"


class ScopeError(ValueError):
    """A --scope that is not meeting, life_stage:<id> or area:<id>."""


@dataclass(frozen=True)
class IndicatorLine:
    indicator_id: str
    series_id: str
    short_name: str
    unit: str
    direction: str
    read_with_care: bool
    comment: str
    latest_year: int | None
    latest_value: float | None
    county_value: float | None
    riket_value: float | None
    rank_in_county: int | None
    rank_of: int | None
    mark: str
    mark_label: str
    arrow: str
    explanation: str
    target_value: float | None = None
    role: str = "outcome"  # 'outcome' (judged) | 'watch' (followed without a colour, never in a roll-up)
    role_reason: str = ""  # why a watch indicator is not judged (from the catalogue)
    vs_county_label: str | None = None  # 'Bättre än länet', 'Ingen säkerställd skillnad mot länet', … (status table)
    vs_riket_label: str | None = None
    vs_county: str | None = None  # 'better' | 'same' | 'worse' | 'not_compared' (status table); None: no value
    vs_riket: str | None = None
    county_only: bool = False  # a county-grain series on a municipality: no value of its own
    latest_period: str | None = None  # the source's label of the latest period ('2021-2024': a pooled window)
    ci_low: float | None = None  # the 95 % interval the comparisons used (status table)
    ci_high: float | None = None
    uncertainty_source: str | None = None  # 'published': the source's own confidence interval
    target_text: str = ""  # 'Mål: 95 % senast 2030 (beslutat av …)' (views/targets.py); '' without a target
    target_short: str = ""  # the projector card's form: 'Mål 95 % senast 2030 (beslutat 2025-05-14)'
    target_history: str = ""  # 'Höjer målet 85 % senast 2027 (…).' for a raised target
    target_level: float | None = None  # the target line on the chart (a level target in force or shown)
    target_due: int | None = None
    target_label: str = ""  # the line's legend entry ('Mål 95 % senast 2030', 'Förslag till mål …')

    @property
    def is_watch(self) -> bool:
        return self.role == "watch"

    @property
    def interval_text(self) -> str:
        """'95 % konfidensintervall 16,9–19,5 %' when the source publishes the interval (FoHM's survey tables) —
        the figure the comparison with Riket rests on; '' otherwise (computed intervals stay in the method)."""
        return self._interval(PUBLISHED_INTERVAL)

    @property
    def interval_short(self) -> str:
        """interval_text for a slide's narrow column: '95 % KI 16,9–19,5 %'."""
        return self._interval(PUBLISHED_INTERVAL_SHORT)

    def _interval(self, words: str) -> str:
        if self.uncertainty_source != "published" or self.ci_low is None or self.ci_high is None:
            return ""
        return f"{words} {fmt_value(self.ci_low, self.unit, with_unit=False)}–{fmt_value(self.ci_high, self.unit)}"

    @property
    def period(self) -> str:
        """The latest value's period as shown: '2024', or '2021–2024' for a pooled window; '' without a value."""
        return period_text(self.latest_year, self.latest_period)

    @property
    def comparison_text(self) -> str:
        """The status table's comparisons as one line: 'Sämre än riket · ingen säkerställd skillnad mot länet'."""
        labels = [label for label in (self.vs_riket_label, self.vs_county_label) if label]
        return " · ".join(label if i == 0 else label[:1].lower() + label[1:] for i, label in enumerate(labels))


WATCH_HEADING = "Bevakas – tolkas med försiktighet"


@dataclass(frozen=True)
class Screen:
    number: int  # 1-based position in the agenda
    kind: str  # 'overview' | 'life_stage' | 'goal'
    item_id: str
    title: str
    kicker: str  # 'Alla livsskeden' / 'Livsskede' / 'Barnalivet · Mål 3' / 'Vuxenlivet · Målområde 2'
    life_stage_id: str
    life_stage_name: str
    mark: str
    mark_label: str
    counts: dict[str, int]
    explanation: str
    top: list[IndicatorLine]  # judged indicators only: those that decided the headline, then the worst
    all_indicators: list[IndicatorLine] = field(default_factory=list)

    @property
    def watched(self) -> list[IndicatorLine]:
        """The screen's watch indicators: shown under WATCH_HEADING with their reason, never in `top`."""
        return [line for line in self.all_indicators if line.is_watch]

    @property
    def others(self) -> list[IndicatorLine]:
        """Judged indicators that count in the headline but have no card of their own (only TOP_N fit)."""
        shown = {line.indicator_id for line in self.top}
        return [line for line in self.all_indicators if not line.is_watch and line.indicator_id not in shown]

    @property
    def others_text(self) -> str:
        """'Också bedömda här: A, B.' (their marks are in the counts above) – empty when every judged one has a card."""
        if not self.others:
            return ""
        if len(self.others) > 2:  # a count, not a list: the screen must still fit the projector
            return f"Också bedömda här: {len(self.others)} indikatorer till, på sidan {self.life_stage_name}."
        return "Också bedömda här: " + ", ".join(line.short_name for line in self.others) + "."

    @property
    def notes(self) -> str:
        """Speaker notes: the analysts' comments on this screen's indicators, then the headline explanation."""
        lines = [f"{i.short_name}: {i.comment}" for i in self.all_indicators if i.comment]
        if not lines:
            lines = ["Inga kommentarer från analytikerna för den här punkten."]
        return "\n".join([*lines, "", self.explanation, *([self.others_text] if self.others else [])])


OVERVIEW_TITLE = "Läget i alla livsskeden"


@dataclass(frozen=True)
class Meeting:
    area_id: str
    area_name: str
    is_demo: bool
    data_date: str  # the date the data were fetched (YYYY-MM-DD)
    snapshot_name: str | None
    screens: list[Screen]
    series: pl.DataFrame  # views/sql/series.sql for every indicator: indicator_id, role, year, value, source
    source: sources.Attribution  # every source in the database (the title slide, the overview)
    is_county: bool = False
    data_note: str = ""  # 'Data hämtade 2026-11-20' or, for the demo, 'Demodata byggd 2026-11-26'
    county_label: str = COUNTY_NAME  # 'Hela Värmland': the build's county_label fact (areas.yaml county_name)
    source_rows: tuple = ()  # views/sql/sources.sql rows, for each screen's own sources
    series_attribution_rows: tuple = ()  # views/sql/series_attributions.sql rows (own figures' file lines)
    spine: pl.DataFrame = field(default_factory=pl.DataFrame)  # views/sql/spine_rows.sql for the area and gender
    target_met: tuple = ()  # views/sql/target_met.sql rows: "Målet nått – dags att höja ambitionen?"
    county_area: str = ""

    def target_met_groups(self) -> list[tuple[str, str]]:
        """The "Målet nått" screen's lines: per target, its sentence and the areas that met it two years or more."""
        return met_groups(self.target_met, self.county_label, self.county_area)

    def screen_source(self, screen: Screen | None = None) -> sources.Attribution:
        """The sources of the indicators on `screen` (all of them for the overview, the title or None)."""
        ids = [ln.series_id for ln in screen.all_indicators] if screen is not None else []
        if not ids or not self.source_rows:
            return self.source
        return sources.select(list(self.source_rows), list(self.series_attribution_rows), ids)

    def source_lines(self, screen: Screen | None = None, note: str = "") -> tuple[str, ...]:
        """The lines under a screen: one "Källa: …" per source of its indicators (each its own line), then
        "Status: egen bearbetning av data från …", ending with `note` (the data date)."""
        return self.screen_source(screen).lines_under(sources.STATUS, note)

    def stage_screens(self) -> list[Screen]:
        return [s for s in self.screens if s.kind == "life_stage"]

    def goal_screens(self, life_stage_id: str) -> list[Screen]:
        """The goals shown under one life stage, each judged on that life stage's indicators."""
        return [s for s in self.screens if s.kind == "goal" and s.life_stage_id == life_stage_id]

    def goal_screen(self, life_stage_id: str, goal_id: str) -> Screen | None:
        return next((s for s in self.goal_screens(life_stage_id) if s.item_id == goal_id), None)

    def screen_spine_rows(self, screen: Screen) -> pl.DataFrame:
        """The spine chart's rows (views.spine) of the indicators on `screen`, judged and watched, in the catalogue's
        order; empty for the overview."""
        ids = [line.indicator_id for line in screen.all_indicators]
        if not ids or self.spine.is_empty():
            return self.spine.clear() if not self.spine.is_empty() else self.spine
        return self.spine.filter(pl.col("indicator_id").is_in(ids))

    def screen_series(self, indicator_id: str) -> pl.DataFrame:
        """Chart input for views.charts.trend_chart (year, value, label, role): the indicator page's road."""
        part = self.series.filter(pl.col("indicator_id") == indicator_id)
        return chart_frame(part, self.area_name, is_county=self.is_county, county_name=self.county_label)


def count_words(counts: dict[str, int]) -> str:
    """'1 grön, 2 gula, 0 röda, 1 utan bedömning' (+ ', 2 bevakas' when there are watch indicators)."""
    words = {"green": ("grön", "gröna"), "yellow": ("gul", "gula"), "red": ("röd", "röda")}
    parts = [f"{counts[k]} {one if counts[k] == 1 else many}" for k, (one, many) in words.items()]
    watch = [f"{counts['watch']} bevakas"] if counts.get("watch") else []
    return ", ".join([*parts, f"{counts['grey']} utan bedömning", *watch])


def parse_scope(scope: str, default_area: str) -> tuple[str, str | None]:
    """'meeting' | 'life_stage:<id>' | 'area:<id>' -> (area_id, life_stage_id or None)."""
    kind, _, value = scope.partition(":")
    if kind == "meeting" and not value:
        return default_area, None
    if kind == "life_stage" and value:
        return default_area, value
    if kind == "area" and value:
        return value, None
    raise ScopeError(f"scope '{scope}': expected meeting, life_stage:<id> or area:<id>")


def _line(row: dict, targets: list[dict] | None = None, area_id: str = "", county_area: str = "",
          county: str = COUNTY_NAME) -> IndicatorLine:
    target = current_target(targets or [], row["indicator_id"], area_id, county_area, row.get("target_id"))
    return IndicatorLine(
        target_text=target_sentence(target, county) if target else "",
        target_short=short_sentence(target, county) if target else "",
        target_history=(history_sentence(target, targets or []) or "") if target else "",
        target_level=target["level"] if target else None, target_due=target["due_year"] if target else None,
        target_label=chart_label(target) if target else "",
        indicator_id=row["indicator_id"], series_id=row["series_id"], short_name=row["short_name"], unit=row["unit"],
        direction=row["direction"], read_with_care=bool(row["read_with_care"]), comment=row["comment"] or "",
        latest_year=row["latest_year"], latest_value=row["latest_value"], county_value=row["county_value"],
        riket_value=row["riket_value"], rank_in_county=row["rank_in_county"], rank_of=row["rank_of"],
        mark=row["mark"] or "grey", mark_label=row["mark_label"] or "Ingen bedömning", arrow=row["arrow"] or "–",
        explanation=row["explanation"] or "Ingen bedömning för det här området.",
        target_value=row["target_value"], role=row["role"], role_reason=row["role_reason"] or "",
        vs_county_label=row["vs_county_label"], vs_riket_label=row["vs_riket_label"],
        vs_county=row["vs_county"], vs_riket=row["vs_riket"],
        county_only=bool(row.get("county_only")), latest_period=row.get("latest_period"),
        ci_low=row.get("ci_low"), ci_high=row.get("ci_high"), uncertainty_source=row.get("uncertainty_source"),
    )


def top_indicators(lines: list[IndicatorLine], decided_by: list[str] | None, n: int = TOP_N) -> list[IndicatorLine]:
    """The judged indicators that decided the headline first (in their order), then the worst of the rest; watch
    indicators never enter (they have no colour and did not decide anything)."""
    lines = [i for i in lines if not i.is_watch]
    by_id = {i.indicator_id: i for i in lines}
    first = [by_id[i] for i in (decided_by or []) if i in by_id]
    rest = sorted((i for i in lines if i not in first), key=lambda i: SEVERITY.get(i.mark, 2))
    return (first + rest)[:n]


def _screen(number: int, agenda_row: dict, head: dict, lines: list[IndicatorLine], stage_name: str) -> Screen:
    if agenda_row["kind"] == "life_stage":
        kicker, title = "Livsskede", agenda_row["name"]
    else:
        kicker = f"{stage_name} · {goal_prefix(agenda_row['goal_kind'], agenda_row['number'])}"
        title = goal_title(agenda_row["goal_kind"], agenda_row["number"], agenda_row["name"])
    counts = {c: int(head.get(f"n_{c}") or 0) for c in ("green", "neutral", "yellow", "red", "grey", "watch")}
    return Screen(
        number=number, kind=agenda_row["kind"], item_id=agenda_row["item_id"], title=title, kicker=kicker,
        life_stage_id=agenda_row["life_stage_id"], life_stage_name=stage_name, mark=head.get("mark") or "grey",
        mark_label=head.get("mark_label") or "Ingen bedömning", counts=counts,
        explanation=head.get("explanation") or "Ingen sammanfattande bedömning för det här området.",
        top=top_indicators(lines, head.get("decided_by"), TOP_N - 1 if any(ln.is_watch for ln in lines) else TOP_N),
        all_indicators=lines,
    )


def load_meeting(run: Runner, area_id: str, life_stage_id: str | None = None, gender: str = GENDER) -> Meeting:
    """Everything the meeting screens show for one area, in agenda order (optionally one life stage only)."""
    catalogue = load_catalogue()
    areas = {r["area_id"]: r["name"] for r in run("meeting_areas", []).iter_rows(named=True)}
    if area_id not in areas:
        raise ScopeError(f"area '{area_id}' is not in the database (known: {', '.join(sorted(areas))})")
    agenda = run("meeting_agenda", []).to_dicts()
    stage_names = {r["item_id"]: r["name"] for r in agenda if r["kind"] == "life_stage"}
    if life_stage_id is not None:
        if life_stage_id not in stage_names:
            raise ScopeError(f"life stage '{life_stage_id}' is not in the catalogue "
                             f"(known: {', '.join(stage_names)})")
        agenda = [r for r in agenda if r["life_stage_id"] == life_stage_id]
    heads = {("life_stage", r["item_id"]): r for r in run("meeting_stage_marks", [area_id, gender]).to_dicts()}
    heads |= {("goal", r["life_stage_id"], r["goal_id"]): r
              for r in stage_goal_verdicts(run, area_id, gender).to_dicts()}
    indicator_rows = run("meeting_indicator_marks", [area_id, gender]).to_dicts()
    facts = dict(run("meeting_dataset", []).iter_rows())
    targets = run("targets", []).to_dicts()
    lines = [_line(r, targets, area_id, catalogue.county_area, county_label(facts)) for r in indicator_rows]
    screens = []
    first = 1
    if life_stage_id is None:  # the whole meeting opens with every life stage at a glance
        screens.append(Screen(number=1, kind="overview", item_id="oversikt", title=OVERVIEW_TITLE,
                              kicker="Alla livsskeden", life_stage_id="", life_stage_name="Alla livsskeden",
                              mark="grey", mark_label="",
                              counts=dict.fromkeys(("green", "neutral", "yellow", "red", "grey", "watch"), 0),
                              explanation="", top=[]))
        first = 2
    for number, row in enumerate(agenda, start=first):
        in_stage = [(ln, r) for ln, r in zip(lines, indicator_rows, strict=True)
                    if r["life_stage_id"] == row["life_stage_id"]]
        if row["kind"] == "life_stage":
            members = [ln for ln, _ in in_stage]
            head = heads.get(("life_stage", row["item_id"]), {})
        else:  # only this life stage's indicators of the goal, as its verdict counts them
            members = [ln for ln, r in in_stage if row["item_id"] in (r["goals"] or [])]
            head = heads.get(("goal", row["life_stage_id"], row["item_id"]), {})
        screens.append(_screen(number, row, head, members, stage_names[row["life_stage_id"]]))
    source_rows = run("sources", []).rows()
    series_attribution_rows = run("series_attributions", []).rows()
    series = run(SQL_NAME, series_params(area_id, gender, catalogue.county_area, catalogue.country_area))
    spine = run("spine_rows", [area_id, gender])
    is_county = area_id == catalogue.county_area
    return Meeting(
        area_id=area_id, area_name=county_label(facts) if is_county else areas[area_id],
        county_label=county_label(facts),
        is_demo=facts.get("is_demo") == "true",
        data_date=(facts.get("fetched_at") or facts.get("built_at") or "")[:10],
        snapshot_name=facts.get("snapshot_name"), screens=screens, series=series, spine=spine,
        source=sources.select(source_rows, series_attribution_rows), is_county=is_county,
        source_rows=tuple(source_rows), series_attribution_rows=tuple(series_attribution_rows),
        data_note=data_date_line(facts),
        target_met=tuple(run("target_met", []).to_dicts()) if life_stage_id is None else (),
        county_area=catalogue.county_area,
    )


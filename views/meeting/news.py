""""Nytt sedan förra mötet" for one area: which life stages and goals changed colour, and the area's changed
indicator verdicts. Pure functions over two Meetings (views.meeting.agenda: the earlier meeting's database and
today's) and the Changes between the two database files (views.meeting.changes).

The same summary opens the dashboard's "Nytt sedan förra mötet" page, is a presentation screen and a slide.
A municipality sees its own rows; the county sees every area's (the county view lists all areas).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from views.meeting.agenda import Meeting, Screen
from views.meeting.changes import Changes

NEWS_TITLE = "Nytt sedan förra mötet"
NO_BASELINE = ("Det finns inget sparat möte att jämföra med. Spara dagens underlag före mötet "
               "(”Spara ett möte”), så visar nästa möte vad som har ändrats.")


@dataclass(frozen=True)
class HeadlineChange:
    """A life stage's or a goal's headline mark that changed between two meetings."""

    kind: str  # 'life_stage' | 'goal'
    life_stage_id: str
    item_id: str
    where: str  # 'Barnalivet' / 'Barnalivet · Mål 3'
    title: str  # the life stage's or the goal's title
    old_mark: str | None  # None: not on the earlier meeting's agenda
    old_label: str | None
    new_mark: str
    new_label: str

    @property
    def name(self) -> str:
        """'Barnalivet' for a life stage, 'Barnalivet · Mål 3: Alla barn …' for a goal."""
        return self.title if self.kind == "life_stage" else f"{self.life_stage_name} · {self.title}"

    @property
    def life_stage_name(self) -> str:
        return self.where.split(" · ")[0]


@dataclass(frozen=True)
class MeetingNews:
    """What changed for one area since the earlier meeting."""

    area_name: str
    basis: str  # 'mötet Novembermötet (2026-11-03)'
    headlines: list[HeadlineChange]  # life stages first, then goals, in agenda order
    verdicts: pl.DataFrame  # views/sql/meeting_diff_marks.sql rows for this area (all areas for the county)
    n_new_years: int
    n_revised: int

    @property
    def n_stages(self) -> int:
        return sum(h.kind == "life_stage" for h in self.headlines)

    @property
    def n_goals(self) -> int:
        return sum(h.kind == "goal" for h in self.headlines)

    def summary(self) -> str:
        """'1 livsskede och 3 mål har bytt färg · 12 indikatorer har ny bedömning · 5 nya år · 2 reviderade värden'."""
        stages = f"{self.n_stages} {'livsskede' if self.n_stages == 1 else 'livsskeden'}"
        head = (f"{stages} och {self.n_goals} mål har bytt färg" if self.headlines
                else "Inget livsskede och inget mål har bytt färg")
        n = self.verdicts.height
        parts = [head, f"{n} {'indikator' if n == 1 else 'indikatorer'} med ny bedömning",
                 f"{self.n_new_years} {'indikator' if self.n_new_years == 1 else 'indikatorer'} med ett nytt år",
                 f"{self.n_revised} {'reviderat värde' if self.n_revised == 1 else 'reviderade värden'}"]
        return " · ".join(parts)


def _key(screen: Screen) -> tuple[str, str, str]:
    return screen.kind, screen.life_stage_id, screen.item_id


def headline_changes(old: Meeting, new: Meeting) -> list[HeadlineChange]:
    """The life stages and goals (judged on a life stage's indicators) whose headline mark differs between the
    earlier meeting `old` and today's `new`: life stages first, then goals, each in agenda order."""
    before = {_key(s): s for s in old.screens if s.kind in ("life_stage", "goal")}
    changed = []
    for screen in new.screens:
        if screen.kind not in ("life_stage", "goal"):
            continue
        prev = before.get(_key(screen))
        if prev is not None and prev.mark == screen.mark:
            continue
        changed.append(HeadlineChange(
            kind=screen.kind, life_stage_id=screen.life_stage_id, item_id=screen.item_id,
            where=screen.life_stage_name if screen.kind == "life_stage" else screen.kicker, title=screen.title,
            old_mark=prev.mark if prev else None, old_label=prev.mark_label if prev else None,
            new_mark=screen.mark, new_label=screen.mark_label))
    return sorted(changed, key=lambda h: h.kind != "life_stage")  # stable: agenda order within each kind


def for_area(changes: Changes, area_id: str, gender: str, county_area: str) -> Changes:
    """The changes one area's view shows: a municipality's own revised values and verdicts, the county's view
    every area's; both for one gender. New years and KPI metadata belong to no area and stay whole; a municipality
    sees the target decisions for every area and its own, and the targets it met."""

    def keep(frame: pl.DataFrame) -> pl.DataFrame:
        frame = frame.filter(pl.col("gender") == gender)
        return frame if area_id == county_area else frame.filter(pl.col("area_id") == area_id)

    verdicts = None if changes.verdicts is None else keep(changes.verdicts)
    targets, met = changes.targets, changes.target_met
    if area_id != county_area:  # a municipality: the targets for every area and its own, the targets it met
        targets = None if targets is None else targets.filter(pl.col("area").is_in(["all", area_id]))
        met = None if met is None else met.filter(pl.col("area_id") == area_id)
    return Changes(new_years=changes.new_years, revised=keep(changes.revised), verdicts=verdicts,
                   series_meta=changes.series_meta, basis=changes.basis, note=changes.note, targets=targets,
                   target_met=met)


def meeting_news(old: Meeting, new: Meeting, changes: Changes, gender: str, county_area: str) -> MeetingNews:
    """The summary for `new`'s area: its headline changes and its (gender's) changed verdicts and revisions."""
    mine = for_area(changes, new.area_id, gender, county_area)
    verdicts = mine.verdicts if mine.verdicts is not None else pl.DataFrame()
    return MeetingNews(area_name=new.area_name, basis=changes.basis, headlines=headline_changes(old, new),
                       verdicts=verdicts, n_new_years=changes.new_years.height, n_revised=mine.revised.height)

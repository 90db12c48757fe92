"""One entry of the target register (indicators/targets.yaml): a target the steering group decided or was offered.

Kept apart from indicators/targets.py (validation against the catalogue, the target in force) so the catalogue
model can hold the register without an import cycle.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ALL_AREAS = "all"       # every area the status judges: the county's municipalities and the county
COUNTY_AREA = "county"  # the county as one area (areas.yaml county_area)
DECIDED = "beslutat"
PROPOSED = "förslag"


class TargetDecision(BaseModel):
    """A level or a direction, due in a year, for one indicator in `all` areas, the county or one municipality.

    `status: beslutat` needs who decided (`body`), when (`date`) and in which `document`; a proposal (`förslag`)
    may leave them out. `raises` names the earlier target this one raises: the earlier one stays in the register
    (history) and is in force until this one applies. A target applies to the values of the year of its `date`
    on, or from `applies_from` when given; a proposal without a date applies to every year.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    indicator: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    area: str = ALL_AREAS
    level: float | None = None
    direction: Literal["increase", "decrease"] | None = None
    due: int = Field(ge=2000, le=2100)
    baseline_year: int | None = Field(default=None, ge=1990, le=2100)
    status: Literal["beslutat", "förslag"]
    body: str = ""
    date: dt.date | None = None
    document: str = ""
    raises: str | None = None
    applies_from: int | None = Field(default=None, ge=1990, le=2100)
    note: str = ""

    @model_validator(mode="after")
    def _level_or_direction(self) -> TargetDecision:
        if (self.level is None) == (self.direction is None):
            raise ValueError("give exactly one of 'level' (a value to reach) or 'direction' (increase or decrease)")
        return self

    @property
    def decided(self) -> bool:
        return self.status == DECIDED

    @property
    def first_year(self) -> int | None:
        """The first data year the target applies to (None: every year)."""
        if self.applies_from is not None:
            return self.applies_from
        return self.date.year if self.date is not None else None

    def applies_in(self, year: int) -> bool:
        return self.first_year is None or year >= self.first_year


class TargetsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: list[TargetDecision] = []

"""Fixtures for the PxWeb tests: a fake server with Folkhälsodata-style v1 tables and one SCB-style v2 table."""

from __future__ import annotations

import pytest

from etl.http import HttpPolicy, HttpSession
from tests.pxweb_server import FakeTable, FakeVariable, PxWebTestServer, fohm_survey_table

HALSGOD = "A_Mo8/Halsoutfall/01Overgrip/01.01halsgod/halsgodyreg.px"
TOBAK = "A_Mo8/6_Levanor/01Begrans/06.01tobakdag/tobakdagyreg.px"


def v1_tables() -> list[FakeTable]:
    return [
        fohm_survey_table(HALSGOD, "Självskattat allmänt hälsotillstånd efter region, kön och år",
                          "Hälsotillstånd", [("01", "Bra eller mycket bra"), ("02", "Dåligt eller mycket dåligt")],
                          missing={("17", "02", "02", "2009-2012")}),
        fohm_survey_table(TOBAK, "Användning av tobaks- och nikotinprodukter efter region, kön och år",
                          "Användning av tobaks- och nikotinprodukter", [("01", "Röker dagligen"),
                                                                         ("02", "Snusar dagligen")]),
    ]


def v2_population() -> FakeTable:
    regions = ["00", "17", "1780", "1715"]
    ages = [str(a) for a in range(80, 100)] + ["100+"]
    return FakeTable("TAB638", "Folkmängd efter region, ålder och år", [
        FakeVariable("Region", "region", regions, ["Riket", "Värmlands län", "Karlstad", "Kil"]),
        FakeVariable("Alder", "ålder", ages, [f"{a} år" for a in ages], elimination=True),
        FakeVariable("ContentsCode", "tabellinnehåll", ["BE0101N1"], ["Folkmängd"]),
        FakeVariable("Tid", "år", ["2022", "2023", "2024"], ["2022", "2023", "2024"], time=True),
    ], value=population)


def population(dims: dict[str, str]) -> float | None:
    """Synthetic: a figure that says which cell it is; Kil 2022 is missing; an eliminated age sums 21 ages."""
    if (dims["Region"], dims["Tid"]) == ("1715", "2022"):
        return None
    one = float(len(dims["Region"]) * 100 + int(dims["Tid"]) - 2000)
    return one if "Alder" in dims else one * 21


@pytest.fixture
def pxserver():
    with PxWebTestServer(v1_tables=v1_tables(), v2_tables=[v2_population()]) as srv:
        yield srv


@pytest.fixture
def session():
    with HttpSession(HttpPolicy.fast()) as s:
        yield s

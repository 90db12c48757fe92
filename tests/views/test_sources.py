"""Attribution lines come from the database's source table, per series when asked."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.schema import SCHEMA_VERSION
from views import db
from views.sources import STATUS, VERDICT, attribution


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    path = tmp_path / "two.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dataset (key TEXT, value TEXT)")
    con.execute("INSERT INTO dataset VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.execute("CREATE TABLE source (source_id TEXT, title TEXT, publisher TEXT, licence TEXT, attribution TEXT, "
                "url TEXT)")
    con.execute("INSERT INTO source VALUES ('kolada', 'Kolada', 'RKA', 'fri', 'Källa: Kolada', 'u'), "
                "('fohm', 'Folkhälsomyndigheten', 'FoHM', 'fri', 'Källa: Folkhälsomyndigheten, Folkhälsodata', 'u')")
    con.execute("CREATE TABLE series (series_id TEXT, title TEXT, attribution TEXT)")
    con.execute("INSERT INTO series VALUES ('kolada:N01481', 'a', NULL), ('fohm:hlv1', 'b', NULL)")
    con.close()
    yield path
    db.release(path)


def test_every_source_by_default_each_on_its_own_line(two_sources: Path) -> None:
    a = attribution(two_sources)
    assert a.own == "Egen bearbetning av data från Folkhälsomyndigheten och Kolada"
    assert a.lines_under(STATUS, "Data hämtade 2026-11-20.") == (
        "Källa: Folkhälsomyndigheten, Folkhälsodata", "Källa: Kolada",
        "Status: egen bearbetning av data från Folkhälsomyndigheten och Kolada. Data hämtade 2026-11-20.")
    assert a.lines_under(VERDICT)[-1] == "Bedömning: egen bearbetning av data från Folkhälsomyndigheten och Kolada"
    # a note never joins a source's line
    assert a.lines_under(None, "Måttens metadata.") == (*a.lines, "Måttens metadata.")
    assert not hasattr(a, "data")  # no joined form to reach for


def test_only_the_sources_of_the_series_shown(two_sources: Path) -> None:
    assert attribution(two_sources, ["kolada:N01481"]).lines == ("Källa: Kolada",)
    assert attribution(two_sources, ["N01481"]).own == "Egen bearbetning av data från Kolada"  # bare = default
    assert attribution(two_sources, ["fohm:hlv1"]).lines == ("Källa: Folkhälsomyndigheten, Folkhälsodata",)


def test_each_source_has_its_own_line(two_sources: Path) -> None:
    assert attribution(two_sources).lines == ("Källa: Folkhälsomyndigheten, Folkhälsodata", "Källa: Kolada")


def test_own_figures_carry_the_line_of_their_file_never_another_source(two_sources: Path) -> None:
    con = duckdb.connect(str(two_sources))
    con.execute("INSERT INTO source VALUES ('egna', 'Egna siffror', 'Nya Perspektiv', 'egna', 'Egna siffror', 'u')")
    con.execute("INSERT INTO series VALUES ('egna:ung_trygg', 'Trygg i skolan', "
                "'Källa: Region Värmland, ungdomsenkäten 2024'), ('egna:ung_sov', 'Sover', "
                "'Källa: Region Värmland, ungdomsenkäten 2024'), ('egna:plan', 'Plan', 'Källa: Karlstads kommun')")
    con.close()
    db.release(two_sources)
    own = attribution(two_sources, ["egna:ung_trygg", "egna:ung_sov"])
    assert own.lines == ("Källa: Region Värmland, ungdomsenkäten 2024 (Egna siffror)",)
    assert own.from_files == set(own.lines)  # shown escaped: the line comes from a file
    assert not any("Kolada" in line or "Folkhälsomyndigheten" in line for line in own.lines_under(STATUS))
    mixed = attribution(two_sources, ["kolada:N01481", "egna:plan"])
    assert mixed.lines == ("Källa: Karlstads kommun (Egna siffror)", "Källa: Kolada")
    assert len(attribution(two_sources).lines) == 4  # each source, own figures by each file's line


def test_pooled_windows_are_shown_as_windows_and_years_as_years() -> None:
    from views.words import period_text

    assert period_text(2024, "2021-2024") == "2021–2024"
    assert period_text(2024, "2024") == "2024" and period_text(2024, None) == "2024"

"""The FoHM series definitions in the catalogue (indicators/sources/fohm.yaml): valid, and problems named by
file and line; the real file fetched and parsed against a fake server built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.http import HttpPolicy, HttpSession
from etl.sources import FetchRequest
from etl.sources.pxweb.definitions import load_definitions
from etl.sources.pxweb.instances import fohm_source
from indicators.catalogue import catalogue_dir
from indicators.yaml_lines import CatalogueError
from tests.pxweb.runs import DirRun
from tests.pxweb_server import PxWebTestServer, fohm_tables_for

FOHM_YAML = catalogue_dir() / "sources" / "fohm.yaml"


def test_the_real_definitions_load_with_at_least_six_survey_series() -> None:
    defs = load_definitions(FOHM_YAML)
    assert len(defs.series) >= 6
    assert all(s.grain == "county" and s.period == "pooled" and s.uncertainty == "ci" for s in defs.series)
    assert all(s.expect_text for s in defs.series)  # every series guarded against a wrong code


def test_the_real_definitions_fetch_and_parse_against_the_fake_server(tmp_path: Path) -> None:
    defs = load_definitions(FOHM_YAML)
    with PxWebTestServer(v1_tables=fohm_tables_for(defs)) as srv, HttpSession(HttpPolicy.fast()) as session:
        run = DirRun(tmp_path / "run")
        missing = fohm_source().fetch(FetchRequest(series=[s.id for s in defs.series], areas=["0000", "0017", "1780"],
                                                   mode="full", from_date=None, base_url=srv.v1_base), run, session)
        assert missing == []
        tables = len({s.table for s in defs.series})
        assert session.requests_made == 1 + 2 * tables  # config, then metadata and one data request per table
    values = fohm_source().parse(run, None).values
    assert set(values["series_id"]) == {f"fohm:{s.id}" for s in defs.series}
    assert set(values["area_id"]) == {"0000", "0017"}
    assert values["ci_low"].null_count() == 0 and (values["ci_low"] <= values["value"]).all()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fohm.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_problems_name_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, """database: A_Folkhalsodata
series:
  - id: ok_serie
    title: En serie
    table: A/b.px
    grain: county
    period: pooled
  - id: Dålig
    title: En annan
    table: A/c.px
    grain: kommun
    period: year
    shown_as: last
  - id: ok_serie
    title: Dubblett
    table: A/d.px
    grain: county
    period: pooled
""")
    with pytest.raises(CatalogueError) as info:
        load_definitions(path)
    text = "\n".join(info.value.problems)
    assert f"{path}:8: series[1].id: String should match pattern" in text
    assert f"{path}:11: series[1].grain: Input should be 'county' or 'municipality'" in text


def test_duplicates_and_shown_as_on_a_year_series(tmp_path: Path) -> None:
    path = write(tmp_path, """series:
  - id: a
    title: En serie
    table: A/b.px
    grain: county
    period: year
    shown_as: last
  - id: a
    title: Dubblett
    table: A/d.px
    grain: county
    period: pooled
""")
    with pytest.raises(CatalogueError) as info:
        load_definitions(path)
    assert info.value.problems == [
        f"{path}:7: series[0].shown_as: only for period: pooled",
        f"{path}:8: series[1].id: duplicate id 'a' (first at series[0])",
    ]


def test_category_text_selects_by_the_value_text(tmp_path: Path) -> None:
    from etl.sources.pxweb.definitions import DefinitionsFile, SeriesDef
    from tests.pxweb.conftest import HALSGOD, v1_tables

    defs = DefinitionsFile(database="A_Folkhalsodata", series=[
        SeriesDef(id="x", title="Dålig hälsa", table=HALSGOD, category_text="dåligt eller mycket dåligt",
                  grain="county", period="pooled", uncertainty="ci"),
        SeriesDef(id="y", title="Finns inte", table=HALSGOD, category_text="Ganska bra", grain="county",
                  period="pooled")])
    with PxWebTestServer(v1_tables=v1_tables()) as srv, HttpSession(HttpPolicy.fast()) as session:
        run = DirRun(tmp_path / "run")
        fohm_source(definitions=defs).fetch(FetchRequest(series=["x"], areas=["0000", "0017"], mode="full",
                                                         from_date=None, base_url=srv.v1_base), run, session)
        sent = srv.posts()[0][1]
        assert {q["code"]: q["selection"]["values"] for q in sent["query"]}["Hälsotillstånd"] == ["02"]
        # a series that does not fit its table fails on its own: named in the run, its table's series refused
        request = FetchRequest(series=["y"], areas=["0000", "0017"], mode="full", from_date=None,
                               base_url=srv.v1_base)
        r2 = DirRun(tmp_path / "r2")
        fohm_source(definitions=defs).fetch(request, r2, session)
        assert any("has no categories reading 'Ganska bra'" in n for n in request.notes)
        assert [e.kind for e in r2.files] == ["config", "metadata", "failed"]
        r2.series_ids = ["y"]
        parsed = fohm_source(definitions=defs).parse_files(r2)
        assert parsed.values.is_empty() and "has no categories reading 'Ganska bra'" in parsed.refused["fohm:y"]

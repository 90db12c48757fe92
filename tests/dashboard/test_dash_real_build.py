"""The dashboard on a database built from a fetch (full + incremental) against the local fake Kolada server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dash_helpers import APP, html_bodies

from core.settings import load_settings
from dashboard import data
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from indicators.catalogue import load_catalogue
from tests.kolada_server import KoladaTestServer, make_dataset

PAGES = (None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py",
         "app_pages/metod.py")


@pytest.fixture
def real_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    catalogue = load_catalogue()
    dataset = make_dataset(catalogue, years=range(2016, 2025), seed=7)
    kpi = catalogue.indicators[0].kpi
    area = catalogue.municipality_ids[0]
    with KoladaTestServer(dataset) as server:
        settings = load_settings(base_url=server.base_url, data_dir=tmp_path / "data")
        fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast())
        dataset.set_value(kpi, area, 2023, "T", 12.3, changed=date.today())
        dataset.set_kpi_field(kpi, "publication_date", "2027-02-15")
        fetch_run(settings, catalogue, mode="incremental", policy=HttpPolicy.fast())
    build_database(settings, catalogue)
    monkeypatch.setenv("NP_DATA_DIR", str(settings.data_dir))
    data.clear_caches()
    yield settings.data_dir, kpi
    data.clear_caches()


def test_every_page_on_real_data_has_no_demo_banner(real_dir):
    from streamlit.testing.v1 import AppTest

    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["kommun"] = "1784"
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert "DEMODATA" not in html_bodies(at)
        if page == "app_pages/indikator.py":  # the source's exact line, from the database's source table
            captions = " ".join(c.value for c in at.caption)
            assert "Källa: Kolada" in captions and "Egen bearbetning av data från Kolada" in captions


def test_method_page_lists_what_the_incremental_refresh_changed(real_dir):
    from streamlit.testing.v1 import AppTest

    _, kpi = real_dir
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/metod.py").run()
    assert not at.exception
    html = html_bodies(at)
    changes = html[html.index('data-testid="np-changes"'):]
    changes = changes[:changes.index("</table>")]
    assert kpi in changes and "Reviderade" in changes
    assert "publication_date" in html and "2027-02-15" in html
    text = " ".join(m.value for m in at.markdown)
    assert "Senaste lyckade hämtning" in text
    # Each source: licence, last successful fetch and the next publication its series announce
    sources = html[html.index('data-testid="np-sources"'):]
    sources = sources[:sources.index("</table>")]
    from views.format import fmt_date, fmt_datetime
    db = real_dir[0] / "nyaperspektiv.duckdb"
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        title, licence, last_ok = con.execute(
            "select s.title, s.licence, max(r.finished_at) from source s join etl_run r using (source_id) "
            "where r.outcome = 'ok' group by all").fetchone()
        nxt = con.execute("select min(publication_date) from series "
                          "where publication_date >= current_date").fetchone()[0]
    finally:
        con.close()
    assert title in sources and licence in sources and fmt_datetime(last_ok) in sources
    assert (fmt_date(nxt) if nxt else "okänd") in sources

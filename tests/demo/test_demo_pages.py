"""What a person sees on the demo: no real source's name, the build date instead of a fetch date, and a history
that "Nytt sedan förra mötet" and the change log can show on a fresh machine."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from demo_helpers import APP, rows
from streamlit.testing.v1 import AppTest

PAGES = (None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py",
         "app_pages/metod.py", "app_pages/nytt_sedan.py", "app_pages/presentation.py")


def _run(page: str | None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def _text(at: AppTest) -> str:
    """Everything shown, except the method document (docs/method.md describes the method for real data)."""
    shown = [m.value for m in at.markdown if "Vad som bedöms" not in m.value]
    parts = [h.proto.body for h in at.html] + [c.value for c in at.caption] + shown
    parts += [i.value for i in at.info] + [s.value for s in at.subheader]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_no_demo_page_credits_kolada(demo_dir, page):
    at = _run(page, kommun="1762")
    text = _text(at)
    assert "DEMODATA" in text
    assert "Källa: Kolada" not in text and "data från Kolada" not in text
    assert "Folkhälsomyndigheten" not in text and "Folkhälsodata" not in text  # the second source neither
    assert "planerad enligt Kolada" not in text and "Data hämtad" not in text
    if page not in ("app_pages/presentation.py",):
        assert "Demodata byggd" in text
    if page in (None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py"):
        assert "Källa: demodata (påhittade siffror)" in text or "Egen bearbetning av demodata" in text


def test_nytt_sedan_shows_a_new_year_a_revision_and_a_changed_verdict(demo_dir):
    at = _run("app_pages/nytt_sedan.py")
    assert at.radio(key="np_nytt_mode").value == "snapshot"  # the demo carries the previous meeting
    heads = {re.sub(r" \(\d+\)$", "", h.value): int(re.search(r"\((\d+)\)$", h.value).group(1))
             for h in at.subheader if re.search(r"\(\d+\)$", h.value)}
    assert heads["Indikatorer med ett nytt år"] >= 1
    assert heads["Värden som har reviderats eller tagits bort i demodatan"] >= 1
    assert heads["Ändrade bedömningar"] >= 1
    html = "\n".join(h.proto.body for h in at.html)
    for test_id in ("np_nytt_new_years", "np_nytt_revised", "np_nytt_verdicts"):
        table = next(b for b in html.split("<table") if f'data-testid="{test_id}"' in b)
        assert table.count("<tr>") >= 2, test_id
    assert "Styrgruppen (demo)" in _text(at)


def test_method_page_shows_the_demo_change_set(demo_dir):
    at = _run("app_pages/metod.py")
    text = _text(at)
    assert "Senaste ändringsomgång i demodatan: **demo-2**" in text
    assert 'data-testid="np-changes"' in text
    sources = {s for (s,) in rows(demo_dir / "nyaperspektiv.duckdb", "SELECT DISTINCT source FROM etl_run")}
    assert sources == {"demo"}


def test_dataset_facts_say_demo_and_nothing_was_fetched(demo_db):
    facts = dict(rows(demo_db, "SELECT key, value FROM dataset"))
    assert facts["is_demo"] == "true" and facts["source"] == "demo"
    assert facts["attribution"] == "Källa: demodata (påhittade siffror)"
    assert facts["attribution_own"] == "Egen bearbetning av demodata"
    assert "fetched_at" not in facts
    assert rows(demo_db, "SELECT count(*) FROM series WHERE fetched_at IS NOT NULL OR publication_date IS NOT NULL "
                         "OR title NOT LIKE 'DEMO – %'")[0][0] == 0


def test_etl_status_on_demo_says_demo(demo_dir):
    done = subprocess.run([sys.executable, "-m", "etl", "--data-dir", str(demo_dir), "status"],
                          capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "DEMODATA" in done.stdout and "Egen bearbetning av demodata" in done.stdout
    assert "Kolada" not in done.stdout

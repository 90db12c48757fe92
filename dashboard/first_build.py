"""The pages shown while there is no database: what `etl ensure` is doing (core/build_status.py), or that nothing is.

On a first start scripts/start.sh serves the dashboard at once, beside `etl ensure` building the first database.
Until the file is there a visitor sees one of:
- "Databasen byggs …": ensure is running (its status file says so and its process is alive): what it does now,
  how long it has been at it, and that sources which cannot be reached give DEMODATA;
- "Databasen kunde inte byggas": ensure failed (its message) or stopped midway, and how to build one by hand;
- "Ingen databas ännu": nothing is building; how to build one.
Every one of them looks again every POLL_SECONDS (a fragment run on a timer, a few file stats) and reruns the whole
app once the database file or the status changes, so the page becomes the dashboard as soon as the build has
swapped its file in (views/db.py opens each new file generation afresh).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from core.build_status import BUILDING, FAILED, BuildStatus, read_status
from dashboard.ui import APP_NAME
from views.safe_text import md_escape

POLL_SECONDS = 1.0

HOW_TO_BUILD = (
    "Bygg en från terminalen i projektmappen:\n\n"
    "- `bash scripts/start.sh` – bygger en databas om det saknas (riktiga data från källorna, annars "
    "tydligt märkta demodata) och startar instrumentpanelen\n"
    "- `.venv/bin/python -m etl refresh` – riktiga data från källorna\n"
    "- `.venv/bin/python -m etl demo` – påhittade demodata (fungerar utan internet)\n\n"
    "Databasen hamnar i mappen som `NP_DATA_DIR` pekar på (standard: `data/`). Sidan visar instrumentpanelen av "
    "sig själv när databasen finns."
)


def situation(db_path: Path) -> tuple[str, BuildStatus | None]:
    """('ready' | 'building' | 'failed' | 'stopped' | 'none', the status file's content)."""
    if db_path.is_file():
        return "ready", None
    status = read_status(db_path.parent)
    if status is None:
        return "none", None
    if status.state == FAILED:
        return "failed", status
    if status.state == BUILDING and status.running():
        return "building", status
    return "stopped", status


def elapsed_seconds(started_at: str, now: datetime | None = None) -> int | None:
    try:
        start = datetime.strptime(started_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return max(0, int(((now or datetime.now(UTC)) - start).total_seconds()))


def _key(now: str, status: BuildStatus | None) -> tuple[str, str]:
    return now, status.message if status is not None else ""


def _watch(db_path: Path, shown: tuple[str, str]) -> None:
    """Every POLL_SECONDS: rerun the app when the situation (or ensure's step) is no longer the one shown; else
    refresh the clock."""
    @st.fragment(run_every=POLL_SECONDS)
    def watcher() -> None:
        now, status = situation(db_path)
        if _key(now, status) != shown:
            st.rerun(scope="app")
        if now == "building" and status is not None:
            seconds = elapsed_seconds(status.started_at)
            if seconds is not None:
                st.caption(f"Bygget har pågått i {seconds} s. Sidan uppdateras av sig själv.")
    watcher()


def _app_name() -> None:
    st.html(f'<div class="np-app-name" data-testid="np-app-name">{APP_NAME}</div>')


def building_page(db_path: Path, status: BuildStatus) -> None:
    _app_name()
    st.title("Databasen byggs …", anchor=False)
    st.info(md_escape(f"Just nu: {status.message or 'startar'}."))
    st.markdown(
        "Det här är första starten: instrumentpanelen bygger sin databas och visar översikten av sig själv när den "
        "är klar. Först provas källorna. **Kan de inte nås byggs DEMODATA** – påhittade siffror, tydligt märkta "
        "på varje sida – så att du ser hur panelen fungerar; riktiga data hämtas vid nästa start. Demodatan tar "
        "oftast under en minut, en första hämtning av riktiga data flera minuter."
    )
    st.caption(md_escape(f"Databasen blir {db_path}."))
    _watch(db_path, _key("building", status))


def failed_page(db_path: Path, status: BuildStatus, stopped: bool) -> None:
    _app_name()
    st.title("Databasen kunde inte byggas", anchor=False)
    if stopped:
        st.error(md_escape(f"Bygget som startade {status.started_at.replace('T', ' ').rstrip('Z')} (UTC) avbröts "
                           f"innan databasen var klar (processen {status.pid} finns inte längre)."))
    else:
        st.error(md_escape(f"Bygget misslyckades: {status.message or 'okänt fel'}"))
    st.markdown("Felet står också i terminalen där instrumentpanelen startades. " + HOW_TO_BUILD)
    _watch(db_path, _key("stopped" if stopped else "failed", status))


def no_database_page(db_path: Path) -> None:
    _app_name()
    st.title("Ingen databas ännu", anchor=False)
    st.error(md_escape(f"Det finns ingen databas på {db_path}."))
    st.markdown(HOW_TO_BUILD)
    _watch(db_path, _key("none", None))


def page_for(db_path: Path) -> tuple[str, str]:
    """(title, url_path) of the page for a missing database; `show(db_path)` draws it."""
    now, _ = situation(db_path)
    if now == "building":
        return "Databasen byggs", "databasen-byggs"
    if now in ("failed", "stopped"):
        return "Bygget misslyckades", "bygget-misslyckades"
    return "Ingen databas", "ingen-databas"


def show(db_path: Path) -> None:
    now, status = situation(db_path)
    if now == "building" and status is not None:
        building_page(db_path, status)
    elif now in ("failed", "stopped") and status is not None:
        failed_page(db_path, status, stopped=now == "stopped")
    else:
        no_database_page(db_path)

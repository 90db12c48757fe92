"""The banner that tells analysts the data is not current: refreshes failing in a row, or series published again at
the source since they were fetched (views/refresh_status.py). A compact line on every page, the full text on
"Data och metod". Everything shown is escaped: the failure message comes from upstream."""

from __future__ import annotations

from html import escape

import streamlit as st

from core.settings import load_settings
from views.refresh_status import RefreshAlert, refresh_alert

STYLE = ("background:#FFF4CC; color:#4A2F00; border:3px solid #B35900; border-radius:.4rem; "
         "padding:.4rem .9rem; font-weight:600; margin:.2rem 0 .4rem 0;")


def current_alert() -> RefreshAlert | None:
    """The live data directory's alert, or None when everything is current or it cannot be read."""
    settings = load_settings()
    try:
        alert = refresh_alert(settings.data_dir, settings.db_path)
    except Exception:  # noqa: BLE001 - the banner must never take a page down
        return None
    return alert if alert.active else None


def compact() -> None:
    alert = current_alert()
    if alert is None:
        return
    what = []
    if alert.health.failing:
        what.append(f"de senaste {alert.health.failures_in_a_row} uppdateringarna misslyckades")
    if alert.overdue:
        what.append(f"{len(alert.overdue)} mått har publicerats på nytt sedan de hämtades")
    st.html(f'<div role="status" data-testid="np-refresh-alert" style="{STYLE}">Data kan vara inaktuella: '
            f'{escape(" och ".join(what))}. Se "Data och metod".</div>')


def full() -> None:
    alert = current_alert()
    if alert is None:
        return
    body = "".join(f"<p style='margin:.2rem 0'>{escape(line)}</p>" for line in alert.lines())
    st.html(f'<div role="alert" data-testid="np-refresh-alert-full" style="{STYLE}">'
            f"<b>Data kan vara inaktuella.</b>{body}"
            "<p style='margin:.2rem 0; font-weight:400'>Kör <code>python -m etl runs</code> och "
            "<code>python -m etl status</code> i projektmappen för detaljer.</p></div>")

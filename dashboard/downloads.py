"""Download buttons under a table: Excel-friendly CSV (; and decimal comma, UTF-8 with BOM) and .xlsx.

Any page can call `download_buttons(df, "nytt-sedan-reviderade")` under a table; pass the frame with numbers as
numbers (not formatted text) so Excel can calculate with them. A table that costs something to build can be handed
over as a function with `empty=` said up front: it is built only when a button is clicked. Such a function runs
outside the page's script (in the server's thread pool): it must take everything session-bound (the database path,
the county's name) from the page, never from the session.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from core.meeting_snapshots import slugify
from views.meeting.tables import sheet_title, to_excel_csv, to_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(df: pl.DataFrame | Callable[[], pl.DataFrame], basename: str, *, key: str | None = None,
                     empty: bool | None = None) -> None:
    """Two buttons side by side: "Ladda ner .xlsx" and "Ladda ner CSV (Excel)". `df`: the table, or a function
    that builds it (then `empty` says whether it has no rows: the buttons are disabled)."""
    name = slugify(basename) or "tabell"
    key = key or f"dl_{name}"
    if callable(df):
        if empty is None:
            raise ValueError(f"download_buttons({basename!r}): a table given as a function needs empty=")
        table = df
    else:
        frame = df
        empty = frame.is_empty()

        def table() -> pl.DataFrame:
            return frame
    row = st.container(horizontal=True, gap="small", key=f"{key}_row")
    with row:
        # the files are made when a button is clicked (a callable), not on every view: most views download nothing,
        # and bytes handed over up front are kept per session in the server's memory
        st.download_button("Ladda ner .xlsx", data=lambda: to_xlsx(table(), sheet_title(basename)),
                           file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:",
                           on_click="ignore", disabled=empty)
        st.download_button("Ladda ner CSV (Excel)", data=lambda: to_excel_csv(table()), file_name=f"{name}.csv",
                           mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore",
                           disabled=empty)

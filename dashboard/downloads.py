"""Download buttons under a table: Excel-friendly CSV (; and decimal comma, UTF-8 with BOM) and .xlsx.

Any page can call `download_buttons(df, "nytt-sedan-reviderade")` under a table; pass the frame with numbers as
numbers (not formatted text) so Excel can calculate with them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.meeting_snapshots import slugify
from views.meeting.tables import sheet_title, to_excel_csv, to_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(df: pl.DataFrame, basename: str, *, key: str | None = None) -> None:
    """Two buttons side by side: "Ladda ner .xlsx" and "Ladda ner CSV (Excel)"."""
    name = slugify(basename) or "tabell"
    key = key or f"dl_{name}"
    row = st.container(horizontal=True, gap="small", key=f"{key}_row")
    with row:
        # the files are made when a button is clicked (a callable), not on every view: most views download nothing,
        # and bytes handed over up front are kept per session in the server's memory
        st.download_button("Ladda ner .xlsx", data=lambda: to_xlsx(df, sheet_title(basename)), file_name=f"{name}.xlsx",
                           mime=XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
                           disabled=df.is_empty())
        st.download_button("Ladda ner CSV (Excel)", data=lambda: to_excel_csv(df), file_name=f"{name}.csv",
                           mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore",
                           disabled=df.is_empty())

"""Översyn av indikatorerna: the yearly review for the analysts – every indicator's coverage, verdicts, detectable
change and target, the cells without a judged indicator, candidate measures per goal and the steering documents.
The same tables as `python -m etl review --out FILE.xlsx` (views/review.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import data, ui
from dashboard.downloads import XLSX_MIME, download_buttons
from exports.review_xlsx import write_review
from views.review import Review, load_review

OWN = "översyn av indikatorerna"


@st.cache_data(max_entries=4, show_spinner=False)
def _review(path: str, version: tuple[int, int]) -> Review:
    return load_review(Path(path))


@st.cache_data(max_entries=4, show_spinner=False)
def _workbook(path: str, version: tuple[int, int]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_review(Path(path), Path(folder) / "oversyn.xlsx").read_bytes()


def section(title: str, frame: pl.DataFrame, basename: str, key: str, empty: str, caption: str = "") -> None:
    st.subheader(f"{title} ({frame.height})", anchor=False)
    if caption:
        st.caption(caption)
    if frame.is_empty():
        st.info(empty)
    else:
        st.dataframe(frame, hide_index=True, key=key, width="stretch")
    download_buttons(frame, basename, key=f"dl_{key}")


def main() -> None:
    ui.page_header("Översyn av indikatorerna", show_area=False)
    path = data.db_path()
    stat = path.stat()
    version = (stat.st_ino, stat.st_mtime_ns)
    review = _review(str(path), version)
    st.markdown("Underlaget för den årliga översynen: vilka indikatorer som är inaktuella, tunna eller för "
                "osäkra för att någonsin få en bedömning i små kommuner, vilka celler som saknar en bedömd "
                "indikator och vilka mått hos källorna som skulle kunna ersätta eller komplettera dem.")
    st.download_button("Ladda ner hela översynen (.xlsx)", data=_workbook(str(path), version),
                       file_name="oversyn-av-indikatorerna.xlsx", mime=XLSX_MIME, key="np_review_xlsx",
                       icon=":material/download:", on_click="ignore")
    section("Indikatorerna", review.indicators, "oversyn-indikatorer", "np_review_indicators", "Inga indikatorer.",
            "Täckning: kommun × år med värde av alla möjliga, från första året med värde. Minsta upptäckbara "
            "förändring: medianen per storleksgrupp (invånare), i indikatorns enhet per år; jämförs med den "
            "förändring metoden kallar meningsfull.")
    section("Celler utan bedömd indikator", review.empty_cells, "oversyn-celler", "np_review_cells",
            "Varje livsskede × mål har minst en bedömd indikator.")
    section("Kandidatmått per mål", review.candidates, "oversyn-kandidater", "np_review_candidates",
            review.note or "Källornas listor gav inga kandidater för målens sökord.",
            "Sökning i källans lista över mått på målens sökord (goals.yaml search_words); täckning bland länets "
            "kommuner det senaste året. Upptäcktskänsliga mått räknar det som upptäcks eller anmäls: fler kan "
            "betyda bättre upptäckt.")
    section("Styrdokument per mål", review.documents, "oversyn-styrdokument", "np_review_documents",
            "Inga styrdokument kopplade till målen.")
    ui.source_line(own=True, extra=OWN)


main()

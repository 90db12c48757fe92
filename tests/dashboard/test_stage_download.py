"""A life stage's table taken home for Excel says whose figures they are (area, gender) and rounds the county's
weighted mean as the sources publish."""

from __future__ import annotations

import polars as pl

from dashboard.downloads import to_excel_csv
from dashboard.stage_download import goal_download


def _rows() -> pl.DataFrame:
    return pl.DataFrame({
        "series_id": ["kolada:N1", "kolada:N2"], "short_name": ["Åk 9 – behöriga", "Ohälsotal"],
        "mark_label": ["Bättre än riket", "Sämre än riket"], "latest_year": [2025, 2024],
        "latest_value": [82.5, 31.2], "unit": ["percent", "days"], "county_value": [71.57045309914724, 29.04],
        "riket_value": [80.1, 27.0], "rank_in_county": [3, None], "rank_of": [16, None],
        "ci_low": [79.04999, None], "ci_high": [85.95001, None], "count": [66.2, None], "denominator": [80.3, None],
        "vs_riket_label": ["Bättre än riket", None], "vs_county_label": ["Bättre än länet", None],
    })


def test_the_file_names_area_and_gender_and_rounds_the_county_mean() -> None:
    out = goal_download(_rows(), "Säffle", "Kvinnor", "Hela Värmland", pl.Series("Källa", ["Kolada", "Kolada"]))
    assert out.columns[:3] == ["Område", "Kön", "Indikator"]
    assert out["Område"].to_list() == ["Säffle", "Säffle"] and out["Kön"].to_list() == ["Kvinnor", "Kvinnor"]
    assert out["Hela Värmland"].to_list() == [71.6, 29.0]
    assert out["Källa"].to_list() == ["Kolada", "Kolada"]
    assert set(out["Status, intervall, jämförelser, länsvärde och rang"]) == {"egen bearbetning"}
    csv = to_excel_csv(out).decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("Säffle;Kvinnor;Åk 9 – behöriga;") and ";71,6;" in csv


def test_the_file_carries_the_interval_count_population_and_verdicts_rounded_as_the_page() -> None:
    out = goal_download(_rows(), "Säffle", "Totalt", "Hela Värmland", pl.Series("Källa", ["Kolada", "Kolada"]))
    assert out["Nedre gräns (95 %)"].to_list() == [79.0, None]
    assert out["Övre gräns (95 %)"].to_list() == [86.0, None]
    assert out["Antal fall (beräknat)"].to_list() == [66, None]
    assert out["Befolkning bakom värdet"].to_list() == [80, None]
    assert out["Jämfört med riket"].to_list() == ["Bättre än riket", None]
    assert out["Jämfört med länet"].to_list() == ["Bättre än länet", None]

"""Kommunprofil: every indicator for one area, by life stage – better or worse than the county (Riket for the
county itself), and what has improved or worsened."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, state, ui
from dashboard.downloads import download_buttons
from views.format import MISSING, UNIT_WORDS, fmt_delta, fmt_value
from views.safe_text import md_escape
from views.targets import area_targets, target_sentence
from views.words import RIKET_NAME

# At 1280 px wide the table has 848 px: the comparison and its difference share a column, so no word is broken.
WIDTHS = ["19%", "17%", "10%", "12%", "9%", "17%", "16%"]
WIDTHS_COUNTY = ["24%", "19%", "11%", "10%", "21%", "15%"]
TREND_ARROWS = {"improving": "↑", "stable": "→", "worsening": "↓", "short_series": "–"}
TREND_LABELS = {"improving": "Förbättras", "stable": "Oförändrat", "worsening": "Försämras",
                "short_series": "För kort serie", None: "Underlag saknas"}
NOT_COMPARED = "Kan inte jämföras"


def with_comparison(profile: pl.DataFrame, reference_column: str) -> pl.DataFrame:
    """The status table's own verdict against the reference (vs_county or vs_riket): never recomputed here."""
    versus = "vs_riket" if reference_column == "riket_value" else "vs_county"
    # No difference is shown for an indicator that is not comparable between areas (status: not_comparable).
    diff = pl.when(pl.col(versus) == "not_comparable").then(None).otherwise(
        pl.col("latest_value") - pl.col(reference_column))
    return profile.with_columns(pl.col(versus).alias("versus"), pl.col(f"{versus}_label").alias("versus_label"),
                                pl.col(reference_column).alias("reference"), diff.alias("diff"))


def profile_download(part: pl.DataFrame, is_county: bool) -> pl.DataFrame:
    """The table as numbers (for Excel): indicator, status words, latest value, references, comparison, trend."""
    cols = [pl.col("short_name").alias("Indikator"), pl.col("mark_label").alias("Status"),
            pl.col("latest_year").alias("År"), pl.col("latest_value").alias("Senaste värde"),
            pl.col("unit").replace_strict(UNIT_WORDS, default=pl.col("unit")).alias("Enhet")]
    if not is_county:
        cols.append(pl.col("county_value").alias(data.county_label()))
    cols += [pl.col("riket_value").alias(RIKET_NAME), pl.col("diff").alias("Skillnad mot jämförelsen"),
             pl.col("trend").replace_strict(TREND_LABELS, default=pl.col("trend")).alias("Utveckling")]
    return part.select(cols).with_columns(pl.lit("egen bearbetning").alias("Status och jämförelse"),
                                          data.source_column(part["series_id"].to_list()))


def summary(profile: pl.DataFrame, reference_name: str) -> None:
    counts = {
        f"Bättre än {reference_name}": profile.filter(pl.col("versus") == "better").height,
        f"Sämre än {reference_name}": profile.filter(pl.col("versus") == "worse").height,
        "Förbättras": profile.filter(pl.col("trend") == "improving").height,
        "Försämras": profile.filter(pl.col("trend") == "worsening").height,
    }
    for column, (label, n) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, f"{n} av {profile.height}")


def row_cells(row: dict, ctx: state.Context, reference_name: str) -> list[str]:
    f = ctx.filters
    href = f.href(ctx.pages["indikator"].url_path, ind=row["indicator_id"])
    compare = row["versus_label"] or NOT_COMPARED
    arrow = TREND_ARROWS.get(row["trend"], "")
    trend = (f'<span class="np-arrow">{arrow}</span> '
             f'<span class="np-keep-words">{escape(TREND_LABELS.get(row["trend"], ""))}</span>')
    status = badges.mark_badge(row["mark"], row["mark_label"] or ("Ej uppdelat på kön" if f.gender != "T"
                                                                  else None), row["arrow"])
    unit = row["unit"]
    name = badges.link(href, row["short_name"])
    if unit != "percent":
        name += f'<div class="np-care" style="color:#333">{escape(UNIT_WORDS[unit])}</div>'
    pct = unit == "percent"
    refs = [fmt_value(row["riket_value"], unit, with_unit=pct)]
    if not f.is_county:  # a municipality: both references, the one the comparison uses named in its header
        refs.insert(0, fmt_value(row["county_value"], unit, with_unit=pct))
    diff = fmt_delta(row["diff"], unit, with_unit=False)
    versus = f"<b>{escape(compare)}</b>" + (f'<div class="np-care" style="color:#333">skillnad {escape(diff)}</div>'
                                            if diff != MISSING else "")
    return [name, status, fmt_value(row["latest_value"], unit, with_unit=pct), *refs, versus, trend]


def targets_section(profile: pl.DataFrame, f: state.Filters) -> None:
    """The targets that concern the area, its own first, each with today's verdict against it."""
    targets = area_targets(data.query("targets").to_dicts(), f.area_id, f.county_id)
    if not targets:
        return
    marks = {r["indicator_id"]: r for r in profile.iter_rows(named=True)}
    items = []
    for t in targets:
        row = marks.get(t["indicator_id"], {})
        badge = (badges.mark_badge(row["mark"], row["mark_label"], row["arrow"], size="sm")
                 if row.get("mark") and row.get("target_id") == t["target_id"] else "")
        sentence = escape(target_sentence(t, data.county_label()))
        items.append(f'<li data-testid="np-profile-target" data-target="{escape(t["target_id"])}">'
                     f"<b>{escape(t['short_name'])}</b> – {sentence} {badge}</li>")
    st.subheader(f"Mål för {f.area_name}", anchor=False)
    st.html(f'<ul class="np-profile-targets" style="margin-top:0">{"".join(items)}</ul>')


def render() -> None:
    ctx = state.current_context()
    f = ctx.filters
    ui.page_header("Kommunprofil")
    if f.is_county:
        reference_column, reference_name = "riket_value", "riket"
        st.info(f"{md_escape(data.county_label())} jämförs med riket. Välj en kommun i sidomenyn för att jämföra den "
                "med länet.")
    else:
        reference_column, reference_name = "county_value", "länet"
    profile = with_comparison(data.query("profile", [f.area_id, f.gender]), reference_column)
    targets_section(profile, f)
    summary(profile, reference_name)
    for (stage_name,), part in profile.group_by("life_stage_name", maintain_order=True):
        st.subheader(str(stage_name), anchor=False)
        rows = [row_cells(r, ctx, reference_name) for r in part.iter_rows(named=True)]
        refs = [RIKET_NAME] if f.is_county else [data.county_label(), RIKET_NAME]
        headers = ["Indikator", "Status", "Senaste värde", *refs, f"Jämfört med {reference_name}", "Utveckling"]
        numeric = {2, 3} if f.is_county else {2, 3, 4}
        st.html(badges.html_table(headers, rows, numeric=numeric, test_id="np-profile-table",
                                  widths=WIDTHS_COUNTY if f.is_county else WIDTHS, label=f"{stage_name}: indikatorer"))
        download_buttons(profile_download(part, f.is_county), f"kommunprofil-{f.area_name}-{stage_name}",
                         key=f"dl_profile_{part['life_stage_id'][0]}")
    st.caption("Skillnader i andelar (%) är procentenheter.")
    ui.source_line(extra="värden")
    ui.source_line(own=True, extra=f"jämförelse med {reference_name} (bättre eller sämre bara utanför värdets "
                                   "95 % intervall, annars ingen säkerställd skillnad), status och utveckling")


render()

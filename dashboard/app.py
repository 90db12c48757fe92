"""Nya Perspektiv – målbevakning. Entry point: `streamlit run dashboard/app.py` from the repository root.

Builds the shared context (dataset, filters from the URL and the sidebar), then routes with st.navigation.
Pages are thin; they read `dashboard.state.current_context()`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts dashboard/ first, not the repo root
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402

from core.meeting_snapshots import slugify as url_slug  # noqa: E402  (one slug function)
from dashboard import data, first_build, state, ui  # noqa: E402
from views import db  # noqa: E402
from views.safe_text import md_escape  # noqa: E402

OVERVIEW_PATH = "start"  # the default page's own address, beside the root
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"
# The meeting pages (presentation mode, "Nytt sedan förra mötet") belong to the meeting code.
MEETING_PAGES = [("presentation.py", "Presentationsläge", "presentation"),
                 ("nytt_sedan.py", "Nytt sedan förra mötet", "nytt-sedan")]
# A database that cannot be read (corrupt, truncated, replaced by something else) raises one of these; every page
# then shows the Swedish page below instead of Streamlit's English error box.
DATABASE_ERRORS = (duckdb.Error, db.DatabaseReadError, db.NoDatabaseError)


def broken_database_page(message: str) -> None:
    st.title("Databasen kunde inte läsas", anchor=False)
    st.error(md_escape(f"Filen {data.db_path(data.LIVE)} gick inte att läsa: {message}"))
    st.markdown("Bygg om den med `python -m etl ensure` (eller `python -m etl build`) och ladda om sidan. "
                "Den förra databasen finns kvar tills en ny har byggts och klarat sina kontroller.")


def not_found_page(path: str, overview: st.Page) -> Callable[[], None]:
    """A Swedish page for an address that is no page here (instead of Streamlit's English "Page not found")."""
    def page() -> None:
        ui.page_header("Sidan finns inte", show_area=False)  # the app's name, the DEMODATA banner, the title
        st.markdown(md_escape(f"Adressen /{path} finns inte i instrumentpanelen. Den kan ha ändrats eller "
                              "skrivits fel. Välj en sida i menyn, eller gå till översikten."))
        st.page_link(overview, label="Till översikten")
    return page


def requested_path() -> str:
    """The page address the browser asked for ('' for the start page), as Streamlit resolves it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return (getattr(ctx.pages_manager, "intended_page_name", "") or "").strip("/") if ctx is not None else ""


def with_not_found(sections: dict, overview: st.Page) -> dict:
    """`sections` plus a hidden Swedish "no such page" under the requested address when it names no page, so
    Streamlit runs that page rather than showing its English dialog. An address with '/' cannot be a page name;
    Streamlit's own fallback stands for it."""
    path = requested_path()
    # the default page answers at the root and at its own address (/start), which its url_path ("") does not say
    known = {p.url_path for pages in sections.values() for p in pages} | {OVERVIEW_PATH}
    if not path or path in known or "/" in path:
        return sections
    missing = st.Page(not_found_page(path, overview), title="Sidan finns inte", url_path=path, visibility="hidden")
    return {**sections, "Översikt": [*sections["Översikt"], missing]}


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]


def run_page(page: st.Page) -> None:
    """Run the page; a database error midway ends it with the Swedish error page (not Streamlit's English box)."""
    try:
        page.run()
    except DATABASE_ERRORS as exc:
        broken_database_page(_first_line(exc))


def _to_overview(overview: st.Page) -> Callable[[], None]:
    def redirect() -> None:
        st.switch_page(overview, query_params=st.query_params.to_dict())
    return redirect


def build_pages(stages: list[tuple[str, str]]) -> tuple[dict, dict, dict[str, str]]:
    """(navigation sections, page registry, life_stage_id -> url_path).

    The overview is the default page, served at the root URL; /oversikt (what a person types after seeing the
    menu) is a hidden page that switches to it, so it never opens Streamlit's English "Page not found"."""
    overview = st.Page("app_pages/oversikt.py", title="Översikt", url_path=OVERVIEW_PATH, default=True)
    registry = {
        "oversikt": overview,
        "oversikt-alias": st.Page(_to_overview(overview), title="Översikt", url_path="oversikt", visibility="hidden"),
        "indikator": st.Page("app_pages/indikator.py", title="Indikator", url_path="indikator"),
        "kommunprofil": st.Page("app_pages/kommunprofil.py", title="Kommunprofil", url_path="kommunprofil"),
        "metod": st.Page("app_pages/metod.py", title="Data och metod", url_path="data-och-metod"),
        "oversyn": st.Page("app_pages/oversyn.py", title="Översyn av indikatorerna", url_path="oversyn"),
    }
    stage_paths: dict[str, str] = {}
    stage_pages = []
    for stage_id, name in stages:
        path = url_slug(name)
        stage_paths[stage_id] = path
        registry[f"stage:{stage_id}"] = st.Page("app_pages/livsskede.py", title=name, url_path=path)
        stage_pages.append(registry[f"stage:{stage_id}"])
    meeting = [st.Page(f"app_pages/{file}", title=title, url_path=url) for file, title, url in MEETING_PAGES]
    registry.update({f"meeting:{url}": p for (_, _, url), p in zip(MEETING_PAGES, meeting, strict=True)})
    sections = {"Översikt": [registry["oversikt"], registry["oversikt-alias"]], "Livsskeden": stage_pages,
                "Fördjupning": [registry["indikator"], registry["kommunprofil"]]}
    sections["Möte"] = meeting
    sections["Om data"] = [registry["metod"], registry["oversyn"]]
    return sections, registry, stage_paths


def render_menu(sections: dict, params: dict[str, str]) -> None:
    """The page menu in the sidebar, below the filters: plain links grouped under headings, carrying the filters."""
    with st.sidebar, st.container(key="np_nav"):
        for heading, pages in sections.items():
            visible = [p for p in pages if p.visibility != "hidden"]
            if not visible:
                continue
            st.html(f'<h2 class="np-nav-head">{escape(heading)}</h2>')
            for p in visible:
                st.page_link(p, label=p.title, query_params=params, width="stretch")


def main() -> None:
    # a local icon: a material/emoji icon would make the browser fetch it from a font CDN
    st.set_page_config(page_title="Nya Perspektiv – målbevakning", page_icon=str(FAVICON),
                       layout="wide", initial_sidebar_state="expanded")
    ui.inject_style()
    notices: list[str] = []
    snapshots = data.list_snapshots()
    state.sync_dataset(snapshots, notices)
    try:
        info = data.dataset_info()
        if not info["exists"]:  # being built (a first start), failed, or none: first_build says which
            live = data.db_path(data.LIVE)
            title, url_path = first_build.page_for(live)
            st.navigation([st.Page(lambda: first_build.show(live), title=title, url_path=url_path)]).run()
            return
        areas = data.query("areas")
        years = data.query("years")["year"].to_list()
        stages = list(data.query("life_stages").select("life_stage_id", "name").iter_rows())
    except DATABASE_ERRORS as exc:
        message = _first_line(exc)
        st.navigation([st.Page(lambda: broken_database_page(message), title="Databasfel",
                               url_path="databasfel")]).run()
        return
    state.sync_filters(areas, years, notices)
    sections, registry, stage_paths = build_pages(stages)
    page = st.navigation(with_not_found(sections, registry["oversikt"]), position="hidden")
    # the year acts only on the Indikator page (its ranking and map): the filter is shown only there
    labels = state.area_labels(areas)  # once per run: the sidebar, the filters and the pages' context
    state.render_sidebar(areas, years, snapshots, with_year=page.url_path == registry["indikator"].url_path,
                         labels=labels)
    filters = state.read_filters(areas, labels)
    # Our own menu under the filters (Streamlit's builds a <ul> of <div>s, which fails WCAG 1.3.1 in axe-core)
    render_menu(sections, filters.query_params())
    presentation = registry["meeting:presentation"]
    if page.url_path != presentation.url_path:  # where "Avsluta presentationen" returns to
        st.session_state["np_pres_return"] = (page.url_path, {k: v for k, v in st.query_params.to_dict().items()
                                                              if k not in ("presentation", "skarm")})
    if st.query_params.get("presentation") == "1" and page.url_path != presentation.url_path:
        st.switch_page(presentation, query_params=st.query_params.to_dict())  # ?presentation=1 starts it
    drop = [] if filters.dataset else ["snapshot"]
    if page.url_path != registry["indikator"].url_path:
        drop.append("ind")
    state.write_url(filters.query_params(), drop=drop)
    path_to_stage = {path: stage for stage, path in stage_paths.items()}
    st.session_state[state.CONTEXT_KEY] = state.Context(
        filters=filters, info=info, notices=notices, latest_year=years[0] if years else None,
        area_names=labels,
        municipality_ids=[a for a, k in areas.select("area_id", "kind").iter_rows() if k == "kommun"],
        pages=registry, stage_paths=stage_paths, life_stage_id=path_to_stage.get(page.url_path),
    )
    run_page(page)


main()

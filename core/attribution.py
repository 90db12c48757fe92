"""The source lines a build stores in its `dataset` table, and how display code reads them back.

The real build credits its sources (their exact lines, from etl/sources/); the demo never carries a real
source's name. The database's `source` table holds the same lines per source (views/sources.py reads it).
Pages, slides, handouts and the CLI print `attribution` under values and `attribution_own` under our own
calculations, read from the database.
"""

from __future__ import annotations

from collections.abc import Mapping

UNKNOWN = {"attribution": "Källa: okänd (databasen saknar källrader)", "attribution_own": "Egen bearbetning"}
DEMO = {"attribution": "Källa: demodata (påhittade siffror)", "attribution_own": "Egen bearbetning av demodata"}


def lines_for(attributions: list[str], titles: list[str]) -> dict[str, str]:
    """{"attribution", "attribution_own"} for a build from these sources (their exact lines and titles)."""
    names = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " och " + titles[-1]
    return {"attribution": "; ".join(attributions), "attribution_own": f"Egen bearbetning av data från {names}"}


def source_lines(facts: Mapping[str, object]) -> dict[str, str]:
    """{"attribution", "attribution_own"} from a database's dataset facts.

    Databases built before the keys existed fall back on is_demo, so an old demo file never names a real source.
    """
    demo = str(facts.get("is_demo", "")).lower() == "true" or facts.get("is_demo") is True
    fallback = DEMO if demo else UNKNOWN
    return {key: str(facts.get(key) or fallback[key]) for key in fallback}


def data_date_line(facts: Mapping[str, object]) -> str:
    """'Data hämtade 2026-11-20' for fetched data, 'Demodata byggd 2026-11-26' for the demo (never fetched)."""
    fetched = str(facts.get("fetched_at") or "")[:10]
    built = str(facts.get("built_at") or "")[:10]
    if fetched:
        return f"Data hämtade {fetched}"
    demo = str(facts.get("is_demo", "")).lower() == "true" or facts.get("is_demo") is True
    return f"{'Demodata' if demo else 'Data'} byggd {built or 'okänt datum'}"

"""The source lines a build stores in its `dataset` table, and how display code reads them back.

The real build credits Kolada; the demo must never carry a real source's name. Pages, slides, handouts and the
CLI print `attribution` under values and `attribution_own` under our own calculations, read from the database.
"""

from __future__ import annotations

from collections.abc import Mapping

KOLADA = {"attribution": "Källa: Kolada", "attribution_own": "Egen bearbetning av data från Kolada"}
DEMO = {"attribution": "Källa: demodata (påhittade siffror)", "attribution_own": "Egen bearbetning av demodata"}


def source_lines(facts: Mapping[str, object]) -> dict[str, str]:
    """{"attribution", "attribution_own"} from a database's dataset facts.

    Databases built before the keys existed fall back on is_demo, so an old demo file never says Kolada.
    """
    demo = str(facts.get("is_demo", "")).lower() == "true" or facts.get("is_demo") is True
    fallback = DEMO if demo else KOLADA
    return {key: str(facts.get(key) or fallback[key]) for key in fallback}


def data_date_line(facts: Mapping[str, object]) -> str:
    """'Data hämtade 2026-11-20' for fetched data, 'Demodata byggd 2026-11-26' for the demo (never fetched)."""
    fetched = str(facts.get("fetched_at") or "")[:10]
    built = str(facts.get("built_at") or "")[:10]
    if fetched:
        return f"Data hämtade {fetched}"
    demo = str(facts.get("is_demo", "")).lower() == "true" or facts.get("is_demo") is True
    return f"{'Demodata' if demo else 'Data'} byggd {built or 'okänt datum'}"

"""The steering group's targets in words: one sentence per target, the same on every page, slide and handout.

    target_sentence(t, county_label)   'Mål: 95 % senast 2030 (beslutat av Politiska styrgruppen 2025-05-14,
                                        Politiskt inriktningsdokument 2025–2027)'; a proposal says 'förslag'
    targets_for_area(rows, indicator_id, area_id, county_area)   the register rows that concern an area:
                                        its own first, decided before proposals, history (raised targets) after
    current_target(rows, indicator_id, area_id, county_area, target_id)   the one to show and draw
    history_sentence(t, rows)           'Höjer målet 93 % senast 2030 (beslutat … 2023-03-15).'

`rows` are the `targets` query's rows (views/sql/targets.sql) as dicts. Pure; no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from views.format import UNIT_SUFFIX, fmt_date, fmt_number, fmt_value

DIRECTION_WORDS = {"increase": "ska öka", "decrease": "ska minska"}
PROPOSAL = "förslag"
RAISE_HEADING = "Målet nått – dags att höja ambitionen?"


def level_text(level: float | None, unit: str) -> str:
    """95.0 → '95 %' (a whole number without decimals), 4.5 → '4,5 %', 600 → '600 per 100 000'."""
    if level is None:
        return ""
    if float(level).is_integer():
        return fmt_number(level, 0) + UNIT_SUFFIX.get(unit, "")
    return fmt_value(level, unit)


def what_text(t: Mapping) -> str:
    """'95 % senast 2030' or 'ska minska senast 2030'."""
    goal = level_text(t["level"], t["unit"]) if t.get("level") is not None else DIRECTION_WORDS.get(
        t.get("direction") or "", "")
    return f"{goal} senast {t['due_year']}"


def decision_text(t: Mapping) -> str:
    """'beslutat av Politiska styrgruppen 2025-05-14, Politiskt inriktningsdokument 2025–2027' or, for a
    proposal, 'förslag, WHO:s mål …'."""
    if t["status"] == "beslutat":
        head = f"beslutat av {t['body']} {fmt_date(t['decided_on'])}".strip()
    else:
        head = PROPOSAL + (f" {fmt_date(t['decided_on'])}" if t.get("decided_on") else "")
    return ", ".join(p for p in (head, t.get("document") or "") if p)


def whose(t: Mapping, county_label: str) -> str:
    """'' for all areas, else whose own target it is: 'Karlstads eget mål' style prefix words."""
    if t["area"] == "all":
        return ""
    if t["area"] == "county" or not t.get("area_name"):
        return county_label
    return str(t["area_name"])


def target_sentence(t: Mapping, county_label: str = "Hela länet") -> str:
    """'Mål: 95 % senast 2030 (beslutat av …)'; a proposal: 'Förslag till mål: …'; an area's own target names it:
    'Mål för Karlstad: …'."""
    label = "Mål" if t["status"] == "beslutat" else "Förslag till mål"
    owner = whose(t, county_label)
    if owner:
        label += f" för {owner}"
    return f"{label}: {what_text(t)} ({decision_text(t)})"


def short_sentence(t: Mapping, county_label: str = "Hela länet") -> str:
    """The projector card's form: 'Mål 95 % senast 2030 (beslutat 2025-05-14)', 'Förslag till mål 5 % senast 2030';
    who decided and in which document stand in the card's tooltip, on the slide and in the handout."""
    label = "Mål" if t["status"] == "beslutat" else "Förslag till mål"
    owner = whose(t, county_label)
    if owner:
        label += f" för {owner}"
    when = f" (beslutat {fmt_date(t['decided_on'])})" if t["status"] == "beslutat" and t.get("decided_on") else ""
    return f"{label} {what_text(t)}{when}"


def history_sentence(t: Mapping, rows: Sequence[Mapping]) -> str | None:
    """For a target that raises an earlier one: 'Höjer målet 93 % senast 2030 (beslutat av … 2023-03-15).'"""
    if not t.get("raises"):
        return None
    earlier = next((r for r in rows if r["target_id"] == t["raises"]), None)
    if earlier is None:
        return None
    return f"Höjer målet {what_text(earlier)} ({decision_text(earlier)})."


def _concerns(t: Mapping, area_id: str, county_area: str) -> int | None:
    if t["area"] == "all":
        return 0
    if t["area"] == area_id or (t["area"] == "county" and area_id == county_area):
        return 1
    return None


def targets_for_area(rows: Sequence[Mapping], indicator_id: str, area_id: str,
                     county_area: str) -> list[Mapping]:
    """The register rows for the indicator that concern the area: current targets (not raised) before raised
    ones, the area's own before all areas', decided before proposals, newest decision first."""
    mine = [(spec, r) for r in rows if r["indicator_id"] == indicator_id
            and (spec := _concerns(r, area_id, county_area)) is not None]
    mine.sort(key=lambda sr: (sr[1].get("raised_by") is not None, -sr[0], sr[1]["status"] != "beslutat",
                              -(sr[1]["decided_on"].toordinal() if sr[1].get("decided_on") else 0)))
    return [r for _, r in mine]


def current_target(rows: Sequence[Mapping], indicator_id: str, area_id: str, county_area: str,
                   target_id: str | None = None) -> Mapping | None:
    """The target to show and draw for the area: the one its verdict used (status.target_id) when there is one,
    else the first current target that concerns it."""
    if target_id:
        used = next((r for r in rows if r["target_id"] == target_id), None)
        if used is not None:
            return used
    mine = targets_for_area(rows, indicator_id, area_id, county_area)
    return mine[0] if mine else None


def chart_label(t: Mapping) -> str:
    """The target line's legend entry: 'Mål 95 % senast 2030' or 'Förslag till mål 5 % senast 2030'."""
    return ("Mål " if t["status"] == "beslutat" else "Förslag till mål ") + what_text(t)


RAISE_NOTE = ("Värdet har nått målet med marginal (hela 95 % intervallet på rätt sida om målnivån) minst två år i "
              "rad. Styrgruppen kan överväga att höja ambitionen (egen bearbetning).")


def met_groups(rows: Sequence[Mapping], county_label: str = "Hela länet",
               county_area: str | None = None) -> list[tuple[str, str]]:
    """"Målet nått – dags att höja ambitionen?" rows (views/sql/target_met.sql) grouped per target:
    [('MPR-vaccinerade 2-åringar – Mål: 95 % senast 2030 (beslutat av …)', 'Hela Värmland (97,6 % 2025, 14 år i
    rad), Karlstad (…)')], in the rows' order."""
    groups: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for r in rows:
        t = {"level": r["level"], "unit": r["unit"], "due_year": r["due_year"], "status": r["status"],
             "body": r["body"], "decided_on": r["decided_on"], "document": r["document"], "area": r["target_area"],
             "area_name": r["area_name"], "direction": None}
        heads.setdefault(r["target_id"], f"{r['short_name']} – {target_sentence(t, county_label)}")
        name = county_label if county_area is not None and r["area_id"] == county_area else r["area_name"]
        groups.setdefault(r["target_id"], []).append(
            f"{name} ({fmt_value(r['latest_value'], r['unit'])} {r['latest_year']}, {r['target_met_years']} år i rad)")
    return [(heads[k], ", ".join(v)) for k, v in groups.items()]


def decision_kind(t: Mapping) -> str:
    """'Höjt mål', 'Nytt mål', 'Beslutat (var förslag)' or 'Nytt förslag'."""
    if t["status"] == "beslutat" and t.get("old_status") == "förslag":
        return "Beslutat (var förslag)"
    if t["status"] != "beslutat":
        return "Nytt förslag"
    return "Höjt mål" if t.get("raises") else "Nytt mål"


def decisions_table(frame: pl.DataFrame, county_label: str = "Hela länet") -> pl.DataFrame:
    """New and raised target decisions (views/sql/meeting_diff_targets.sql) as a Swedish table."""
    rows = [{"Indikator": t["short_name"], "Område": whose(t, county_label) or "Alla kommuner och länet",
             "Beslut": decision_kind(t), "Mål": target_sentence(t, county_label),
             "Gäller från år": t["first_year"]} for t in frame.to_dicts()]
    return pl.DataFrame(rows, schema={"Indikator": pl.String, "Område": pl.String, "Beslut": pl.String,
                                      "Mål": pl.String, "Gäller från år": pl.Int32})


def met_table(frame: pl.DataFrame, county_label: str = "Hela länet", county_area: str | None = None
              ) -> pl.DataFrame:
    """"Målet nått" rows (views/sql/target_met.sql) as a Swedish table, one row per area."""
    rows = []
    for r in frame.to_dicts():
        t = {"level": r["level"], "unit": r["unit"], "due_year": r["due_year"], "status": r["status"],
             "body": r["body"], "decided_on": r["decided_on"], "document": r["document"],
             "area": r["target_area"], "area_name": r["area_name"], "direction": None}
        rows.append({"Indikator": r["short_name"],
                     "Område": county_label if r["area_id"] == county_area else r["area_name"],
                     "Senaste värde": fmt_value(r["latest_value"], r["unit"]), "År": r["latest_year"],
                     "År i rad": r["target_met_years"], "Mål": target_sentence(t, county_label)})
    return pl.DataFrame(rows, schema={"Indikator": pl.String, "Område": pl.String, "Senaste värde": pl.String,
                                      "År": pl.Int32, "År i rad": pl.Int32, "Mål": pl.String})


def area_targets(rows: Sequence[Mapping], area_id: str, county_area: str) -> list[Mapping]:
    """Every current target (not raised since) that concerns the area: the area's own targets first (a
    municipality's own levels), then those for all areas; decided before proposals; in the register's order."""
    mine = [(spec, n, r) for n, r in enumerate(rows) if not r.get("raised_by")
            and (spec := _concerns(r, area_id, county_area)) is not None]
    mine.sort(key=lambda snr: (-snr[0], snr[2]["status"] != "beslutat", snr[1]))
    return [r for _, _, r in mine]

"""Översyn av indikatorerna: the yearly review of the indicator set, as tables with Swedish headers.

    load_review(db_path) -> Review   one row per catalogue indicator (goal and life stage, role, source, latest
                                     year and publication lag, coverage, the share of municipality rows with a
                                     verdict and why the others have none, the minimum detectable change against
                                     the meaningful change by size band, overlap, target status), the life stage ×
                                     goal cells without a judged indicator, candidate measures per goal from the
                                     sources' lists (with coverage and whether detection-sensitive) and the steering
                                     documents each goal serves.

The dashboard page and `python -m etl review --out FILE.xlsx` (exports/review_xlsx.py) show the same frames.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from indicators.catalogue import Catalogue, load_catalogue, split_series_id
from indicators.detectable import meaningful_change
from indicators.method import CalibrationConfig, load_method
from indicators.review import SIZE_BANDS, candidates, detection_sensitive, goal_words, size_band
from views import db
from views.targets import area_targets, target_sentence

ROLE_WORDS = {"outcome": "Bedöms", "watch": "Bevakas"}
TYPE_WORDS = {"K": "kommuner", "L": "regioner och riket", "A": "kommuner och regioner"}
BAND_NAMES = [name for _, name in SIZE_BANDS]
NO_LIST = ("Ingen lista över källans mått finns ännu: den hämtas med nästa fullständiga hämtning "
           "(`python -m etl refresh` första gången, eller `python -m etl fetch`).")


@dataclass(frozen=True)
class Review:
    indicators: pl.DataFrame
    empty_cells: pl.DataFrame
    candidates: pl.DataFrame
    documents: pl.DataFrame
    note: str = ""  # why the candidates are empty, when they are


def _share(part: int | None, whole: int | None) -> float | None:
    return None if not whole else round(100 * (part or 0) / whole, 1)


def _bands(rows: list[dict], unit: str, method_cal: CalibrationConfig
           ) -> tuple[dict[str, float | None], float | None]:
    """Median minimum detectable change per size band, and the meaningful change at the median level."""
    by_band: dict[str, list[float]] = {}
    levels = [r["latest_value"] for r in rows if r["latest_value"] is not None]
    for r in rows:
        band = size_band(r["inhabitants"])
        if band is not None and r["detectable_change"] is not None:
            by_band.setdefault(band, []).append(r["detectable_change"])
    medians = {b: round(statistics.median(v), 2) if (v := by_band.get(b)) else None for b in BAND_NAMES}
    meaningful = (round(meaningful_change(statistics.median(levels), unit, method_cal.meaningful_points_per_year,
                                          method_cal.meaningful_relative_per_year), 2) if levels else None)
    return medians, meaningful


def _overlap(catalogue: Catalogue, indicator_id: str) -> str:
    """Other indicators of the same life stage and goal, and the one it is counted with."""
    ind = catalogue.indicator(indicator_id)
    same = [o.short_name for o in catalogue.indicators if o.id != ind.id and o.life_stage == ind.life_stage
            and set(o.goals) & set(ind.goals)]
    text = "; ".join(same) if same else "Ingen annan i samma livsskede och mål"
    partners = [o.short_name for o in catalogue.indicators
                if o.id != ind.id and (o.counts_with == ind.id or ind.counts_with == o.id)]
    return text + (f" (räknas som en med: {', '.join(partners)})" if partners else "")


def _target_text(targets: list[dict], indicator_id: str, county_area: str, county_label: str, row: dict) -> str:
    mine = [t for t in area_targets(targets, county_area, county_area) if t["indicator_id"] == indicator_id]
    own = sorted({t["area_name"] for t in targets if t["indicator_id"] == indicator_id
                  and t["area"] not in ("all", "county") and not t.get("raised_by")})
    if not mine and not own:
        return "Inget mål – bedöms mot riket"
    parts = [target_sentence(t, county_label) for t in mine]
    if own:
        parts.append("egna mål i " + ", ".join(own))
    if row["rows_target"]:
        parts.append(f"{row['rows_met'] or 0} av {row['rows_target']} kommuner har nått målet")
    return "; ".join(parts)


def indicator_table(path: Path, catalogue: Catalogue) -> pl.DataFrame:
    cal = load_method().calibration
    facts = db.facts(path)
    county_area, county_label = facts.get("county_area", catalogue.county_area), facts.get("county_label", "")
    rows = db.query(path, "review_indicators", []).to_dicts()
    reasons: dict[str, list[str]] = {}
    for r in db.query(path, "review_grey_reasons", []).iter_rows(named=True):
        reasons.setdefault(r["indicator_id"], []).append(f"{r['mark_label']}: {r['n']}")
    detect: dict[str, list[dict]] = {}
    population = catalogue.support_series("population") or ""
    for r in db.query(path, "review_detectable", [population]).iter_rows(named=True):
        detect.setdefault(r["indicator_id"], []).append(r)
    targets = db.query(path, "targets", []).to_dicts()
    out = []
    for r in rows:
        medians, meaningful = _bands(detect.get(r["indicator_id"], []), r["unit"], cal)
        span = ((r["muni_latest_year"] - r["first_year"] + 1) * r["municipalities"]
                if r["first_year"] is not None and r["muni_latest_year"] is not None else 0)
        catches = [b for b in BAND_NAMES if medians[b] is not None and meaningful is not None
                   and medians[b] <= meaningful]
        out.append({
            "Indikator": r["short_name"], "Id": r["indicator_id"], "Mål": r["goals"], "Livsskede": r["life_stage"],
            "Roll": ROLE_WORDS.get(r["role"], r["role"]) + (f": {r['role_reason']}" if r["role_reason"] else ""),
            "Källa": r["source_title"] or r["source_id"], "Mått hos källan": split_series_id(r["series_id"])[1],
            "Senaste år": r["latest_year"],
            "Publiceringsfördröjning (år)": (r["data_year"] - r["latest_year"]
                                             if r["data_year"] and r["latest_year"] else None),
            "Kommun × år med värde": r["cells_with_value"] or 0,
            "Kommun × år möjliga": span,
            "Täckning (%)": _share(r["cells_with_value"], span),
            "Maskade eller saknade (%)": _share(r["cells_masked"],
                                                (r["cells_with_value"] or 0) + (r["cells_masked"] or 0)),
            "Kommuner med bedömning (%)": _share(r["rows_judged"], r["rows_total"]),
            "Varför inte bedömda": "; ".join(reasons.get(r["indicator_id"], [])) or "–",
            **{f"Minsta upptäckbara förändring/år, {b} inv.": medians[b] for b in BAND_NAMES},
            "Meningsfull förändring/år": meaningful,
            "Fångar en meningsfull förändring i": ", ".join(catches) if catches else "ingen storleksgrupp",
            "Överlapp": _overlap(catalogue, r["indicator_id"]) if r["indicator_id"] in
            {i.id for i in catalogue.indicators} else "–",
            "Målstatus": _target_text(targets, r["indicator_id"], county_area, county_label, r),
            "Styrdokument": r["documents"] or "–",
        })
    return pl.DataFrame(out, infer_schema_length=None)


def empty_cell_table(catalogue: Catalogue) -> pl.DataFrame:
    """Every life stage × goal cell that has no judged indicator (with its watch indicators, if any)."""
    rows = []
    for stage in catalogue.life_stages:
        for goal in catalogue.goals:
            members = [i for i in catalogue.indicators if i.life_stage == stage.id and goal.id in i.goals]
            if any(i.judged for i in members):
                continue
            rows.append({"Livsskede": stage.name, "Mål": goal.name,
                         "Bevakade indikatorer": ", ".join(i.short_name for i in members) or "inga indikatorer"})
    return pl.DataFrame(rows, schema={"Livsskede": pl.String, "Mål": pl.String, "Bevakade indikatorer": pl.String})


def candidate_table(path: Path, catalogue: Catalogue) -> pl.DataFrame:
    """Per goal, the sources' series its words find (not already in the catalogue), with their coverage."""
    listed = db.query(path, "review_series_list", []).to_dicts()
    entries = [{**e, "id": split_series_id(e["series_id"])[1]} for e in listed]
    own = [split_series_id(s)[1] for s in catalogue.series_ids]
    rows = []
    for goal in catalogue.goals:
        words = goal_words(goal)
        for e in candidates(entries, words, own):
            covered = e["municipalities_with_value"]
            rows.append({
                "Mål": goal.name, "Mått": e["id"], "Titel": e["title"], "Källa": e["source_title"],
                "Finns för": TYPE_WORDS.get(e["municipality_type"] or "", e["municipality_type"] or "–"),
                "Könsuppdelat": "ja" if e["is_divided_by_gender"] else "nej",
                "Senaste år i länets kommuner": e["latest_year"],
                "Kommuner med värde": covered,
                "Kommuner i länet": e["municipalities"],
                "Täckning i länet (%)": _share(covered, e["municipalities"]) if covered is not None else None,
                "Upptäcktskänsligt": "ja" if detection_sensitive(e["title"] or "") else "nej",
                "Sökord": ", ".join(w for w in words if w in (e["title"] or "").lower()),
            })
    return pl.DataFrame(rows, schema={
        "Mål": pl.String, "Mått": pl.String, "Titel": pl.String, "Källa": pl.String, "Finns för": pl.String,
        "Könsuppdelat": pl.String, "Senaste år i länets kommuner": pl.Int32, "Kommuner med värde": pl.Int32,
        "Kommuner i länet": pl.Int32, "Täckning i länet (%)": pl.Float64, "Upptäcktskänsligt": pl.String,
        "Sökord": pl.String})


def document_table(path: Path) -> pl.DataFrame:
    frame = db.query(path, "review_documents", [])
    return frame.select(pl.col("goal").alias("Mål"), pl.col("document").alias("Styrdokument"),
                        pl.col("url").fill_null("").alias("Länk"))


def load_review(db_path: Path, catalogue: Catalogue | None = None) -> Review:
    path = Path(db_path)
    catalogue = catalogue or load_catalogue()
    cands = candidate_table(path, catalogue)
    has_list = db.query(path, "review_series_list", []).height > 0
    return Review(indicators=indicator_table(path, catalogue), empty_cells=empty_cell_table(catalogue),
                  candidates=cands, documents=document_table(path), note="" if has_list else NO_LIST)

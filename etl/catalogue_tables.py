"""The catalogue as frames shaped like the catalogue tables in etl/sql/schema.sql. Pure."""

from __future__ import annotations

import polars as pl

from indicators.catalogue import Catalogue
from indicators.targets import raised_by


def catalogue_frames(catalogue: Catalogue) -> dict[str, pl.DataFrame]:
    life_stage = pl.DataFrame(
        [{"life_stage_id": s.id, "name": s.name, "group_name": s.group, "description": s.description,
          "sort_order": n} for n, s in enumerate(catalogue.life_stages, 1)],
    )
    goal = pl.DataFrame(
        [{"goal_id": g.id, "kind": g.kind, "number": g.number, "name": g.name, "sort_order": n}
         for n, g in enumerate(catalogue.goals, 1)],
    )
    document = pl.DataFrame([{"document_id": d.id, "name": d.name, "url": d.url or None}
                             for d in catalogue.documents],
                            schema={"document_id": pl.String, "name": pl.String, "url": pl.String})
    goal_document = pl.DataFrame(
        [{"goal_id": g.id, "document_id": link} for g in catalogue.goals for link in g.links],
        schema={"goal_id": pl.String, "document_id": pl.String},
    )
    indicator_rows = []
    for n, ind in enumerate(catalogue.indicators, 1):
        indicator_rows.append({
            "indicator_id": ind.id, "series_id": ind.series_id, "life_stage_id": ind.life_stage,
            "short_name": ind.short_name, "direction": ind.direction, "unit": ind.unit,
            "read_with_care": ind.read_with_care, "role": ind.role, "role_reason": ind.role_reason or None,
            "comment": ind.comment or None, "sort_order": n,
        })
    indicator = pl.DataFrame(indicator_rows, schema={
        "indicator_id": pl.String, "series_id": pl.String, "life_stage_id": pl.String, "short_name": pl.String,
        "direction": pl.String, "unit": pl.String, "read_with_care": pl.Boolean, "role": pl.String,
        "role_reason": pl.String, "comment": pl.String, "sort_order": pl.Int32,
    })
    indicator_goal = pl.DataFrame(
        [{"indicator_id": i.id, "goal_id": g} for i in catalogue.indicators for g in i.goals],
    )
    return {"life_stage": life_stage, "goal": goal, "document": document, "goal_document": goal_document,
            "indicator": indicator, "indicator_goal": indicator_goal, "target": target_frame(catalogue)}


TARGET_SCHEMA = {
    "target_id": pl.String, "indicator_id": pl.String, "area": pl.String, "level": pl.Float64,
    "direction": pl.String, "due_year": pl.Int32, "baseline_year": pl.Int32, "status": pl.String,
    "body": pl.String, "decided_on": pl.Date, "document": pl.String, "raises": pl.String, "raised_by": pl.String,
    "first_year": pl.Int32, "note": pl.String, "sort_order": pl.Int32,
}


def target_frame(catalogue: Catalogue) -> pl.DataFrame:
    """The `target` table: the register as entered, history included, with who raised each target."""
    raisers = raised_by(catalogue.targets)
    return pl.DataFrame([{
        "target_id": t.id, "indicator_id": t.indicator, "area": t.area, "level": t.level, "direction": t.direction,
        "due_year": t.due, "baseline_year": t.baseline_year, "status": t.status, "body": t.body or None,
        "decided_on": t.date, "document": t.document or None, "raises": t.raises, "raised_by": raisers.get(t.id),
        "first_year": t.first_year, "note": t.note or None, "sort_order": n,
    } for n, t in enumerate(catalogue.targets, 1)], schema=TARGET_SCHEMA)

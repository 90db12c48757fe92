"""The catalogue as frames shaped like the catalogue tables in etl/sql/schema.sql. Pure."""

from __future__ import annotations

import polars as pl

from indicators.catalogue import Catalogue, ReferenceTarget, ValueTarget


def catalogue_frames(catalogue: Catalogue) -> dict[str, pl.DataFrame]:
    life_stage = pl.DataFrame(
        [{"life_stage_id": s.id, "name": s.name, "group_name": s.group, "description": s.description,
          "sort_order": n} for n, s in enumerate(catalogue.life_stages, 1)],
    )
    goal = pl.DataFrame(
        [{"goal_id": g.id, "kind": g.kind, "number": g.number, "name": g.name, "sort_order": n}
         for n, g in enumerate(catalogue.goals, 1)],
    )
    document = pl.DataFrame([{"document_id": d.id, "name": d.name} for d in catalogue.documents],
                            schema={"document_id": pl.String, "name": pl.String})
    goal_document = pl.DataFrame(
        [{"goal_id": g.id, "document_id": link} for g in catalogue.goals for link in g.links],
        schema={"goal_id": pl.String, "document_id": pl.String},
    )
    indicator_rows = []
    for n, ind in enumerate(catalogue.indicators, 1):
        target = ind.target
        indicator_rows.append({
            "indicator_id": ind.id, "kpi_id": ind.kpi, "life_stage_id": ind.life_stage,
            "short_name": ind.short_name, "direction": ind.direction, "unit": ind.unit,
            "read_with_care": ind.read_with_care, "role": ind.role, "role_reason": ind.role_reason or None,
            "target_kind": target.kind if target else None,
            "target_value": target.value if isinstance(target, ValueTarget) else None,
            "target_year": target.by if isinstance(target, ValueTarget) else None,
            "target_baseline_year": target.baseline_year if isinstance(target, ValueTarget) else None,
            "target_reference": target.reference if isinstance(target, ReferenceTarget) else None,
            "target_source": target.source if isinstance(target, ValueTarget) else None,
            "comment": ind.comment or None, "sort_order": n,
        })
    indicator = pl.DataFrame(indicator_rows, schema={
        "indicator_id": pl.String, "kpi_id": pl.String, "life_stage_id": pl.String, "short_name": pl.String,
        "direction": pl.String, "unit": pl.String, "read_with_care": pl.Boolean, "role": pl.String,
        "role_reason": pl.String, "target_kind": pl.String,
        "target_value": pl.Float64, "target_year": pl.Int32, "target_baseline_year": pl.Int32,
        "target_reference": pl.String, "target_source": pl.String, "comment": pl.String, "sort_order": pl.Int32,
    })
    indicator_goal = pl.DataFrame(
        [{"indicator_id": i.id, "goal_id": g} for i in catalogue.indicators for g in i.goals],
    )
    return {"life_stage": life_stage, "goal": goal, "document": document, "goal_document": goal_document,
            "indicator": indicator, "indicator_goal": indicator_goal}

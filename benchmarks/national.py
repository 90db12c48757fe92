"""A national-scale catalogue and fake Kolada for the build/refresh benchmarks (not a benchmark itself).

    cat_dir = national_catalogue(tmp, areas=312, kpis=200)       # a catalogue copy; set NP_CATALOGUE_DIR to it
    dataset = national_dataset(load_catalogue(cat_dir))           # tests.kolada_server dataset for it

The areas come from the real Kolada municipality list (/work/shared/reference, read at run time, never copied into
the repository); the extra KPI ids from the real KPI catalogue, given synthetic indicators. `areas=18` keeps the
product's own areas (Värmland), so the same scripts measure today's scale too.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicators.catalogue import CATALOGUE_DIR, Catalogue, load_catalogue  # noqa: E402
from tests.kolada_server import KoladaDataset, make_dataset  # noqa: E402

REFERENCE = Path(os.environ.get("NP_REFERENCE_DIR", "/work/shared/reference/kolada"))
MUNICIPALITIES = REFERENCE / "municipality.values.derived.json"
KPI_CATALOGUE = REFERENCE / "kpi.catalogue.compact.derived.json"


def _kind(area_id: str) -> str:
    if area_id == "0000":
        return "riket"
    return "region" if area_id.startswith("00") else "kommun"


def _areas_yaml(base: str, areas: list[dict]) -> str:
    head, _, tail = base.partition("\nareas:\n")
    rest = tail[tail.index("\n\n"):] if "\n\n" in tail else "\n"
    lines = [f'  - {{id: "{a["id"]}", kind: {_kind(a["id"])}, demo_name: {json.dumps(a["title"])}}}'
             for a in areas]
    return head + "\nareas:\n" + "\n".join(lines) + rest


def _extra_indicators(template: dict, kpi_ids: list[str]) -> str:
    out = []
    for n, kpi in enumerate(kpi_ids):
        out.append(
            f"  - id: bench_{kpi.lower()}\n    kpi: {kpi}\n    life_stage: {template['life_stage']}\n"
            f"    short_name: Testmått {kpi} nr {n}\n    goals: [{template['goal']}]\n"
            f"    direction: higher_is_better\n    unit: percent\n    role: {template['role']}\n"
            f"    denominator: {template['denominator']}\n")
    return "".join(out)


def national_catalogue(directory: Path, *, areas: int = 312, kpis: int = 35) -> Path:
    """Write a catalogue copy with `areas` areas (18: the product's own; else the first N of Kolada's list,
    Riket and Värmland always in) and `kpis` KPI ids (the product's own first). Returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("goals", "indicators", "areas"):
        shutil.copy(CATALOGUE_DIR / f"{name}.yaml", directory / f"{name}.yaml")
    if (CATALOGUE_DIR / "sources").is_dir():  # other sources' series (Folkhälsodata): served by a local fake too
        shutil.copytree(CATALOGUE_DIR / "sources", directory / "sources", dirs_exist_ok=True)
    base = load_catalogue(CATALOGUE_DIR)
    if areas > len(base.areas):
        listed = json.loads(MUNICIPALITIES.read_text(encoding="utf-8"))
        own = set(base.area_ids)
        chosen = [a for a in listed if a["id"] in own]
        chosen += [a for a in listed if a["id"] not in own][: areas - len(chosen)]
        chosen.sort(key=lambda a: a["id"])
        text = (directory / "areas.yaml").read_text(encoding="utf-8")
        (directory / "areas.yaml").write_text(_areas_yaml(text, chosen), encoding="utf-8")
    have = base.kpi_ids
    if kpis > len(have):
        rows = json.loads(KPI_CATALOGUE.read_text(encoding="utf-8"))["rows"]
        extra = [r[0] for r in rows if r[0] not in have and r[0][0] in "NU" and r[0][1:].isdigit()]
        extra = extra[: kpis - len(have)]
        first = base.indicators[0]
        template = {"life_stage": first.life_stage, "goal": first.goals[0], "role": first.role,
                    "denominator": first.denominator}
        with (directory / "indicators.yaml").open("a", encoding="utf-8") as fh:
            fh.write("\n" + _extra_indicators(template, extra))
    catalogue = load_catalogue(directory)
    if len(catalogue.area_ids) != max(areas, len(base.areas)) or len(catalogue.kpi_ids) != max(kpis, len(have)):
        raise SystemExit(f"catalogue copy has {len(catalogue.area_ids)} areas × {len(catalogue.kpi_ids)} KPIs, "
                         f"asked for {areas} × {kpis}")
    return directory


def national_dataset(catalogue: Catalogue, years: range = range(2015, 2025), seed: int = 1) -> KoladaDataset:
    return make_dataset(catalogue, years=years, seed=seed)


def for_code(cat_dir: Path, code: Path) -> Path:
    """The catalogue at `cat_dir` as the checkout at `code` reads it: without the `county_name` line for a
    checkout whose catalogue has no such field (to time an older build on the same raw runs)."""
    if "county_name" in (code / "indicators" / "catalogue.py").read_text(encoding="utf-8"):
        return cat_dir
    other = cat_dir.with_name(cat_dir.name + "-older")
    other.mkdir(exist_ok=True)
    for name in ("goals", "indicators", "areas"):
        text = (cat_dir / f"{name}.yaml").read_text(encoding="utf-8")
        if name == "areas":
            text = "\n".join(line for line in text.splitlines() if not line.startswith("county_name:")) + "\n"
        (other / f"{name}.yaml").write_text(text, encoding="utf-8")
    return other


def use_catalogue(directory: Path) -> Catalogue:
    """Point NP_CATALOGUE_DIR at `directory` (for this process and its children) and load it."""
    os.environ["NP_CATALOGUE_DIR"] = str(directory)
    return load_catalogue(directory)

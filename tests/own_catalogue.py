"""A copy of the catalogue with one own-figures series (`egna:besok`, a watch indicator), for tests of own files."""

from __future__ import annotations

import shutil
from pathlib import Path

from indicators.catalogue import CATALOGUE_DIR

OWN_INDICATOR = ("  - id: egna_besok\n    series: egna:besok\n    life_stage: vuxna\n"
                 "    short_name: Besök (egna siffror)\n    goals: [halsoframjande]\n"
                 "    direction: higher_is_better\n    unit: percent\n    role: watch\n"
                 "    role_reason: Egna siffror från en kommun.\n    denominator: population\n    rank: false\n")


def catalogue_with_own_series(dest: Path) -> Path:
    """The catalogue's YAML files copied to `dest` with the own-figures indicator appended; returns `dest`."""
    shutil.copytree(CATALOGUE_DIR, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (dest / "indicators.yaml").open("a", encoding="utf-8") as f:
        f.write(OWN_INDICATOR)
    return dest

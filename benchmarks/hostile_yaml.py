"""How fast hostile catalogue YAML is refused (issue 12: a 1.9 KB billion-laughs file used to run past 120 s).

    python benchmarks/hostile_yaml.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators.yaml_lines import CatalogueError, load_yaml_with_lines  # noqa: E402


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CASES = {
    "billion laughs (9 levels)": billion_laughs(),
    "50 MB catalogue": "indicators:\n" + "  - id: x\n    short_name: " + "y" * 50_000_000 + "\n",
    "nesting 10 000 deep": "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "tag on a list field": "indicators:\n  - id: x\n    links: !!python/object/apply:os.system ['true']\n",
}

with tempfile.TemporaryDirectory() as tmp:
    for name, text in CASES.items():
        path = Path(tmp) / "areas.yaml"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        try:
            load_yaml_with_lines(path)
            outcome = "ACCEPTED (should not be)"
        except CatalogueError as exc:
            outcome = exc.problems[0].replace(str(path), "areas.yaml")[:90]
        print(f"{name:28} {len(text.encode()):>11,} bytes  {time.perf_counter() - start:8.3f} s  {outcome}")

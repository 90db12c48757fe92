"""What one Python process of the suite pays to import the dashboard's packages, with and without their bytecode,
in one run of this script.

    /work/venv/bin/python benchmarks/bytecode_imports.py [--runs 3]

Each run is a new `python -c "import dashboard.app, nyaperspektiv.cli ..."` (what a Streamlit server or a CLI
subprocess of the tests imports), its CPU time read from the child's rusage:

- "no bytecode": an empty PYTHONPYCACHEPREFIX and PYTHONDONTWRITEBYTECODE=1, as every process of a fresh uv
  install ran when the environment set PYTHONDONTWRITEBYTECODE (scripts/test.sh before it unset it): every module
  compiled from source, every time;
- "bytecode written once": the same prefix after one process has written it (what scripts/test.sh does now).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import dashboard.app, nyaperspektiv.cli, streamlit, plotly.graph_objects, duckdb, polars, pandas"


def child_cpu(env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one child importing IMPORTS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="np-pyc-") as empty, tempfile.TemporaryDirectory(prefix="np-pyc-") as kept:
        cold = {**base, "PYTHONPYCACHEPREFIX": empty, "PYTHONDONTWRITEBYTECODE": "1"}
        warm = {**base, "PYTHONPYCACHEPREFIX": kept}
        warm.pop("PYTHONDONTWRITEBYTECODE", None)
        first = child_cpu(warm)  # writes the bytecode
        rows = {"no bytecode (compiled every time)": [child_cpu(cold) for _ in range(args.runs)],
                "bytecode written once": [child_cpu(warm) for _ in range(args.runs)]}
    print(f"CPU seconds per process importing the app's packages ({args.runs} runs each, median):")
    for label, values in rows.items():
        print(f"  {label:36} {statistics.median(values):5.2f} s   ({', '.join(f'{v:.2f}' for v in values)})")
    print(f"  the process that writes the bytecode {first:5.2f} s")
    cold_s, warm_s = (statistics.median(values) for values in rows.values())
    saved = cold_s - warm_s
    print(f"saved per process after the first: {saved:.2f} s")


if __name__ == "__main__":
    main()

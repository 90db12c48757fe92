#!/usr/bin/env bash
# Set up and run the whole test suite: unit, local-HTTP, DuckDB, AppTest and real-browser (Debian chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# Python writes each module's bytecode (.pyc) on first import, so the suite's many Python processes (setup's
# import check, two workers, each Streamlit server, each CLI subprocess) compile the packages once, not each again:
# a fresh .venv from uv has no bytecode, and with PYTHONDONTWRITEBYTECODE set every process compiled streamlit,
# plotly, polars and pandas from source (about 2 s of CPU each; benchmarks/bytecode_imports.py).
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "Installerar Debians chromium för webbläsartesterna …"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi
command -v pdftoppm >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"; $SUDO apt-get install -y -qq poppler-utils >/dev/null; }
# Two workers (pytest-xdist): NP_TEST_WORKERS=0 runs in one process, =auto one per core. --dist loadfile keeps a
# file's tests on one worker, so a module's fixtures (a Streamlit server, a fetched data directory) start once.
# tests/conftest.py starts the longest files (marked `duration`) first, so neither worker ends alone with one.
workers=${NP_TEST_WORKERS:-2}
xdist=()
[ "$workers" = 0 ] || xdist=(-n "$workers" --dist loadfile)
set +e
.venv/bin/python -m pytest -q "${xdist[@]}" "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then
  echo "pytest samlade inga tester (exit 5)." >&2
  exit 0
fi
exit "$rc"

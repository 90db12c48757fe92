#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the locked packages (requirements.lock: exact versions with sha256
# hashes, so every install gets the same files) plus the project itself. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Python 3.11 behövs (hittade $("$PY" --version 2>&1)). Ange en annan med PYTHON=/sökväg/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installerar Python-paketen (första gången tar det ett par minuter) …"
  if ! { .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock \
          && .venv/bin/python -m pip install --quiet --no-deps -e .; } \
        > .venv/pip-install.log 2>&1; then
    grep -v "is ignored" .venv/pip-install.log >&2
    echo "pip install misslyckades (hela loggen: .venv/pip-install.log)" >&2
    exit 1
  fi
  .venv/bin/python -c 'import etl, indicators, dashboard, streamlit, duckdb, polars' # fails loudly if the install did
  rm -f .venv/.installed-*; touch "$stamp"
fi

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
# uv installs the same locked, hashed files as pip in seconds instead of minutes: uv itself comes from the lock
# (pip, hash-checked), then installs the rest with the package sources pip is configured with on this machine
# (scripts/pip_config_for_uv.py). pip stays the fallback when uv cannot be had or fails. NP_INSTALLER=pip forces pip.
uv_install() {
  local log=$1 lockdir
  lockdir=$(mktemp -d)
  # the lock's uv entry (name, version, hashes) alone, so pip installs exactly that file
  awk '/^uv==/{p=1} p{print} p&&!/\\$/{exit}' requirements.lock > "$lockdir/uv.txt"
  [ -s "$lockdir/uv.txt" ] || { rm -rf "$lockdir"; return 1; }
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lockdir/uv.txt" >> "$log" 2>&1 || { rm -rf "$lockdir"; return 1; }
  rm -rf "$lockdir"
  local args=() line
  while IFS= read -r line; do
    case $line in
      env:*) export "${line#env:}" ;;
      ?*) args+=("$line") ;;
    esac
  done < <(.venv/bin/python -m pip config list 2>/dev/null | .venv/bin/python scripts/pip_config_for_uv.py)
  .venv/bin/uv pip install --python .venv/bin/python --require-hashes "${args[@]}" -r requirements.lock >> "$log" 2>&1 \
    && .venv/bin/uv pip install --python .venv/bin/python "${args[@]}" --no-deps -e . >> "$log" 2>&1
}
pip_install() {
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock \
    && .venv/bin/python -m pip install --quiet --no-deps -e .
}
if [ ! -f "$stamp" ]; then
  echo "Installerar Python-paketen …"
  : > .venv/pip-install.log
  if [ "${NP_INSTALLER:-uv}" = pip ] || ! uv_install .venv/pip-install.log; then
    [ "${NP_INSTALLER:-uv}" = pip ] || echo "uv kunde inte installera paketen; försöker med pip (det tar ett par minuter) …"
    if ! pip_install >> .venv/pip-install.log 2>&1; then
      grep -v "is ignored" .venv/pip-install.log >&2
      echo "pip install misslyckades (hela loggen: .venv/pip-install.log)" >&2
      exit 1
    fi
  fi
  .venv/bin/python -c 'import etl, indicators, dashboard, streamlit, duckdb, polars' # fails loudly if the install did
  rm -f .venv/.installed-*; touch "$stamp"
fi

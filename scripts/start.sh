#!/usr/bin/env bash
# Set up, make sure there is a database (real data from Kolada, or clearly labelled DEMODATA when Kolada can't
# be reached), then start the dashboard on http://localhost:${PORT:-8501}.
# It listens on 127.0.0.1 only. HOST=0.0.0.0 serves every network interface: only behind the region's reverse
# proxy with login (the dashboard has no login of its own; see README "Running it for others").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl ensure
exec .venv/bin/streamlit run dashboard/app.py --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" \
  --server.headless true "$@"

#!/usr/bin/env bash
# Set up, make sure there is a database (real data from Kolada, or clearly labelled DEMODATA when Kolada can't
# be reached), then start the dashboard on http://localhost:${PORT:-8501}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl ensure
exec .venv/bin/streamlit run dashboard/app.py --server.port "${PORT:-8501}" --server.headless true "$@"

#!/usr/bin/env bash
# Set up, make sure there is a database (real data from Kolada, or clearly labelled DEMODATA when Kolada can't
# be reached), then start the dashboard on http://localhost:${PORT:-8501}.
# It listens on 127.0.0.1 only. HOST=0.0.0.0 serves every network interface: only behind the region's reverse
# proxy with login (the dashboard has no login of its own; see README "Running it for others").
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8501}"
# The port first, before minutes of setup: a taken port is said at once.
# The probe binds as the server does (SO_REUSEADDR), so a just-stopped dashboard's TIME-WAIT does not count.
if command -v python3 >/dev/null && ! python3 scripts/port_free.py "$HOST" "$PORT"
then
  echo "Porten $PORT på $HOST används redan (kanske av en instrumentpanel som redan är igång)." >&2
  echo "Öppna http://localhost:$PORT, stoppa den andra processen, eller välj en annan port: PORT=8502 bash scripts/start.sh" >&2
  exit 1
fi
bash scripts/setup.sh
.venv/bin/python -m etl ensure
exec .venv/bin/streamlit run dashboard/app.py --server.address "$HOST" --server.port "$PORT" \
  --server.headless true "$@"

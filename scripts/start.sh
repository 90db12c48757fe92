#!/usr/bin/env bash
# Set up, make sure there is a database (real data from Kolada, or clearly labelled DEMODATA when Kolada can't
# be reached), then start the dashboard on http://localhost:${PORT:-8501}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl ensure
PORT="${PORT:-8501}"
if ! .venv/bin/python - "$PORT" <<'PY'
import socket, sys
with socket.socket() as s:
    try:
        s.bind(("0.0.0.0", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PY
then
  echo "Porten $PORT används redan (kanske av en instrumentpanel som redan är igång)." >&2
  echo "Öppna http://localhost:$PORT, stoppa den andra processen, eller välj en annan port: PORT=8502 bash scripts/start.sh" >&2
  exit 1
fi
exec .venv/bin/streamlit run dashboard/app.py --server.port "$PORT" --server.headless true "$@"

#!/usr/bin/env bash
# Set up, make sure there is a database (real data from Kolada, or clearly labelled DEMODATA when Kolada can't
# be reached), then start the dashboard on http://localhost:${PORT:-8501}.
# It listens on 127.0.0.1 only. HOST=0.0.0.0 serves every network interface: only behind the region's reverse
# proxy with login (the dashboard has no login of its own; see README "Running it for others").
set -euo pipefail
cd "$(dirname "$0")/.."
# Python keeps the bytecode of what it imports (.venv and the repo): setup's import check compiles the packages
# once, and the database build and the server beside it read it, as does every later start (PYTHONDONTWRITEBYTECODE
# made each process compile them from source again, about 2 s of CPU each: benchmarks/bytecode_imports.py).
unset PYTHONDONTWRITEBYTECODE
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
db="${NP_DATA_DIR:-data}/nyaperspektiv.duckdb"
if [ ! -f "$db" ]; then
  # The first start: the dashboard is served at once, beside ensure building the first database (real data when
  # the sources answer, else clearly labelled DEMODATA). Until the file is there the page says "Databasen byggs …"
  # (ensure's status file, core/build_status.py) and turns into the dashboard by itself; a failed build is said
  # there and here.
  .venv/bin/python -m etl ensure &
  ensure=$!
  .venv/bin/streamlit run dashboard/serve.py --server.address "$HOST" --server.port "$PORT" --server.headless true "$@" &
  server=$!
  trap 'kill "$server" "$ensure" 2>/dev/null; wait "$server" 2>/dev/null; exit 130' INT TERM
  if ! wait "$ensure"; then
    echo "Databasen kunde inte byggas (felet ovan; instrumentpanelen på http://localhost:$PORT säger detsamma)." >&2
    echo "Försök igen med: .venv/bin/python -m etl ensure   (eller demodata: .venv/bin/python -m etl demo)" >&2
  fi
  wait "$server"
  exit $?
fi
# A database exists: serve it at once while ensure checks the sources (a demo database is replaced by real data
# when they answer; the build swaps the new file in whole, so a page never reads half of it).
.venv/bin/streamlit run dashboard/serve.py --server.address "$HOST" --server.port "$PORT" --server.headless true "$@" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' INT TERM
if ! .venv/bin/python -m etl ensure; then
  echo "Databasen kunde inte förnyas; instrumentpanelen visar den som redan fanns ($db)." >&2
fi
wait "$server"

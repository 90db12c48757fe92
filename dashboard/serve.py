"""The dashboard as served: `streamlit run dashboard/serve.py` from the repository root (scripts/start.sh).

Streamlit's ASGI app (`st.App`) around the dashboard's script, dashboard/app.py, with one middleware in front:
dashboard.immutable_responses replays the answers Streamlit marks immutable (its hashed JavaScript, CSS and fonts),
so a new browser's first page view does not cost the server a trip through its static-file handler per file.
Everything else (pages, the websocket, health, media, the bundled map shapes) is Streamlit's as before.
`streamlit run dashboard/app.py` still works (the tests' AppTest runs the script itself); it only lacks the replay.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/serve.py` puts dashboard/ first, not the repo root
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard.immutable_responses import ImmutableResponseCache  # noqa: E402

app = st.App(Path(__file__).resolve().parent / "app.py", middleware=[Middleware(ImmutableResponseCache)])

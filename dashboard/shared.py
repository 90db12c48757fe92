"""What every session draws from the same database file generation, built once and shared by all sessions.

    figure(builder, *args, path=..., **kwargs) -> SharedFigure   a pure chart builder's figure, escaped
                                    (defang_figure), with its text alternative; built once per file generation and
                                    arguments, then handed to every session that asks again
    result(fn, *args, path=..., **kwargs)    the same for any pure function's value (a table's HTML, a frame)

The builders are the pure functions of views/ (polars frames and plain values in, a plotly figure out), so the same
arguments give the same figure: the key is the builder, the database file's generation (views.db.generation: a
swapped file starts new entries, and the old ones age out) and a fingerprint of every argument (a frame's schema,
shape and row hashes; plain values as they are). Nothing per session is kept.

The figure in a SharedFigure is shared with other sessions: read it, never change it (st.plotly_chart copies it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from views import db
from views.safe_text import defang_figure

# A shared figure holds 0.3–0.8 MB as plotly objects (a bar chart 0.27 MB, a map 0.78 MB measured): at most about
# 100 MB for the least recently used to drop out; a meeting's pages (a few areas, genders and indicators) fit.
MAX_ENTRIES = 128


@dataclass(frozen=True)
class SharedFigure:
    """A built, escaped figure and the sentence a screen reader announces for it. Read-only (shared)."""
    fig: go.Figure
    alt: str


def fingerprint(value: Any) -> str:
    """A digest of an argument's content: frames by schema, shape and row hashes, plain values by their repr."""
    h = hashlib.blake2b(digest_size=16)
    _feed(h, value)
    return h.hexdigest()


def _feed(h: Any, value: Any) -> None:
    if isinstance(value, pl.DataFrame):
        h.update(f"frame{value.shape}{list(value.schema.items())}".encode())
        if value.height:
            for seed in (0, 1):  # two independent 64-bit hashes per row
                h.update(value.hash_rows(seed=seed).to_numpy().tobytes())
    elif isinstance(value, pl.Series):
        h.update(f"series{value.name}{value.dtype}{len(value)}".encode())
        if len(value):
            for seed in (0, 1):
                h.update(value.hash(seed=seed).to_numpy().tobytes())
    elif isinstance(value, list | tuple):
        h.update(f"{type(value).__name__}{len(value)}(".encode())
        for item in value:
            _feed(h, item)
        h.update(b")")
    elif isinstance(value, Mapping):
        h.update(f"map{len(value)}(".encode())
        for key in sorted(value, key=repr):
            _feed(h, key)
            _feed(h, value[key])
        h.update(b")")
    elif is_dataclass(value) and not isinstance(value, type):
        h.update(f"{type(value).__qualname__}(".encode())
        for f in fields(value):
            _feed(h, getattr(value, f.name))
        h.update(b")")
    elif callable(value) and hasattr(value, "__qualname__"):  # a builder: by its name
        h.update(f"fn:{_builder_name(value)};".encode())
    elif value is None or isinstance(value, str | int | float | bool):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    else:
        raise TypeError(f"dashboard.shared: no fingerprint for an argument of type {type(value).__name__}")


def _builder_name(builder: Callable) -> str:
    return f"{builder.__module__}.{builder.__qualname__}"


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _build(database: tuple, name: str, digest: str, _fn: Callable, _args: tuple, _kwargs: dict) -> Any:
    """Streamlit's resource cache: one entry per (file generation, function, arguments digest), the same object
    for every session. The underscored arguments are not hashed: `digest` stands for them."""
    return _fn(*_args, **_kwargs)


def database_key(path: Path) -> tuple:
    """(path, inode, mtime_ns) of the database file: the generation views.db keys its query results on."""
    return (str(path), *db.generation(path))


def result(fn: Callable[..., Any], /, *args: Any, path: Path, **kwargs: Any) -> Any:
    """fn(*args, **kwargs) of a pure function, computed once per database generation (of the file at `path`) and
    arguments, and shared: treat it as read-only."""
    return _build(database_key(path), _builder_name(fn), fingerprint((args, kwargs)), fn, args, kwargs)


def _escaped_figure(builder: Callable[..., go.Figure], alt: Callable[..., str] | None, alt_kwargs: dict,
                    *args: Any, **kwargs: Any) -> SharedFigure:
    from dashboard.ui import chart_alt  # the alt text as ui.plotly makes it (from the figure as built)

    built = builder(*args, **kwargs)
    return SharedFigure(fig=defang_figure(built), alt=alt(*args, **alt_kwargs) if alt else chart_alt(built))


def figure(builder: Callable[..., go.Figure], /, *args: Any, path: Path, alt: Callable[..., str] | None = None,
           alt_kwargs: dict | None = None, **kwargs: Any) -> SharedFigure:
    """builder(*args, **kwargs) escaped (views.safe_text.defang_figure), with its text alternative (ui.chart_alt,
    or alt(*args, **alt_kwargs)); built once per database generation and arguments, shared by every session."""
    return result(_escaped_figure, builder, alt, alt_kwargs or {}, *args, path=path, **kwargs)


def clear() -> None:
    """Forget every shared result (tests)."""
    _build.clear()

"""Text from an API, a file or a user is never markup. Helpers for the places that render markup anyway:

    md_escape(text)          -> safe inside st.markdown / st.warning / st.caption (no links, images, HTML, autolinks)
    defang_figure(fig)       -> the figure with every Plotly string stripped of tags other than bare
                                <br>, <b>, <i>, <em>, <sup>, <sub>, <extra> (Plotly renders <a href> and <span style>)
    html.escape(text)        -> for st.html and HTML documents (standard library)

Pure functions.
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:])")
_PLOTLY_TAG = re.compile(r"<(?!/?(?:br|b|i|em|sup|sub|extra)\s*/?>)", re.IGNORECASE)


ZWSP = "\u200b"  # zero-width space: invisible, but no autolinker sees "http://", "www." or "a@b" across it
_AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)


def md_escape(text: object) -> str:
    """Backslash-escape every Markdown special character, and break what GitHub-flavoured Markdown turns into links
    after parsing (bare URLs, www., e-mail addresses) with an invisible zero-width space."""
    broken = _AUTOLINK.sub(lambda m: m.group(0)[0] + ZWSP + m.group(0)[1:], str(text))
    return _MD_SPECIAL.sub(r"\\\1", broken).replace("\n", " ")


def defang_text(text: str) -> str:
    """'<a href=x>' -> '&lt;a href=x>' (shown as text by Plotly); our own bare <br>, <sup> ... stay."""
    return _PLOTLY_TAG.sub("&lt;", text)


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return defang_text(value)
    if isinstance(value, dict):
        return {k: _walk(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v) for v in value]
    return value


def defang_figure(fig: go.Figure) -> go.Figure:
    """A copy of `fig` whose every string (names, labels, text, titles, hover templates) carries no tag that could
    make a link or style from upstream data. Numbers and arrays of numbers are left as they are."""
    return go.Figure(_walk(fig.to_plotly_json()))

"""Pure helpers: credential redaction, Markdown escaping, Plotly defanging, error-body decoding."""

from __future__ import annotations

import plotly.graph_objects as go

from core.redact import redact_text, redact_url
from etl.http import declared_charset, decode_body, shorten
from views.safe_text import defang_figure, md_escape


def test_userinfo_and_secret_query_values_are_redacted():
    assert redact_url("https://user:pass@gw.example/v3/kpi?api_key=abc&per_page=5") == \
        "https://***@gw.example/v3/kpi?api_key=***&per_page=5"
    assert redact_url("https://gw.example/v3?token=t&Signature=s&page=2") == \
        "https://gw.example/v3?token=***&Signature=***&page=2"
    assert redact_url("https://api.kolada.se/v3/kpi/N1") == "https://api.kolada.se/v3/kpi/N1"
    assert redact_text("HTTP 500 from http://u:p@h/x?key=1: boom") == "HTTP 500 from http://***@h/x?key=***: boom"


def test_markdown_escape_leaves_no_link_image_or_autolink():
    text = md_escape("[Logga in](http://evil.example/x) ![t](http://evil.example/t.png) <b>x</b> www.evil.se")
    assert "](" not in text and "![" not in text and "<b>" not in text and "http://" not in text


def test_plotly_strings_lose_links_and_styles_but_keep_our_line_breaks():
    fig = go.Figure(go.Bar(y=['<a href="http://evil.example">Karlstad</a>', "<span style='x'>Arvika</span>"],
                           x=[1, 2], hovertemplate="%{y}<extra>Kolada</extra>"))
    fig.update_layout(title="Titel<br><sup>andel</sup>")
    safe = defang_figure(fig)
    assert safe.data[0].y == ('&lt;a href="http://evil.example">Karlstad&lt;/a>', "&lt;span style='x'>Arvika&lt;/span>")
    assert safe.data[0].hovertemplate == "%{y}<extra>Kolada</extra>"
    assert safe.layout.title.text == "Titel<br><sup>andel</sup>"


def test_error_bodies_are_decoded_by_their_declared_charset_else_utf8():
    assert declared_charset("application/json; charset=ISO-8859-1") == "iso-8859-1"
    assert declared_charset("text/plain") == "utf-8"
    assert decode_body("här".encode("latin-1"), "text/plain; charset=iso-8859-1") == "här"
    assert decode_body("här".encode(), "text/html") == "här"
    assert decode_body(b"x", "text/plain; charset=no-such") == "x"
    assert len(shorten("a " * 5000)) <= 500

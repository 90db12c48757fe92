"""Upstream text shown through Markdown never becomes a link or an image (views/safe_text.md_escape)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from views.safe_text import md_escape

HOSTILE = "HTTP 500: [Logga in här](http://evil.example/login) ![t](http://evil.example/track.png) <b>x</b>"


def _page(text: str) -> None:
    import streamlit as st

    from views.safe_text import md_escape

    st.warning("Hämtningen misslyckades: " + md_escape(text))


def test_a_hostile_error_body_is_text_not_a_link_or_an_image() -> None:
    at = AppTest.from_function(_page, args=(HOSTILE,)).run()
    assert not at.exception
    shown = at.warning[0].value
    assert "](" not in shown.replace("\\]\\(", "")   # the Markdown link syntax is escaped
    assert "\\[Logga in här\\]" in shown and "\\!\\[t\\]" in shown and "\\<b\\>" in shown


def test_bare_urls_are_broken_for_the_autolinker() -> None:
    assert "http://" not in md_escape("see http://evil.example/x")

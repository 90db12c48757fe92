"""HTML of the "Nytt sedan förra mötet" summary (views.meeting.news): the life stages and goals whose headline
changed colour, as 'before → now' badges. Used by the page and by presentation mode. Every name is escaped."""

from __future__ import annotations

from html import escape

import polars as pl

from dashboard import badges
from views.meeting.news import HeadlineChange, MeetingNews
from views.words import mark_word


def _before(change: HeadlineChange) -> str:
    if change.old_mark is None:
        return "<span class='np-news-none'>fanns inte</span>"
    return badges.mark_badge(change.old_mark, mark_word(change.old_mark), size="sm")


def headline_rows(changes: list[HeadlineChange]) -> str:
    """One row per changed headline: where, the earlier mark → today's (colour + symbol + words)."""
    return "".join(
        f"<li class='np-news-row np-pres-body' data-testid='np-news-headline' data-kind='{escape(c.kind)}' "
        f"data-stage='{escape(c.life_stage_id)}' data-item='{escape(c.item_id)}'>"
        f"<span class='np-news-name'>{escape(c.name)}</span> "
        f"<span class='np-news-marks'>{_before(c)}<span aria-hidden='true'> → </span>"
        f"<span class='np-sr'> blev </span>{badges.mark_badge(c.new_mark, mark_word(c.new_mark), size='sm')}"
        "</span></li>"
        for c in changes)


def headlines_html(news: MeetingNews, limit: int | None = None, *, summary: bool = True) -> str:
    """The summary line (unless `summary` is False), then the changed headlines (at most `limit`; the rest
    counted)."""
    shown = news.headlines if limit is None else news.headlines[:limit]
    rest = len(news.headlines) - len(shown)
    more = (f"<p class='np-news-more' data-testid='np-news-more'>… och {rest} till på sidan "
            f"Nytt sedan förra mötet.</p>" if rest else "")
    rows = (f"<ul class='np-news-list'>{headline_rows(shown)}</ul>" if shown
            else "<p class='np-news-empty'>Inga rubriker har bytt färg.</p>")
    line = (f"<p class='np-news-summary' data-testid='np-news-summary'>{escape(news.summary())}.</p>"
            if summary else "")
    return f"<div class='np-news' data-testid='np-news'>{line}{rows}{more}</div>"


def verdict_rows(verdicts: pl.DataFrame, limit: int, *, with_area: bool = False) -> str:
    """The first `limit` changed indicator verdicts as 'name (area): before → now'."""
    def area(row: dict) -> str:
        return f" ({escape(row['area_name'])})" if with_area else ""

    items = []
    for row in verdicts.head(limit).iter_rows(named=True):
        before = (badges.mark_badge(row["old_mark"], row["old_label"], row["old_arrow"], size="sm")
                  if row["old_mark"] else "<span class='np-news-none'>ingen bedömning</span>")
        now = (badges.mark_badge(row["new_mark"], row["new_label"], row["new_arrow"], size="sm")
               if row["new_mark"] else "<span class='np-news-none'>ingen bedömning</span>")
        items.append(f"<li class='np-news-row np-pres-body' data-testid='np-news-verdict'><span class='np-news-name'>"
                     f"{escape(row['short_name'])}{area(row)}</span> <span class='np-news-marks'>{before}"
                     f"<span aria-hidden='true'> → </span><span class='np-sr'> blev </span>{now}</span></li>")
    return "<ul class='np-news-list'>" + "".join(items) + "</ul>"


STYLE = """
<style>
  .np-news-summary { font-weight: 600; margin: 0 0 .3rem 0; }
  .np-news-list { list-style: none; margin: 0; padding: 0; }
  .np-news-row { display: flex; flex-wrap: wrap; align-items: center; gap: .1rem .6rem; padding: .15rem 0;
                 border-top: 1px solid #DDE2E8; }
  .np-news-name { font-weight: 600; }
  .np-news-marks { display: inline-flex; flex-wrap: wrap; align-items: center; gap: .3rem; }
  .np-news-none { color: #3C3C3C; font-style: italic; }
  .np-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
</style>
"""

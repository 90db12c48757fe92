"""HTML snippets for marks, counts and banners. Pure string builders; every text is escaped.

A mark is always colour + symbol + arrow + words, so it reads on a projector, in black and white and for
colour-blind viewers. CSS classes are defined in dashboard/ui.py (STYLE).
"""

from __future__ import annotations

from html import escape

from views import theme
from views.format import fmt_value
from views.verdicts import MARK_ORDER, legend_lines, legend_note
from views.words import arrow_word, comparison_label, mark_word


def mark_badge(mark: str | None, label: str | None, arrow: str | None = None, *, size: str = "md") -> str:
    """<span class="np-mark">● ↑ På väg</span> on the mark's colour; grey 'Underlag saknas' when mark is None."""
    style = theme.mark_style(mark or "grey")
    words = label or style.words
    arrow_html = ""
    if arrow:
        arrow_html = (f'<span class="np-arrow" title="{escape(arrow_word(arrow))}">'
                      f"{escape(arrow)}</span>")
    return (f'<span class="np-mark np-mark-{size}" data-mark="{escape(mark or "grey")}" '
            f'style="background:{style.background};color:{style.text}">'
            f'<span class="np-sym" aria-hidden="true">{style.symbol}</span>{arrow_html}'
            f'<span class="np-words">{escape(words)}</span></span>')


def count_chips(n_green: int | None, n_yellow: int | None, n_red: int | None, n_grey: int | None,
                *, compact: bool = False, n_watch: int | None = None, n_neutral: int | None = None) -> str:
    """'● 3 gröna ◆ 2 gula ▲ 1 röd ○ 0 grå' as small chips; compact: '● 3 ◆ 2 ▲ 1 ○ 0' (explained by legend()).

    With `n_neutral` (not None) a chip for the neutral marks ("i nivå") follows the green one.
    With `n_watch` (> 0) a last chip '◇ 2 bevakas' counts the watch indicators, which have no colour."""
    words = {"green": ("grön", "gröna"), "neutral": ("i nivå", "i nivå"), "yellow": ("gul", "gula"),
             "red": ("röd", "röda"), "grey": ("grå", "grå")}
    chips = []
    counts = [("green", n_green), ("neutral", n_neutral), ("yellow", n_yellow), ("red", n_red), ("grey", n_grey)]
    for mark, n in (pair for pair in counts if pair[0] != "neutral" or n_neutral is not None):
        n = n or 0
        style = theme.mark_style(mark)
        word = "" if compact else "&nbsp;" + (words[mark][0] if n == 1 else words[mark][1])
        title = f"{n} {words[mark][0] if n == 1 else words[mark][1]}"
        chips.append(f'<span class="np-chip" data-mark="{mark}" title="{title}"><span class="np-chip-sym" '
                     f'style="color:{style.background}">{style.symbol}</span>{n}{word}</span>')
    if n_watch:
        word = "" if compact else "&nbsp;bevakas"
        chips.append(f'<span class="np-chip" data-mark="watch" title="{n_watch} bevakas utan färg">'
                     f'<span class="np-chip-sym" aria-hidden="true">◇</span>{n_watch}{word}</span>')
    return '<span class="np-chips">' + "".join(chips) + "</span>"


def legend(*, note: bool = True, examples: bool = True, arrows: bool = True, watch: bool = True) -> str:
    """What the four marks mean: the same words as the headlines (views.verdicts), the rows' reasons as examples."""
    items = []
    for mark, words in legend_lines():
        style = theme.mark_style(mark)
        items.append(f'<span class="np-chip" data-mark="{mark}"><span class="np-mark np-mark-sm" '
                     f'style="background:{style.background};color:{style.text}"><span class="np-sym" '
                     f'aria-hidden="true">{style.symbol}</span>{escape(mark_word(mark))}</span>'
                     f"{escape(words[len(mark_word(mark)):]) if examples else ''}</span>")
    if watch:
        items.append('<span class="np-chip"><span class="np-chip-sym" aria-hidden="true">◇</span>'
                     "bevakas – ingen färg</span>")
    arrow_html = '<span class="np-chip">↑ förbättras · → oförändrat · ↓ försämras</span>' if arrows else ""
    note_html = f'<div class="np-legend-note">{escape(legend_note())}</div>' if note else ""
    return f'<div class="np-legend" data-testid="np-legend">{"".join(items)}{arrow_html}{note_html}</div>'



def legend_line() -> str:
    """The legend on one line (the five marks' symbols, colours and headline words) that opens to its long form:
    each mark with its row reasons as examples, the watch sign, the trend arrows and the roll-up rule. A native
    <details>: keyboard and screen readers know it; the one line is its summary."""
    chips = []
    for mark in MARK_ORDER:
        style = theme.mark_style(mark)
        chips.append(f'<span class="np-mark np-mark-xs" data-mark="{mark}" style="background:{style.background};'
                     f'color:{style.text}"><span class="np-sym" aria-hidden="true">{style.symbol}</span>'
                     f"{escape(mark_word(mark))}</span>")
    long = []
    for mark, words in legend_lines():
        style = theme.mark_style(mark)
        long.append(f'<li><span class="np-mark np-mark-sm" style="background:{style.background};color:{style.text}">'
                    f'<span class="np-sym" aria-hidden="true">{style.symbol}</span>{escape(mark_word(mark))}</span>'
                    f"{escape(words[len(mark_word(mark)):])}</li>")
    long.append('<li><span aria-hidden="true">◇</span> bevakas – ingen färg, räknas inte in</li>')
    long.append("<li>↑ förbättras · → oförändrat · ↓ försämras</li>")
    return (f'<details class="np-legend-box" data-testid="np-legend"><summary><span class="np-legend-line">'
            f'{"".join(chips)}</span><span class="np-legend-more">Förklaring</span></summary>'
            f'<ul class="np-legend-long">{"".join(long)}</ul>{legend_rule()}</details>')


def comparison_legend(reference: str) -> str:
    """One line: what the comparison badges mean against one reference ('riket' | 'county'), in the same colours and
    symbols as every mark (better green, same neutral, worse red, not compared grey)."""
    items = []
    for result, mark in (("better", "green"), ("same", "neutral"), ("worse", "red"), ("not_compared", "grey")):
        style = theme.mark_style(mark)
        items.append(f'<span class="np-mark np-mark-xs" data-mark="{mark}" style="background:{style.background};'
                     f'color:{style.text}"><span class="np-sym" aria-hidden="true">{style.symbol}</span>'
                     f"{escape(comparison_label(result, reference))}</span>")
    return f'<div class="np-legend-line" data-testid="np-comparison-legend">{"".join(items)}</div>'


def legend_rule() -> str:
    """The roll-up rule in words (method.yaml), as a block of its own."""
    return f'<div class="np-legend-note" data-testid="np-legend-note">{escape(legend_note())}</div>'


def demo_banner() -> str:
    return ('<div class="np-demo" role="alert" data-testid="np-demo-banner">DEMODATA – påhittade siffror, '
            "inte verkliga</div>")


def snapshot_banner(name: str, created_at: str | None) -> str:
    when = f" ({escape(str(created_at)[:16].replace('T', ' '))})" if created_at else ""
    return (f'<div class="np-snapshot" role="status" data-testid="np-snapshot-banner">Data som visades vid '
            f"{escape(name)}{when}</div>")


def link(href: str, text: str) -> str:
    """An in-app link that opens in the same tab."""
    return f'<a href="{escape(href, quote=True)}" target="_self">{escape(text)}</a>'


def html_table(headers: list[str], rows: list[list[str]], *, numeric: set[int] | None = None,
               css_class: str = "np-table", test_id: str | None = None, widths: list[str] | None = None,
               label: str = "Tabell", fit: bool = False) -> str:
    """A plain HTML table in a box that scrolls sideways when the screen is narrow (first column sticky; the box is
    focusable so the keyboard can scroll it). Header texts are escaped; row cells are HTML already.

    `widths` fixes the columns (content wraps inside them); `fit` lets a wide table be as narrow as its longest words
    allow instead of at least 56rem, so it scrolls only when those do not fit."""
    numeric = numeric or set()
    cols = "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>" if widths else ""
    tid = f' data-testid="{escape(test_id)}"' if test_id else ""
    head = "".join(f'<th scope="col" class="{"num" if i in numeric else ""}">{escape(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if i in numeric else ""}">{cell}</td>' for i, cell in enumerate(row))
        + "</tr>" for row in rows)
    wide = " np-wide" if len(headers) >= 6 else ""
    if wide and widths:
        wide += " np-fixed"  # the given widths hold: content wraps instead of pushing columns out of view
    elif wide and fit:
        wide += " np-fit"
    head_row = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    return (f'<div class="np-scroll" tabindex="0" role="region" aria-label="{escape(label, quote=True)}">'
            f'<table class="{css_class}{wide}"{tid}>{cols}{head_row}<tbody>{body}</tbody></table></div>')


def with_interval(text: str, low: float | None, high: float | None, unit: str) -> str:
    """A table cell's value (HTML) that shows its 95 % confidence interval on hover (the title attribute); the
    value unchanged when there is no interval."""
    if low is None or high is None:
        return text
    span = f"{fmt_value(low, unit, with_unit=False)}–{fmt_value(high, unit)}"
    words = escape(f"95 % konfidensintervall {span}", quote=True)
    return f'<span title="{words}">{text}</span>'

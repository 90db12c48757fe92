"""Swedish number and date formatting. Pure functions, no Streamlit.

Swedish typography: decimal comma, a (non-breaking) space between thousands, a space before '%',
and a real minus sign (U+2212). Non-breaking spaces keep "12,3 %" on one line on a projector.
    fmt_number(1234.5, 1) -> '1 234,5'      fmt_value(12.34, 'percent') -> '12,3 %'
    fmt_delta(-1.2, 'percent') -> '−1,2 procentenheter'
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"

# Decimals and suffix per catalogue unit.
UNIT_DECIMALS: dict[str, int] = {"percent": 1, "per_100k": 0, "days": 1, "count": 0}
UNIT_SUFFIX: dict[str, str] = {
    "percent": f"{NBSP}%",
    "per_100k": f"{NBSP}per{NBSP}100{NBSP}000",
    "days": f"{NBSP}dagar",
    "count": "",
}
UNIT_DELTA_SUFFIX: dict[str, str] = {
    "percent": f"{NBSP}procentenheter",
    "per_100k": f"{NBSP}per{NBSP}100{NBSP}000",
    "days": f"{NBSP}dagar",
    "count": "",
}
UNIT_WORDS: dict[str, str] = {
    "percent": "procent",
    "per_100k": "per 100 000 invånare",
    "days": "dagar",
    "count": "antal",
}


def _is_missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (decimals=1); None/NaN -> '–'."""
    if _is_missing(value):
        return MISSING
    text = f"{abs(value):,.{decimals}f}"  # '1,234.5'
    text = text.replace(",", NBSP).replace(".", ",")
    negative = round(value, decimals) < 0
    return (MINUS if negative else "") + text


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    """12.34 -> '12,3 %' (the value is already in percent)."""
    return MISSING if _is_missing(value) else fmt_number(value, decimals) + f"{NBSP}%"


def fmt_value(value: float | None, unit: str, with_unit: bool = True) -> str:
    """A value in the indicator's unit: 'percent' -> '12,3 %', 'per_100k' -> '345 per 100 000'."""
    if _is_missing(value):
        return MISSING
    text = fmt_number(value, UNIT_DECIMALS.get(unit, 1))
    return text + UNIT_SUFFIX.get(unit, "") if with_unit else text


def fmt_delta(value: float | None, unit: str, with_unit: bool = True) -> str:
    """A signed difference: +1,2 procentenheter, −3 per 100 000, ±0,0 procentenheter (or just +1,2)."""
    if _is_missing(value):
        return MISSING
    decimals = UNIT_DECIMALS.get(unit, 1)
    text = fmt_number(value, decimals)
    if round(value, decimals) == 0:
        text = "±" + fmt_number(0.0, decimals)
    elif not text.startswith(MINUS):
        text = "+" + text
    return text + UNIT_DELTA_SUFFIX.get(unit, "") if with_unit else text


def fmt_rank(rank: int | None, of: int | None) -> str:
    """3, 16 -> '3 av 16'; None -> '–'."""
    if rank is None or of is None:
        return MISSING
    return f"{rank}{NBSP}av{NBSP}{of}"


def fmt_date(value: date | datetime | str | None) -> str:
    """ISO date as Swedes write it: 2026-11-23. Accepts a date, datetime or ISO string."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def fmt_datetime(value: datetime | str | None) -> str:
    """2026-11-23 18:05 (minutes, no seconds)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        return value.replace("T", " ")[:16]
    return value.strftime("%Y-%m-%d %H:%M")


_SOURCE = re.compile(r"Källa:\s*(.+?)\s*\.?\s*$", re.DOTALL)


def original_source(description: str | None) -> str | None:
    """The original source named at the end of a source's description ('… Källa: SCB.' -> 'SCB')."""
    if not description or "Källa:" not in description:
        return None
    tail = description[description.rindex("Källa:"):]
    match = _SOURCE.match(tail)
    return match.group(1).strip() if match else None

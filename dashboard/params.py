"""Validating URL query parameters. Pure: a raw value is accepted only if it is one of the known ids.

A link like `?kommun=1784&kon=K&ar=2023` reproduces a view. Anything else (unknown id, garbage, an attempt at
injection) falls back to the default and yields a short Swedish notice; the raw value is never echoed back
and never reaches SQL.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

GENDERS: dict[str, str] = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
MAX_RAW_LENGTH = 64

# query parameter name -> what it is called in a notice
PARAM_WORDS: dict[str, str] = {
    "kommun": "kommun",
    "kon": "kön",
    "ar": "år",
    "snapshot": "mötesögonblicksbild",
    "ind": "indikator",
}


@dataclass(frozen=True)
class Parsed:
    value: str
    notice: str | None = None


def parse_choice(raw: str | None, allowed: Collection[str], default: str, param: str,
                 default_words: str) -> Parsed:
    """`raw` if it is exactly one of `allowed`; otherwise `default` and a notice naming the parameter."""
    if raw is None:
        return Parsed(default)
    if len(raw) <= MAX_RAW_LENGTH and raw in allowed:
        return Parsed(raw)
    what = PARAM_WORDS.get(param, param)
    return Parsed(default, f"Länken innehöll ett okänt värde för {what} – visar {default_words} i stället.")


def first_value(raw: str | list[str] | None) -> str | None:
    """Query parameters can repeat (?a=1&a=2): use the first, as browsers and Streamlit do."""
    if isinstance(raw, list):
        return raw[0] if raw else None
    return raw

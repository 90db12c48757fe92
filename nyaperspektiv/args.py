"""Typed command-line values and a parser that says what is wrong in Swedish and exits 2.

    p = SwedishParser(prog="python -m etl")
    p.add_argument("--from-date", type=iso_date)        # '2026-13-01' -> exit 2: "… är inget datum (ÅÅÅÅ-MM-DD)"
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date
from typing import NoReturn

EXIT_BAD_ARGUMENTS = 2

# argparse's own phrases, in Swedish (its messages are built from these fragments).
_PHRASES = (
    ("the following arguments are required: ", "de här argumenten krävs: "),
    ("unrecognized arguments: ", "okända argument: "),
    ("invalid choice: ", "ogiltigt val: "),
    ("(choose from ", "(välj bland "),
    ("expected one argument", "ett värde behövs"),
    ("argument ", ""),
)


def iso_date(text: str) -> date:
    """'2026-11-30' -> date; anything else (2026-13-01, 30/11/2026) is refused."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inget giltigt datum (ÅÅÅÅ-MM-DD, t.ex. 2026-11-30)") from None


def positive_seconds(text: str) -> float:
    """'8' or '2.5' seconds, more than zero and finite."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inget antal sekunder (t.ex. 8)") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' sekunder: ange ett tal större än 0 (t.ex. 8)")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1 (ASCII digits)."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' är inget heltal större än 0")
    return int(text)


def reason_text(text: str) -> str:
    """A reason someone will read later: not empty, no control characters."""
    from core.meeting_snapshots import clean_name

    cleaned = clean_name(text)
    if not cleaned:
        raise argparse.ArgumentTypeError("skälet får inte vara tomt")
    return cleaned


class SwedishParser(argparse.ArgumentParser):
    """argparse that prints its complaint in Swedish, with the usage line, and exits 2 (bad arguments)."""

    def error(self, message: str) -> NoReturn:
        for english, swedish in _PHRASES:
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_ARGUMENTS, f"{self.prog}: fel i argumenten: {message}\n")

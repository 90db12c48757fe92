"""The target lines under a presentation screen's spine (issue 21 item 3): one compact line per target in force for
the screen's indicators ('MPR-vaccinerade 2-åringar – Mål 95 % senast 2030 (beslutat 2025-05-14)'; a proposal says
'Förslag till mål …'), the full sentence (who decided it, in which document) as the line's tooltip. At most
MAX_LINES lines: when there are more targets, the last line counts the rest and its tooltip names them.

Pure: Screen in, lines out; the page escapes and draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from views.meeting.agenda import Screen

MAX_LINES = 2  # lines under the spine: the screen must still fit the projector


@dataclass(frozen=True)
class TargetLine:
    text: str  # what the room reads (target_short)
    tooltip: str  # the full sentence(s) (target_text)


def target_lines(screen: Screen, max_lines: int = MAX_LINES) -> list[TargetLine]:
    """The screen's targets in the order of its indicators, each once; more than `max_lines` are counted on the
    last line ('… och 2 mål till')."""
    found: dict[str, str] = {}
    for line in screen.all_indicators:
        if line.target_short:
            found.setdefault(f"{line.short_name} – {line.target_short}",
                             f"{line.short_name} – {line.target_text or line.target_short}")
    lines = [TargetLine(text, tooltip) for text, tooltip in found.items()]
    if len(lines) <= max_lines:
        return lines
    shown, rest = lines[:max_lines - 1], lines[max_lines - 1:]
    return [*shown, TargetLine(f"… och {len(rest)} mål till", "\n".join(t.tooltip for t in rest))]

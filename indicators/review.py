"""The yearly review of the indicator set: candidate measures for a goal from a source's list of series, by the
goal's words, and which of them are detection-sensitive. Pure functions over plain values.

    goal_words(goal)                              the words a goal is searched by (goals.yaml search_words, else
                                                  the stems of its name's longer words)
    candidates(entries, words, exclude)           the list's entries whose title has one of the words, best first
    candidate_ids(entries, words_by_goal, exclude)  every goal's candidates, once each (what a full fetch asks
                                                  data for, so the review can say their coverage)
    detection_sensitive(title)                    does the measure count what is found or reported (more can mean
                                                  better detection, not worse health)?
    size_band(inhabitants)                        'under 10 000', '10 000–25 000', 'över 25 000'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from indicators.catalogue import Goal

CANDIDATES_PER_GOAL = 8
STOP_WORDS = frozenset({"stödja", "bidra", "sätta", "minska", "antalet", "personer", "hamnar", "utanför", "tidiga",
                        "insatser", "andra", "bland", "under", "efter", "genom", "samt", "detta", "fler", "färre",
                        "upptäcka", "motverka", "antal", "andel", "invånare"})
# Words of a measure that counts what is found, reported or diagnosed: a rise can mean better detection.
DETECTION_WORDS = ("anmäl", "upptäck", "diagnos", "registrera", "vårdtillfäll", "vårdkontakt", "besök", "orosanm",
                   "utredning", "förskriv", "remiss", "polisanm")
UNCERTAINTY_PREFIX = "osäkerhetstal"
SIZE_BANDS = ((10_000, "under 10 000"), (25_000, "10 000–25 000"), (None, "över 25 000"))


def _stem(word: str) -> str:
    """A crude Swedish stem: long words lose their last two letters ('sjukdomar' → 'sjukdom')."""
    return word[:-2] if len(word) > 7 else word


def goal_words(goal: Goal) -> tuple[str, ...]:
    """The goal's own search words (goals.yaml `search_words`), else the stems of its name's words of five
    letters or more that are not stop words."""
    if goal.search_words:
        return tuple(w.lower() for w in goal.search_words)
    words = re.findall(r"[a-zåäöé]+", goal.name.lower())
    return tuple(dict.fromkeys(_stem(w) for w in words if len(w) >= 5 and w not in STOP_WORDS))


def _score(title: str, words: Sequence[str]) -> int:
    text = title.lower()
    return sum(1 for w in words if w in text)


def candidates(entries: Iterable[Mapping], words: Sequence[str], exclude: Iterable[str] = (),
               limit: int = CANDIDATES_PER_GOAL) -> list[Mapping]:
    """Entries ({id, title, …}) whose title holds one of `words`, most words first, then by id; never an id in
    `exclude` (the catalogue's own series) nor an 'Osäkerhetstal' helper series."""
    skip = set(exclude)
    scored = [(s, str(e.get("id")), e) for e in entries
              if isinstance(e, Mapping) and e.get("id") not in skip
              and not str(e.get("title") or "").lower().startswith(UNCERTAINTY_PREFIX)
              and (s := _score(str(e.get("title") or ""), words)) > 0]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [e for _, _, e in scored[:limit]]


def candidate_ids(entries: Sequence[Mapping], words_by_goal: Iterable[Sequence[str]],
                  exclude: Iterable[str] = ()) -> list[str]:
    """Every goal's candidates' ids, once each, in goal order."""
    skip = list(exclude)
    ids: list[str] = []
    for words in words_by_goal:
        ids += [str(e["id"]) for e in candidates(entries, words, skip)]
    return list(dict.fromkeys(ids))


def detection_sensitive(title: str) -> bool:
    text = title.lower()
    return any(w in text for w in DETECTION_WORDS)


def size_band(inhabitants: float | None) -> str | None:
    if inhabitants is None:
        return None
    for limit, name in SIZE_BANDS:
        if limit is None or inhabitants < limit:
            return name
    return None

"""One mark per row: the combination of target status and trend, words and arrows; grey cases; the rank."""

from __future__ import annotations

import pytest

from indicators.status import TargetResult, combine_mark, rank_values


@pytest.mark.parametrize(("status", "trend", "colour", "label"), [
    ("met", "stable", "green", "Målet nått"),
    ("met", "worsening", "yellow", "Målet nått, men försämras"),
    ("on_pace", "improving", "green", "På väg"),
    ("on_pace", "short_series", "green", "På väg"),
    ("on_pace", "worsening", "yellow", "På väg, men försämras"),
    ("too_slow", "improving", "yellow", "För långsamt"),
    ("too_slow", "worsening", "red", "För långsamt, men försämras"),
    ("wrong_direction", "improving", "red", "Fel riktning"),
    ("wrong_direction", "worsening", "red", "Fel riktning"),
])
def test_value_target_marks(method, status, trend, colour, label) -> None:
    mark = combine_mark(TargetResult(status, 95.0), trend, method)
    assert (mark.colour, mark.label) == (colour, label)


@pytest.mark.parametrize(("status", "trend", "colour", "label"), [
    ("better", "improving", "green", "Bättre än riket"),
    ("better", "stable", "green", "Bättre än riket"),
    ("better", "worsening", "yellow", "Bättre än riket, men försämras"),
    ("same", "improving", "green", "I nivå med riket, men förbättras"),
    ("same", "stable", "neutral", "I nivå med riket"),
    ("same", "short_series", "neutral", "I nivå med riket"),
    ("same", "worsening", "red", "I nivå med riket, men försämras"),
    ("worse", "improving", "yellow", "Sämre än riket, men förbättras"),
    ("worse", "stable", "red", "Sämre än riket"),
    ("worse", "worsening", "red", "Sämre än riket"),
])
def test_reference_marks(method, status, trend, colour, label) -> None:
    mark = combine_mark(TargetResult(status, None, None, "riket", 80.0), trend, method)
    assert (mark.colour, mark.label) == (colour, label)


def test_county_reference_words(method) -> None:
    mark = combine_mark(TargetResult("worse", None, None, "lan", 80.0), "stable", method)
    assert (mark.colour, mark.label) == ("red", "Sämre än länet")


@pytest.mark.parametrize(("trend", "arrow"), [
    ("improving", "↑"), ("stable", "→"), ("worsening", "↓"), ("short_series", "–"),
])
def test_arrow_follows_the_trend(method, trend, arrow) -> None:
    assert combine_mark(TargetResult("better", None, None, "riket", 1.0), trend, method).arrow == arrow
    no_data = combine_mark(TargetResult("no_data"), trend, method)
    assert (no_data.colour, no_data.label, no_data.arrow) == ("grey", "Underlag saknas", arrow)


@pytest.mark.parametrize("status", ["better", "worse", "same"])
def test_watch_indicators_are_never_coloured(method, status) -> None:
    mark = combine_mark(TargetResult(status, None, None, "riket", 80.0), "worsening", method, watch=True)
    assert (mark.colour, mark.label, mark.arrow) == ("grey", "Bevakas – ingen färg", "↓")


def test_a_stale_value_is_grey_with_its_year(method) -> None:
    mark = combine_mark(TargetResult("worse", None, None, "riket", 80.0), "stable", method, stale=True,
                        latest_year=2019)
    assert (mark.colour, mark.label) == ("grey", "Inaktuellt (senaste värde 2019)")


def test_not_compared_is_grey(method) -> None:
    mark = combine_mark(TargetResult("not_compared", None, None, "riket", 80.0), "short_series", method)
    assert (mark.colour, mark.label) == ("grey", "Kan inte jämföras")


def test_rank_ties_share_the_better_rank() -> None:
    values = {"a": 10.0, "b": 20.0, "c": 20.0, "d": 5.0}
    assert rank_values(values, "higher_is_better") == {"b": 1, "c": 1, "a": 3, "d": 4}
    assert rank_values(values, "lower_is_better") == {"d": 1, "a": 2, "b": 3, "c": 3}

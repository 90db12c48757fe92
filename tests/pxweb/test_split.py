"""The query splitter: every cell requested exactly once, no request over the limit, the fewest requests."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.sources.pxweb.split import (
    QueryTooLargeError,
    best_chunk_sizes,
    cell_count,
    chunks,
    lower_bound,
    split_query,
)


def selection_of(sizes: list[int]) -> dict[str, list[str]]:
    return {f"v{i}": [f"c{j}" for j in range(n)] for i, n in enumerate(sizes)}


def cells_of(query: dict[str, list[str]]) -> list[tuple[str, ...]]:
    return list(itertools.product(*query.values()))


def brute_force_minimum(sizes: list[int], limit: int) -> int:
    """The fewest requests over every choice of chunk size per variable (all of them, no shortcuts)."""
    best = math.inf
    for combo in itertools.product(*(range(1, n + 1) for n in sizes)):
        if math.prod(combo) <= limit:
            best = min(best, math.prod(math.ceil(n / c) for n, c in zip(sizes, combo, strict=True)))
    return int(best)


sizes_strategy = st.lists(st.integers(1, 9), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(sizes=sizes_strategy, limit=st.integers(1, 400))
def test_every_cell_exactly_once_and_no_request_over_the_limit(sizes: list[int], limit: int) -> None:
    selection = selection_of(sizes)
    requests = split_query(selection, limit)
    asked = [cell for r in requests for cell in cells_of(r)]
    assert sorted(asked) == sorted(cells_of(selection))  # nothing twice, nothing left out
    assert all(cell_count(r) <= limit for r in requests)
    assert all(list(r) == list(selection) for r in requests)  # variables in the table's order


@settings(max_examples=300, deadline=None)
@given(sizes=sizes_strategy, limit=st.integers(1, 400))
def test_request_count_is_the_minimum_over_grid_splits(sizes: list[int], limit: int) -> None:
    selection = selection_of(sizes)
    count = len(split_query(selection, limit))
    assert count == brute_force_minimum(sizes, limit)
    assert count >= lower_bound(selection, limit)


@settings(max_examples=200, deadline=None)
@given(sizes=sizes_strategy, limit=st.integers(1, 400))
def test_one_request_whenever_everything_fits(sizes: list[int], limit: int) -> None:
    selection = selection_of(sizes)
    if cell_count(selection) <= limit:
        assert split_query(selection, limit) == [selection]


@settings(max_examples=200, deadline=None)
@given(big=st.integers(2, 60), rest=st.lists(st.integers(1, 5), max_size=3), per=st.integers(1, 30))
def test_lower_bound_reached_when_one_variable_can_take_the_split(big: int, rest: list[int], per: int) -> None:
    """When the other variables fit whole in a request, cutting only the first one reaches ceil(cells / limit)
    whenever that bound is reachable by such a cut."""
    sizes = [big, *rest]
    limit = math.prod(rest) * per
    selection = selection_of(sizes)
    assert len(split_query(selection, limit)) == math.ceil(big / min(per, big))


def test_realistic_fohm_table_is_one_request() -> None:
    # Region 2 × category 1 × Kön 3 × År 5 windows × 4 measures = 120 cells, far below 100 000.
    sel = {"Region": ["00", "17"], "Hälsa": ["01"], "Kön": ["00", "01", "02"],
           "År": ["2009-2012", "2013-2016", "2015-2018", "2017-2020", "2021-2024"],
           "Andel och konfidensintervall": ["01", "02", "03", "04"]}
    assert split_query(sel, 100_000) == [sel]


def test_scb_population_by_age_is_one_request_above_the_bound() -> None:
    # TAB638 for every region, age, sex and year: 312 × 102 × 2 × 57 = 3 627 648 cells at 150 000 per request.
    # ceil(cells / limit) = 25 would need requests that are not boxes of the grid; the best box split is 26.
    sizes = [312, 102, 2, 57]
    chunk = best_chunk_sizes(sizes, 150_000)
    requests = math.prod(math.ceil(n / c) for n, c in zip(sizes, chunk, strict=True))
    assert math.prod(chunk) <= 150_000
    assert lower_bound(selection_of(sizes), 150_000) == 25
    assert requests == 26


def test_chunks_are_balanced_and_in_order() -> None:
    assert chunks(list("abcdefg"), 3) == [["a", "b", "c"], ["d", "e"], ["f", "g"]]
    assert chunks(list("ab"), 5) == [["a", "b"]]


def test_a_limit_below_one_cell_is_refused() -> None:
    with pytest.raises(QueryTooLargeError, match="0 cells per request"):
        split_query({"a": ["1"]}, 0)


def test_an_empty_selection_asks_nothing() -> None:
    assert split_query({"a": ["1"], "b": []}, 10) == []

"""Split a PxWeb query (one list of value codes per variable) into the fewest requests the cell limit allows.

A request asks for the cartesian product of one chunk of values per variable, so its cells are the product of the
chunk sizes. We choose a chunk size per variable to minimise the number of requests, prod(ceil(n_i / c_i)),
subject to prod(c_i) <= max_cells, then cut each variable into that many balanced chunks (sizes differ by at most
one). Every cell is requested exactly once. Whenever the whole query fits, that is one request; when it does not,
the count equals the lower bound ceil(cells / max_cells) in the usual cases (one variable split) and is the
minimum over all such grid splits otherwise (tests check both against brute force).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from etl.chunks import even_chunks


class QueryTooLargeError(ValueError):
    """The limit is below one cell: nothing can be asked."""


def _candidates(n: int) -> list[int]:
    """Chunk sizes worth trying for n values: for each achievable number of pieces k, the smallest chunk size
    giving k pieces (ceil(n / k)); larger sizes with the same piece count only cost cells."""
    return sorted({math.ceil(n / k) for k in range(1, n + 1)}, reverse=True)


def best_chunk_sizes(sizes: Sequence[int], max_cells: int) -> tuple[int, ...]:
    """Chunk size per variable minimising prod(ceil(n_i / c_i)) with prod(c_i) <= max_cells (ties: the first
    found, which keeps earlier variables whole)."""
    if max_cells < 1:
        raise QueryTooLargeError(f"the server allows {max_cells} cells per request; nothing can be asked")
    if any(n < 1 for n in sizes):
        return tuple(max(n, 0) for n in sizes)  # an empty selection has no cells: nothing to split
    best: tuple[int, tuple[int, ...]] | None = None

    def search(i: int, chosen: tuple[int, ...], cells: int, pieces: int) -> None:
        nonlocal best
        if best is not None and pieces >= best[0]:
            return
        if i == len(sizes):
            best = (pieces, chosen)
            return
        for c in _candidates(sizes[i]):
            if cells * c <= max_cells:
                search(i + 1, chosen + (c,), cells * c, pieces * math.ceil(sizes[i] / c))

    search(0, (), 1, 1)
    assert best is not None  # chunk size 1 everywhere always fits once max_cells >= 1
    return best[1]


def chunks(values: Sequence[str], size: int) -> list[list[str]]:
    """`values` cut into ceil(len / size) consecutive chunks whose sizes differ by at most one (etl/chunks.py);
    an empty selection stays one empty chunk."""
    return even_chunks(values, size) or [[]]


def split_query(selection: dict[str, list[str]], max_cells: int) -> list[dict[str, list[str]]]:
    """The requests for `selection` ({variable code: value codes}, in the table's variable order), each within
    `max_cells`, together covering every cell exactly once, as few as a grid split allows."""
    codes = list(selection)
    sizes = [len(selection[c]) for c in codes]
    if any(n == 0 for n in sizes):
        return []
    best = best_chunk_sizes(sizes, max_cells)
    parts = [chunks(selection[c], size) for c, size in zip(codes, best, strict=True)]
    requests: list[dict[str, list[str]]] = [{}]
    for code, pieces in zip(codes, parts, strict=True):
        requests = [{**r, code: piece} for r in requests for piece in pieces]
    return requests


def cell_count(selection: dict[str, list[str]]) -> int:
    return math.prod(len(v) for v in selection.values())


def lower_bound(selection: dict[str, list[str]], max_cells: int) -> int:
    """No split can use fewer requests than this."""
    return math.ceil(cell_count(selection) / max_cells)

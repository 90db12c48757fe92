"""Cutting a list of ids into the fewest even chunks (a source's id segments in a URL, PxWeb's query cells)."""

from __future__ import annotations

from collections.abc import Sequence


def even_chunks(values: Sequence[str], max_size: int) -> list[list[str]]:
    """`values` in the fewest consecutive chunks of at most `max_size`, sizes differing by at most one, in order.
    Duplicates are kept as given; an empty input gives no chunks."""
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, got {max_size}")
    n = len(values)
    if n == 0:
        return []
    count = -(-n // max_size)  # ceil
    size, extra = divmod(n, count)
    out: list[list[str]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(list(values[start:end]))
        start = end
    return out

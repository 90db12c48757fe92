"""Data bodies into cells: PxWeb v1 `"format": "json"` and JSON-stat 2.0 (PxWebApi 2.0's default, and v1's
`json-stat2`). A cell is one value with the code of each of its variables. Missing values (PxWeb's `..` and the
other dot symbols, JSON-stat `null`) become None with the symbol kept as `flag`; never 0.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from etl.plausibility import loads_strict
from etl.sources.pxweb.metadata import PxWebMetadataError, category_codes

CONTENTS = "ContentsCode"  # v1 `json`: the contents column a value belongs to, under this key
# PX data symbols: "." not applicable, ".." not available, "..." not yet available, "-" nothing/rounded to zero
# (kept as missing with its flag, so a dash is never mistaken for a measured value).
MISSING_SYMBOLS = re.compile(r"^(\.{1,6}|-)$")


class PxWebDataError(ValueError):
    """A data body we cannot read; the message names the URL and what is wrong."""


@dataclass(frozen=True)
class Cell:
    dims: dict[str, str]
    value: float | None
    flag: str | None = None


def parse_number(url: str, where: str, raw: object) -> tuple[float | None, str | None]:
    """A PxWeb value: a number, a numeric string (point or comma decimal), or a missing-value symbol."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        raise PxWebDataError(f"{url}: {where}: {raw!r} is not a number")
    if isinstance(raw, int | float):
        try:
            return float(raw), None
        except OverflowError:  # an integer with hundreds of digits
            raise PxWebDataError(f"{url}: {where}: an integer of {len(str(raw))} digits, too large to be a figure"
                                 ) from None
    if isinstance(raw, str):
        text = raw.strip()
        if text == "" or MISSING_SYMBOLS.match(text):
            return None, text or None
        try:
            value = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except ValueError:
            raise PxWebDataError(f"{url}: {where}: {raw!r} is not a number") from None
        if not math.isfinite(value):
            raise PxWebDataError(f"{url}: {where}: {raw!r} is not a finite number")
        return value, None
    raise PxWebDataError(f"{url}: {where}: {raw!r} is not a number")


def _load(url: str, body: bytes) -> dict:
    try:
        data = loads_strict(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, DuplicateKeyError
        raise PxWebDataError(f"{url}: data is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PxWebDataError(f"{url}: data is not a JSON object")
    return data


def decode_v1_json(url: str, body: bytes) -> list[Cell]:
    """`{"columns": [{code, type: d|t|c}], "data": [{"key": [...], "values": [...]}]}`: the key follows the d/t
    columns, the values the c (contents) columns; each value becomes a cell with its contents code under
    CONTENTS."""
    data = _load(url, body)
    columns, rows = data.get("columns"), data.get("data")
    if not isinstance(columns, list) or not isinstance(rows, list):
        raise PxWebDataError(f"{url}: not a PxWeb v1 json body (no 'columns' or 'data' list)")
    keys = [c.get("code") for c in columns if isinstance(c, dict) and c.get("type") != "c"]
    contents = [c.get("code") for c in columns if isinstance(c, dict) and c.get("type") == "c"]
    if len(keys) + len(contents) != len(columns) or not all(isinstance(k, str) for k in keys + contents):
        raise PxWebDataError(f"{url}: a column has no 'code'")
    cells = []
    for i, row in enumerate(rows):
        key, values = (row.get("key"), row.get("values")) if isinstance(row, dict) else (None, None)
        if not isinstance(key, list) or len(key) != len(keys):
            raise PxWebDataError(f"{url}: data[{i}].key has {key!r}, expected {len(keys)} codes ({keys})")
        if not isinstance(values, list) or len(values) != len(contents):
            raise PxWebDataError(f"{url}: data[{i}].values has {values!r}, expected {len(contents)} values")
        dims = dict(zip(keys, (str(k) for k in key), strict=True))
        for code, raw in zip(contents, values, strict=True):
            value, flag = parse_number(url, f"data[{i}] {code}", raw)
            cells.append(Cell({**dims, CONTENTS: code}, value, flag))
    return cells


def _sparse(url: str, name: str, raw: object, total: int) -> dict[int, object]:
    """JSON-stat `value`/`status`: a list (dense), an object {index: x} (sparse) or, for status, one string."""
    if isinstance(raw, list):
        if name == "value" and len(raw) != total:
            raise PxWebDataError(f"{url}: 'value' has {len(raw)} entries, the sizes say {total}")
        return dict(enumerate(raw))
    if isinstance(raw, dict):
        out = {}
        for k, v in raw.items():
            if not str(k).isdigit() or int(k) >= total:
                raise PxWebDataError(f"{url}: '{name}' has index {k!r} outside 0..{total - 1}")
            out[int(k)] = v
        return out
    if name == "status" and isinstance(raw, str):
        return dict.fromkeys(range(total), raw)
    if name == "status" and raw is None:
        return {}
    raise PxWebDataError(f"{url}: '{name}' is neither a list nor an object")


def decode_jsonstat2(url: str, body: bytes) -> list[Cell]:
    """Row-major decoding: the value at flat index i belongs to the i-th combination of category codes, the
    last dimension in `id` varying fastest. Absent (sparse) and null values are missing cells."""
    data = _load(url, body)
    ids, sizes, dims = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, dict):
        raise PxWebDataError(f"{url}: not a JSON-stat2 dataset (no 'id', 'size' or 'dimension')")
    if len(ids) != len(sizes):
        raise PxWebDataError(f"{url}: 'id' has {len(ids)} dimensions but 'size' {len(sizes)}")
    try:
        codes = [category_codes(url, d, dims.get(d))[0] for d in ids]
    except PxWebMetadataError as exc:
        raise PxWebDataError(str(exc)) from None
    for d, n, c in zip(ids, sizes, codes, strict=True):
        if n != len(c):
            raise PxWebDataError(f"{url}: dimension {d!r} has {len(c)} categories, 'size' says {n}")
    total = math.prod(sizes)
    values = _sparse(url, "value", data.get("value"), total)
    status = _sparse(url, "status", data.get("status"), total)
    cells = []
    for i, combo in enumerate(itertools.product(*codes)):
        value, flag = parse_number(url, f"value[{i}]", values.get(i))
        st = status.get(i)
        cells.append(Cell(dict(zip(ids, combo, strict=True)), value,
                          flag or (str(st) if st not in (None, "") else None)))
    return cells

"""Table metadata from PxWeb v1 (`GET <table>`) and PxWebApi 2.0 (`GET /tables/{id}/metadata`, a JSON-stat2
dataset without values), read into one shape: the variables in table order with their value codes and texts."""

from __future__ import annotations

from dataclasses import dataclass

from etl.plausibility import loads_strict


class PxWebMetadataError(ValueError):
    """Metadata we cannot read; the message names the URL and the field."""


@dataclass(frozen=True)
class Variable:
    code: str  # exactly as the server spells it ("Kön", "Andel och konfidensintervall")
    text: str
    values: tuple[str, ...]
    value_texts: tuple[str, ...]
    time: bool = False
    elimination: bool = False

    def text_of(self, code: str) -> str:
        try:
            return self.value_texts[self.values.index(code)]
        except (ValueError, IndexError):
            return code


@dataclass(frozen=True)
class TableMeta:
    title: str
    variables: tuple[Variable, ...]
    updated: str | None = None

    def variable(self, code: str) -> Variable | None:
        return next((v for v in self.variables if v.code == code), None)

    @property
    def time_variable(self) -> Variable | None:
        return next((v for v in self.variables if v.time), None)


def _load(url: str, body: bytes) -> dict:
    try:
        data = loads_strict(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, DuplicateKeyError
        raise PxWebMetadataError(f"{url}: metadata is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PxWebMetadataError(f"{url}: metadata is not a JSON object")
    return data


def _strings(url: str, where: str, items: object) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise PxWebMetadataError(f"{url}: {where} is not a list of strings")
    return tuple(items)


def parse_v1_metadata(url: str, body: bytes) -> TableMeta:
    data = _load(url, body)
    raw_vars = data.get("variables")
    if not isinstance(raw_vars, list) or not raw_vars:
        raise PxWebMetadataError(f"{url}: metadata has no 'variables' list")
    variables = []
    for i, v in enumerate(raw_vars):
        if not isinstance(v, dict) or not isinstance(v.get("code"), str):
            raise PxWebMetadataError(f"{url}: variables[{i}] has no 'code'")
        code = v["code"]
        values = _strings(url, f"variable {code!r} 'values'", v.get("values"))
        texts = _strings(url, f"variable {code!r} 'valueTexts'", v.get("valueTexts", list(values)))
        if len(texts) != len(values):
            raise PxWebMetadataError(f"{url}: variable {code!r} has {len(values)} values but {len(texts)} "
                                     f"valueTexts")
        variables.append(Variable(code=code, text=str(v.get("text", code)), values=values, value_texts=texts,
                                  time=bool(v.get("time", False)), elimination=bool(v.get("elimination", False))))
    return TableMeta(title=str(data.get("title", "")), variables=tuple(variables))


def category_codes(url: str, dim_id: str, dim: dict) -> tuple[list[str], dict[str, str]]:
    """A JSON-stat dimension's category codes in index order, and their labels."""
    category = dim.get("category") if isinstance(dim, dict) else None
    if not isinstance(category, dict):
        raise PxWebMetadataError(f"{url}: dimension {dim_id!r} has no 'category'")
    index = category.get("index")
    labels = category.get("label") if isinstance(category.get("label"), dict) else {}
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        if sorted(index.values()) != list(range(len(codes))):
            raise PxWebMetadataError(f"{url}: dimension {dim_id!r} category index is not 0..{len(codes) - 1}")
    elif index is None and len(labels) == 1:
        codes = list(labels)  # JSON-stat lets a single-category dimension omit the index
    else:
        raise PxWebMetadataError(f"{url}: dimension {dim_id!r} has no usable category index")
    return codes, {c: str(labels.get(c, c)) for c in codes}


def parse_v2_metadata(url: str, body: bytes) -> TableMeta:
    data = _load(url, body)
    ids = data.get("id")
    dims = data.get("dimension")
    if not isinstance(ids, list) or not isinstance(dims, dict):
        raise PxWebMetadataError(f"{url}: metadata is not a JSON-stat2 dataset (no 'id' or 'dimension')")
    role = data.get("role") if isinstance(data.get("role"), dict) else {}
    time_ids = set(role.get("time") or [])
    variables = []
    for dim_id in ids:
        dim = dims.get(dim_id)
        codes, labels = category_codes(url, dim_id, dim)
        ext = dim.get("extension") if isinstance(dim.get("extension"), dict) else {}
        variables.append(Variable(code=dim_id, text=str(dim.get("label", dim_id)), values=tuple(codes),
                                  value_texts=tuple(labels[c] for c in codes), time=dim_id in time_ids,
                                  elimination=bool(ext.get("elimination", False))))
    return TableMeta(title=str(data.get("label", "")), variables=tuple(variables),
                     updated=data.get("updated") if isinstance(data.get("updated"), str) else None)

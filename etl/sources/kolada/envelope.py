"""The Kolada v3 response envelope: `{"values": [...], "count": n, "next_url": str|null, ...}`. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from etl.http import HttpError
from etl.plausibility import loads_strict
from etl.raw_runs import FileEntry, Manifest, RunError, iter_bodies, read_body


class KoladaResponseError(HttpError):
    """The server answered 200 but the body is not a Kolada v3 envelope."""


def parse_envelope(url: str, body: bytes) -> dict:
    """The v3 envelope `{"values": [...], "next_url": ...}`; anything else raises naming the URL."""
    try:
        payload = loads_strict(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, DuplicateKeyError
        excerpt = body[:200].decode("utf-8", errors="replace")
        raise KoladaResponseError(f"malformed JSON from {url}: {exc} (body starts {excerpt!r})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaResponseError(f"unexpected response from {url}: expected an object with a 'values' list, "
                                  f"got {str(payload)[:200]!r}")
    next_url = payload.get("next_url")
    if next_url is not None and not isinstance(next_url, str):
        raise KoladaResponseError(f"unexpected response from {url}: next_url is {next_url!r}, not a string")
    return payload


def iter_run_values(run: Manifest, kind: str) -> Iterator[tuple[str, dict]]:
    """(file, object) for every object in the `values` lists of the run's stored `kind` files, in manifest order;
    each body is checked against the manifest (sha256, row count)."""
    for entry, body in iter_bodies(run, kind):
        yield from iter_entry_values(run, entry, body)


def iter_entry_values(run: Manifest, entry: FileEntry, body: bytes | None = None) -> Iterator[tuple[str, dict]]:
    """(file, object) for every object of one stored page (`body`: already read and checked, else read here)."""
    if body is None:
        body = read_body(run.dir, entry)
    file = run.dir / entry.file
    try:
        payload = loads_strict(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, DuplicateKeyError
        raise RunError(f"{file}: not valid JSON: {exc}") from exc
    values = payload.get("values") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise RunError(f"{file}: expected a Kolada envelope with a 'values' list")
    if len(values) != entry.rows:
        raise RunError(f"{file}: {len(values)} values, the manifest says {entry.rows}")
    for obj in values:
        if not isinstance(obj, dict):
            raise RunError(f"{file}: a value is not a JSON object: {str(obj)[:100]!r}")
        yield str(file), obj

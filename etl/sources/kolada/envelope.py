"""The Kolada v3 response envelope: `{"values": [...], "count": n, "next_url": str|null, ...}`. Pure."""

from __future__ import annotations

import json

from etl.http import HttpError


class KoladaResponseError(HttpError):
    """The server answered 200 but the body is not a Kolada v3 envelope."""


def parse_envelope(url: str, body: bytes) -> dict:
    """The v3 envelope `{"values": [...], "next_url": ...}`; anything else raises naming the URL."""
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        excerpt = body[:200].decode("utf-8", errors="replace")
        raise KoladaResponseError(f"malformed JSON from {url}: {exc} (body starts {excerpt!r})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaResponseError(f"unexpected response from {url}: expected an object with a 'values' list, "
                                  f"got {str(payload)[:200]!r}")
    next_url = payload.get("next_url")
    if next_url is not None and not isinstance(next_url, str):
        raise KoladaResponseError(f"unexpected response from {url}: next_url is {next_url!r}, not a string")
    return payload

"""Keep credentials out of everything we print or store: URLs with `user:pass@` or secret query parameters.

    redact_url("http://user:pass@gw/v3?api_key=abc&per_page=5")  -> "http://***@gw/v3?api_key=***&per_page=5"
    redact_text("HTTP 500 from http://u:p@gw/v3/kpi: ...")         -> every URL inside redacted the same way

Used for manifests, `dataset.source`, `etl_run.source`, messages, the attempts log, snapshots and CLI output.
Pure functions.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# Query parameter names that look like a secret (case-insensitive substring match).
SECRET_PARAM = re.compile(r"(key|token|secret|pass|pwd|auth|sig|credential|session)", re.IGNORECASE)
_URL = re.compile(r"""[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'"<>()\[\]{}]+""")


def redact_url(url: str) -> str:
    """The URL with userinfo and secret-looking query values replaced by ***; other URLs unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = MASK + "@" + netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(SECRET_PARAM.search(k) for k, _ in pairs):
            query = urlencode([(k, MASK if SECRET_PARAM.search(k) else v) for k, v in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every URL inside free text redacted (error messages, exception strings)."""
    if "://" not in text:
        return text
    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        core = url.rstrip(".,:;!?")  # sentence punctuation after a URL is not part of it
        return redact_url(core) + url[len(core):]

    return _URL.sub(one, text)

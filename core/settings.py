"""Settings from the environment and the command line: where data lives and where each source is.

    settings = load_settings()                                    # NP_DATA_DIR or data/
    settings.raw_dir("kolada")                                    # data/raw/kolada
    settings.base_url(source)                                     # override > source's env var > its default
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from indicators.catalogue import DEFAULT_SOURCE

DB_NAME = "nyaperspektiv.duckdb"


class _SourceInfo(Protocol):
    source_id: str


class _Located(Protocol):
    """What `Settings.base_url` needs of a source (etl.sources.Source)."""

    info: _SourceInfo
    default_base_url: str
    base_url_env: str | None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    base_urls: Mapping[str, str] = field(default_factory=dict)  # source_id → base URL given on the command line

    @property
    def raw_root(self) -> Path:
        return self.data_dir / "raw"

    def raw_dir(self, source_id: str) -> Path:
        """Where the source's raw fetch runs live: `<data_dir>/raw/<source_id>/`."""
        return self.raw_root / source_id

    def base_url(self, source: _Located) -> str:
        """The command-line override, else the source's environment variable, else its default. A default may
        name `{data_dir}` (the own-figures folder is `{data_dir}/egna`)."""
        sid = source.info.source_id
        url = (self.base_urls.get(sid) or (os.environ.get(source.base_url_env) if source.base_url_env else None)
               or source.default_base_url.replace("{data_dir}", str(self.data_dir)))
        return url.rstrip("/")

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def local_dir(self) -> Path:
        """The region's own figures (etl/sources/local): NP_LOCAL_DIR, else `<data_dir>/egna`."""
        return Path(os.environ.get("NP_LOCAL_DIR") or self.data_dir / "egna").resolve()

    @property
    def snapshots_dir(self) -> Path:
        return self.data_dir / "snapshots"


def load_settings(base_url: str | None = None, data_dir: str | Path | None = None, *,
                  source_id: str = DEFAULT_SOURCE) -> Settings:
    """`data_dir`: the flag, else NP_DATA_DIR, else `data`. `base_url` (the `--base-url` flag) overrides where
    `source_id` (default: the catalogue's default source) is fetched from."""
    directory = data_dir or os.environ.get("NP_DATA_DIR") or "data"
    urls = {source_id: base_url.rstrip("/")} if base_url else {}
    return Settings(data_dir=Path(directory).resolve(), base_urls=urls)


@dataclass(frozen=True)
class HttpPace:
    """How long the ETL waits between tries and between requests when nothing else is said (the CLI's fetches).

    `NP_HTTP_BACKOFF_SECONDS`: the first retry's wait, doubled per attempt (default 1 s; 0 retries at once, as the
    test suite's subprocesses do against the local fake servers). `NP_HTTP_REQUESTS_PER_SECOND`: the polite rate
    limit (default 5; 0 is no limit). The number of attempts and every deadline stay as they are."""

    backoff_base: float = 1.0
    max_requests_per_second: float = 5.0


def http_pace(environ: Mapping[str, str] | None = None) -> HttpPace:
    """The pace from the environment; a value that is not a number ≥ 0 is an error naming the variable."""
    env = os.environ if environ is None else environ
    default = HttpPace()

    def number(name: str, fallback: float) -> float:
        raw = env.get(name, "").strip()
        if not raw:
            return fallback
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r}: expected a number of seconds or requests per second (≥ 0)") from None
        if value < 0 or value != value:
            raise ValueError(f"{name}={raw!r}: expected a number ≥ 0")
        return value

    return HttpPace(backoff_base=number("NP_HTTP_BACKOFF_SECONDS", default.backoff_base),
                    max_requests_per_second=number("NP_HTTP_REQUESTS_PER_SECOND", default.max_requests_per_second))

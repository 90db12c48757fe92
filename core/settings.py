"""Settings from the environment and the command line: where data lives and where each source is.

    settings = load_settings()                                    # NP_DATA_DIR or data/
    settings.raw_dir("kolada")                                    # data/raw/kolada
    settings.base_url(source)                                     # override > source's env var > its default
    settings.full_refresh_days                                    # NP_FULL_REFRESH_DAYS (default 7; 0: never)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from indicators.catalogue import DEFAULT_SOURCE

DB_NAME = "nyaperspektiv.duckdb"
# `refresh` fetches a source in full when its last full fetch is this many days old or more, so a revision that a
# stale listing stamp hides from every incremental refresh is found within a week. 0: only `refresh --full`.
FULL_REFRESH_DAYS = 7


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
    full_refresh_days: int = FULL_REFRESH_DAYS  # NP_FULL_REFRESH_DAYS: a full fetch at least this often (0: never)

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
    return Settings(data_dir=Path(directory).resolve(), base_urls=urls, full_refresh_days=_full_refresh_days())


def _full_refresh_days() -> int:
    raw = os.environ.get("NP_FULL_REFRESH_DAYS", "").strip()
    if not raw:
        return FULL_REFRESH_DAYS
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(f"NP_FULL_REFRESH_DAYS is {raw!r}: expected a whole number of days (0: only refresh --full)")
    return int(raw)

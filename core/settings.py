"""Settings from the environment and the command line: where data lives and where each source is.

    settings = load_settings()                                    # NP_DATA_DIR or data/
    settings.raw_dir("kolada")                                    # data/raw/kolada
    settings.base_url(source)                                     # override > source's env var > its default
    settings.full_refresh_days                                    # NP_FULL_REFRESH_DAYS (default 7; 0: never)
    fetch_deadline_seconds()                                      # NP_FETCH_DEADLINE_SECONDS, checked

Every environment variable the project reads is read here (ENVIRONMENT lists them); a wrong value raises a
SettingsError that names the variable and what it should hold. `check_environment()` checks them all at once (the
command line does so before anything else and exits 2).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from indicators.catalogue import DEFAULT_SOURCE

DB_NAME = "nyaperspektiv.duckdb"
RUN_DEADLINE_SECONDS = 3600.0  # a whole fetch run
DEFAULT_ALERT_AFTER = 1
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CATALOGUE_DIR_ENV = "NP_CATALOGUE_DIR"  # indicators/catalogue.py names it too (core imports that module)


class SettingsError(ValueError):
    """An environment variable holds something unusable; the message names it."""


def _env(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    return value if value not in (None, "") else None


def _number(name: str, default: float, *, minimum: float, integer: bool = False, words: str,
            environ: Mapping[str, str] | None = None) -> float:
    raw = _env(name, environ)
    if raw is None:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise SettingsError(f"miljövariabeln {name}={raw!r} är inte {words}; ta bort den eller ange t.ex. "
                            f"{int(default) if default == int(default) else default}") from None
    if not math.isfinite(value) or value < minimum:
        raise SettingsError(f"miljövariabeln {name}={raw!r}: värdet måste vara minst {minimum:g}")
    return value


def fetch_deadline_seconds() -> float:
    """NP_FETCH_DEADLINE_SECONDS: the longest a whole fetch run may take (default 3600)."""
    return _number("NP_FETCH_DEADLINE_SECONDS", RUN_DEADLINE_SECONDS, minimum=1, words="ett antal sekunder")


def build_hold_seconds() -> float:
    """NP_BUILD_HOLD_SECONDS: tests only – how long a build holds its finished file before renaming it (0)."""
    return _number("NP_BUILD_HOLD_SECONDS", 0.0, minimum=0, words="ett antal sekunder")


def build_memory_limit() -> str:
    """NP_BUILD_MEMORY_LIMIT: DuckDB's memory limit while it writes a build (default 100MB). Without one DuckDB
    may keep up to 80 % of the machine's memory in its buffers before it writes them out; with one it writes (and
    if need be spills to a temporary folder beside the file) sooner. The tables written are the same."""
    value = (_env("NP_BUILD_MEMORY_LIMIT") or "").strip() or "100MB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", value, re.IGNORECASE):
        raise SettingsError(f"miljövariabeln NP_BUILD_MEMORY_LIMIT={value!r} är ingen minnesmängd; ange t.ex. "
                            "256MB eller 1GB")
    return value


def alert_after_failures() -> int:
    """NP_ALERT_AFTER_FAILURES: failed refresh attempts in a row before the dashboard warns (default 1)."""
    return int(_number("NP_ALERT_AFTER_FAILURES", DEFAULT_ALERT_AFTER, minimum=1, integer=True,
                       words="ett heltal"))


def catalogue_dir_override() -> Path | None:
    """NP_CATALOGUE_DIR: another catalogue folder (tests, benchmarks), which must exist."""
    raw = _env(CATALOGUE_DIR_ENV)
    if raw is None:
        return None
    if not Path(raw).is_dir():
        raise SettingsError(f"miljövariabeln {CATALOGUE_DIR_ENV}={raw!r} är ingen mapp")
    return Path(raw)


def chromium_path() -> str:
    """CHROMIUM: the browser the exports print with (default /usr/bin/chromium)."""
    return _env("CHROMIUM") or DEFAULT_CHROMIUM


def data_dir_env() -> str | None:
    """NP_DATA_DIR: where data lives (default data/)."""
    return _env("NP_DATA_DIR")


def source_url_env(name: str) -> str | None:
    """A source's location variable: KOLADA_BASE_URL, FOHM_BASE_URL … (an http(s) address) or NP_LOCAL_DIR (a
    folder)."""
    raw = _env(name)
    if raw is not None and name.endswith("_URL") and not raw.startswith(("http://", "https://")):
        raise SettingsError(f"miljövariabeln {name}={raw!r} är ingen adress (http:// eller https://)")
    return raw


ENVIRONMENT: dict[str, Callable[[], object]] = {
    "NP_FETCH_DEADLINE_SECONDS": fetch_deadline_seconds, "NP_BUILD_HOLD_SECONDS": build_hold_seconds,
    "NP_ALERT_AFTER_FAILURES": alert_after_failures, "NP_BUILD_MEMORY_LIMIT": build_memory_limit,
    CATALOGUE_DIR_ENV: catalogue_dir_override,
    "CHROMIUM": chromium_path, "NP_DATA_DIR": data_dir_env, "NP_FULL_REFRESH_DAYS": lambda: _full_refresh_days(),
    "NP_HTTP_BACKOFF_SECONDS": lambda: http_pace(), "NP_HTTP_REQUESTS_PER_SECOND": lambda: http_pace(),
}


def check_environment(url_variables: tuple[str, ...] = ()) -> list[str]:
    """Every variable's problem, in Swedish, naming it (empty when all are usable)."""
    problems = []
    for check in [*ENVIRONMENT.values(), *(lambda n=n: source_url_env(n) for n in url_variables)]:
        try:
            check()
        except SettingsError as exc:
            problems.append(str(exc))
    return problems

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
        url = (self.base_urls.get(sid) or (source_url_env(source.base_url_env) if source.base_url_env else None)
               or source.default_base_url.replace("{data_dir}", str(self.data_dir)))
        return url.rstrip("/")

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def snapshots_dir(self) -> Path:
        return self.data_dir / "snapshots"


def load_settings(base_url: str | None = None, data_dir: str | Path | None = None, *,
                  source_id: str = DEFAULT_SOURCE) -> Settings:
    """`data_dir`: the flag, else NP_DATA_DIR, else `data`. `base_url` (the `--base-url` flag) overrides where
    `source_id` (default: the catalogue's default source) is fetched from."""
    directory = data_dir or data_dir_env() or "data"
    urls = {source_id: base_url.rstrip("/")} if base_url else {}
    return Settings(data_dir=Path(directory).resolve(), base_urls=urls, full_refresh_days=_full_refresh_days())


def _full_refresh_days() -> int:
    """NP_FULL_REFRESH_DAYS: a full fetch at least this often (default 7; 0: only `refresh --full`)."""
    raw = (_env("NP_FULL_REFRESH_DAYS") or "").strip()
    if not raw:
        return FULL_REFRESH_DAYS
    if not raw.isascii() or not raw.isdigit():
        raise SettingsError(f"miljövariabeln NP_FULL_REFRESH_DAYS={raw!r} är inte ett heltal (dagar; 0: bara "
                            "refresh --full)")
    return int(raw)


@dataclass(frozen=True)
class HttpPace:
    """How long the ETL waits between tries and between requests when nothing else is said (the CLI's fetches).

    `NP_HTTP_BACKOFF_SECONDS`: the first retry's wait, doubled per attempt (default 1 s; 0 retries at once, as the
    test suite's subprocesses do against the local fake servers). `NP_HTTP_REQUESTS_PER_SECOND`: the polite rate
    limit (default 5; 0 is no limit). The number of attempts and every deadline stay as they are."""

    backoff_base: float = 1.0
    max_requests_per_second: float = 5.0


def http_pace(environ: Mapping[str, str] | None = None) -> HttpPace:
    """The pace from the environment (or `environ`); a value that is not a number ≥ 0 is a SettingsError naming
    the variable."""
    default = HttpPace()
    return HttpPace(
        backoff_base=_number("NP_HTTP_BACKOFF_SECONDS", default.backoff_base, minimum=0,
                             words="ett antal sekunder", environ=environ),
        max_requests_per_second=_number("NP_HTTP_REQUESTS_PER_SECOND", default.max_requests_per_second, minimum=0,
                                        words="ett antal anrop per sekund", environ=environ))

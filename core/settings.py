"""Settings from the environment: where Kolada is and where data lives."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
DB_NAME = "nyaperspektiv.duckdb"


@dataclass(frozen=True)
class Settings:
    base_url: str
    data_dir: Path

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw" / "kolada"

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


def load_settings(base_url: str | None = None, data_dir: str | Path | None = None) -> Settings:
    """CLI flags win over env vars (KOLADA_BASE_URL, NP_DATA_DIR), which win over the defaults."""
    url = base_url or os.environ.get("KOLADA_BASE_URL") or DEFAULT_BASE_URL
    directory = data_dir or os.environ.get("NP_DATA_DIR") or "data"
    return Settings(base_url=url.rstrip("/"), data_dir=Path(directory).resolve())

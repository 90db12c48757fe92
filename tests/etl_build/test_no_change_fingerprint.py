"""The rebuild fingerprint includes the library versions (issue 23): a DuckDB or polars upgrade rebuilds."""

from __future__ import annotations

from etl import no_change


def test_the_fingerprint_names_the_libraries_and_changes_with_them(catalogue, monkeypatch):
    versions = no_change.library_versions()
    assert {"python", "duckdb", "polars", "pyarrow"} <= set(versions) and all(versions[k] for k in ("duckdb",
                                                                                                      "polars"))
    before = no_change.build_fingerprint(catalogue)
    assert no_change.build_fingerprint(catalogue) == before  # stable
    monkeypatch.setattr(no_change, "library_versions", lambda: {**versions, "polars": "99.0.0"})
    assert no_change.build_fingerprint(catalogue) != before

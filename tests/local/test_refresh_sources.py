"""`python -m etl refresh` with own figures beside Kolada and Folkhälsodata: a good file is stored with its sha256;
a bad file fails that source only: Kolada is still fetched and built, the summary names the failed source and the
exit is 1. A source that cannot be reached fails alone the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from etl.raw_runs import list_runs, sha256_of

REPO = Path(__file__).resolve().parents[2]
HEADER = "serie;område;år;kön;värde;källa;utgivare"


def etl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def test_good_own_figures_are_kept_and_a_bad_file_fails_only_its_source(server, tmp_path: Path) -> None:
    data = tmp_path / "data"
    egna = data / "egna"
    egna.mkdir(parents=True)
    good = f"{HEADER}\nbesok;1780;2024;T;12,5;Källa: Karlstads kommun;Karlstads kommun\n".encode()
    (egna / "besok.csv").write_bytes(good)
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(data)}
    first = etl("refresh", env=env)
    assert first.returncode == 0, first.stderr
    runs = list_runs(data / "raw" / "egna")
    assert [m.outcome for m in runs] == ["ok"]
    assert runs[0].files[0].sha256 == sha256_of(good) and runs[0].files[0].url.endswith("/egna/besok.csv")
    db = data / "nyaperspektiv.duckdb"
    assert db.exists()

    (egna / "enkat.csv").write_text(f"{HEADER}\ntrygg;1799;2024;T;ca 40;Källa: X;Region Värmland\n",
                                    encoding="utf-8")
    server.clear_requests()
    second = etl("refresh", env=env)
    assert second.returncode == 1
    assert "1 av 3 källor misslyckades: Egna siffror" in second.stderr  # Kolada, Folkhälsodata, own figures
    assert "enkat.csv: row 2, column 'område': unknown area '1799'" in second.stderr + second.stdout
    assert "enkat.csv: row 2, column 'värde': 'ca 40' is not a number" in second.stdout
    assert server.requests  # Kolada was still fetched …
    assert [m.outcome for m in list_runs(data / "raw" / "kolada")] == ["ok", "ok"]
    assert [m.outcome for m in list_runs(data / "raw" / "egna")] == ["ok", "failed"]  # … the bad file not stored
    # … and the database still shows the good runs: nothing they hold changed, so it is not rewritten (issue 13)
    assert "byggs inte om" in second.stdout and db.exists()


def test_folkhalsodata_failing_does_not_stop_kolada_or_lose_its_last_good_data(server, fohm_server,
                                                                              tmp_path: Path) -> None:
    """Both real sources in one refresh (local fake servers); then Folkhälsodata unreachable: Kolada is still
    fetched and built, the FoHM figures of the last good run stay, the summary names the failed source."""
    import duckdb

    data = tmp_path / "data"
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(data), "FOHM_BASE_URL": fohm_server.v1_base}
    first = etl("refresh", env=env)
    assert first.returncode == 0, first.stderr
    db = data / "nyaperspektiv.duckdb"

    def counts() -> tuple[int, int]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT count(*) FILTER (WHERE series_id LIKE 'kolada:%'), "
                               "count(*) FILTER (WHERE series_id LIKE 'fohm:%') FROM observation").fetchone()
        finally:
            con.close()

    kolada_rows, fohm_rows = counts()
    assert kolada_rows > 0 and fohm_rows > 0
    server.clear_requests()
    from datetime import date

    from indicators.catalogue import load_catalogue

    catalogue = load_catalogue()
    kpi = next(i.kpi for i in catalogue.indicators if i.kpi)
    server.dataset.set_value(kpi, catalogue.municipality_ids[0], 2021, "T", 12.5, changed=date.today())  # news
    dead = {**env, "FOHM_BASE_URL": "http://127.0.0.1:9/Folkhalsodata/api/v1/sv"}  # nothing listens on port 9
    second = etl("refresh", env=dead)
    assert second.returncode == 1
    assert "1 av 2 källor misslyckades: Folkhälsomyndigheten, Folkhälsodata" in second.stderr
    assert server.requests and "Databas byggd" in second.stdout  # Kolada fetched, the database rebuilt …
    assert [m.outcome for m in list_runs(data / "raw" / "fohm")] == ["ok", "failed"]
    now_kolada, now_fohm = counts()
    assert now_kolada >= kolada_rows and now_fohm == fohm_rows  # … with FoHM's last good run still in it


def test_own_figures_keep_their_file_s_source_line(server, tmp_path: Path) -> None:
    """An indicator on own figures (a catalogue copy names `egna:besok`): built beside Kolada and Folkhälsodata,
    its series carries the file's own source line, never another source's."""

    import duckdb

    from tests.own_catalogue import catalogue_with_own_series

    cat = catalogue_with_own_series(tmp_path / "catalogue")
    data = tmp_path / "data"
    (data / "egna").mkdir(parents=True)
    (data / "egna" / "besok.csv").write_text(
        f"{HEADER}\nbesok;1780;2024;T;12,5;Källa: Karlstads kommun, besöksräkning;Karlstads kommun\n",
        encoding="utf-8")
    done = etl("refresh", env={"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(data),
                               "NP_CATALOGUE_DIR": str(cat)})
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(data / "nyaperspektiv.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT attribution FROM series WHERE series_id = 'egna:besok'").fetchall() == [
            ("Källa: Karlstads kommun, besöksräkning",)]
        assert con.execute("SELECT source_id FROM source ORDER BY 1").fetchall() == [
            ("egna",), ("fohm",), ("kolada",)]
    finally:
        con.close()

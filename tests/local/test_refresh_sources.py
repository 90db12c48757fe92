"""`python -m etl refresh` with own figures beside Kolada: a good file is stored with its sha256; a bad file fails
that source only: Kolada is still fetched and built, the summary names the failed source and the exit is 1."""

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
    assert "1 av 2 källor misslyckades: Egna siffror" in second.stderr
    assert "enkat.csv: row 2, column 'område': unknown area '1799'" in second.stderr + second.stdout
    assert "enkat.csv: row 2, column 'värde': 'ca 40' is not a number" in second.stdout
    assert server.requests  # Kolada was still fetched …
    assert [m.outcome for m in list_runs(data / "raw" / "kolada")] == ["ok", "ok"]
    assert [m.outcome for m in list_runs(data / "raw" / "egna")] == ["ok", "failed"]  # … the bad file not stored
    assert "Databas byggd" in second.stdout  # … and the database rebuilt from the good runs

"""Hostile own-figures files (issue 23): links out of the folder, zip bombs, a cell of megabytes, too many rows, a
field too large for the csv module, and numbers written in other digits; each refused before it is parsed, with a
message naming the file, and nothing from it stored."""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from core.settings import load_settings
from etl.fetch import fetch_run
from etl.raw_runs import list_runs
from etl.sources.local.reader import MAX_CELL_CHARS, MAX_ROWS, LocalFileError, read_table
from etl.sources.local.template import write_xlsx
from etl.sources.local.validate import LocalFiguresError, validate

AREAS = {"0000", "0017", "1715", "1780", "1784"}
TODAY = date(2026, 11, 26)
HEADER = "serie;område;år;kön;värde;källa;utgivare"
GOOD = f"{HEADER}\nbesok;1780;2024;T;12,5;Källa: Karlstads kommun;Karlstads kommun\n"


def _fetch_egna(data: Path, catalogue) -> tuple[str, str]:
    """A real fetch of the own-figures folder; the run's outcome and message."""
    settings = load_settings(base_url="http://127.0.0.1:9", data_dir=data)
    with contextlib.suppress(Exception):  # the run's manifest says what happened
        fetch_run(settings, catalogue, mode="full", source_id="egna")
    run = list_runs(data / "raw" / "egna")[-1]
    return run.outcome, run.message


def test_a_link_to_a_file_outside_the_folder_is_refused_and_not_read(tmp_path: Path, catalogue):
    secret = tmp_path / "secret.csv"
    secret.write_text(f"{HEADER}\nhemligt;1780;2024;T;1;Källa: HEMLIGT INNEHÅLL;X\n", encoding="utf-8")
    egna = tmp_path / "data" / "egna"
    egna.mkdir(parents=True)
    (egna / "lank.csv").symlink_to(secret)
    outcome, message = _fetch_egna(tmp_path / "data", catalogue)
    assert outcome == "failed"
    assert f"{egna / 'lank.csv'}: a link to a file outside {egna}" in message
    assert "HEMLIGT" not in message and not list((tmp_path / "data" / "raw" / "egna").rglob("file-*"))


def test_a_link_inside_the_folder_is_read(tmp_path: Path, catalogue):
    egna = tmp_path / "data" / "egna"
    (egna / "arkiv").mkdir(parents=True)
    (egna / "arkiv" / "besok.csv").write_text(GOOD, encoding="utf-8")
    (egna / "besok.csv").symlink_to(egna / "arkiv" / "besok.csv")
    outcome, _ = _fetch_egna(tmp_path / "data", catalogue)
    assert outcome == "ok"


def _bomb(tmp_path: Path, part: str, size: int, chunk: bytes = b"\0" * (1 << 20)) -> bytes:
    """The XLSX template with one more part of `size` bytes that deflate to almost nothing."""
    base = write_xlsx(tmp_path / "mall.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        with dst.open(part, "w", force_zip64=True) as f:
            for _ in range(size // len(chunk)):
                f.write(chunk)
    return out.getvalue()


def test_an_xlsx_that_unpacks_to_a_gigabyte_is_refused_before_openpyxl(tmp_path: Path):
    body = _bomb(tmp_path, "xl/media/image1.bin", 1 << 30)
    assert len(body) < 2_000_000  # about 1 MB on disk
    with pytest.raises(LocalFileError) as info:
        read_table("bomb.xlsx", body)
    assert str(info.value).startswith("bomb.xlsx: the workbook unpacks to 1074 MB (xl/media/image1.bin")


def test_an_xlsx_holding_a_200_mb_source_line_is_refused(tmp_path: Path):
    """The second bomb: a small file whose one shared string is 200 MB (the line the Indikator page would show)."""
    base = write_xlsx(tmp_path / "mall.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/sharedStrings.xml":
                dst.writestr(item, src.read(item))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<si><t>")
            for _ in range(200):
                f.write(b"A" * 1_000_000)
            f.write(b"</t></si></sst>")
    body = out.getvalue()
    assert len(body) < 1_000_000
    with pytest.raises(LocalFileError, match=r"^stor.xlsx: the workbook unpacks to 2\d\d MB \(xl/sharedStrings"):
        read_table("stor.xlsx", body)


def test_a_long_cell_is_refused_naming_row_and_column(tmp_path: Path):
    line = "Källa: " + "x" * MAX_CELL_CHARS
    with pytest.raises(LocalFileError, match=rf"^lang.csv: row 2, column 6: {len(line)} characters in one cell"):
        read_table("lang.csv", f"{HEADER}\nbesok;1780;2024;T;1;{line};X\n".encode())


def test_too_many_rows_are_refused():
    body = (HEADER + "\n" + "besok;1780;2024;T;1;Källa: X;X\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(LocalFileError, match=rf"^manga.csv: more than {MAX_ROWS} rows"):
        read_table("manga.csv", body)


def test_a_field_larger_than_the_csv_limit_names_the_file_and_row():
    body = f'{HEADER}\nbesok;1780;2024;T;1;"{"x" * 200_000};X\n'.encode()
    with pytest.raises(LocalFileError, match=r"^falt.csv: row \d+: not readable as CSV \(field larger than"):
        read_table("falt.csv", body)


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path, catalogue):
    egna = tmp_path / "data" / "egna"
    egna.mkdir(parents=True)
    with open(egna / "stor.csv", "wb") as f:
        f.write(GOOD.encode())
        f.truncate(25_000_000)  # sparse: 25 MB without writing them
    outcome, message = _fetch_egna(tmp_path / "data", catalogue)
    assert outcome == "failed" and f"{egna / 'stor.csv'}: 25.0 MB is larger than the 20 MB" in message


@pytest.mark.parametrize(("value", "column"), [
    ("1_000", "värde"),       # Python's float() takes it; a person never writes it
    ("١٢٫٥", "värde"),        # Arabic-Indic digits
    ("１２", "värde"),          # full-width digits
    ("12,5e", "värde"),
])
def test_numbers_must_be_written_in_ascii_digits(value, column):
    with pytest.raises(LocalFiguresError) as info:
        validate(read_table("x.csv", f"{HEADER}\nbesok;1780;2024;T;{value};Källa: X;X\n".encode()), AREAS, TODAY)
    assert info.value.problems == [f"x.csv: row 2, column '{column}': '{value}' is not a number"]


def test_a_year_in_arabic_indic_digits_is_refused():
    with pytest.raises(LocalFiguresError) as info:
        validate(read_table("x.csv", f"{HEADER}\nbesok;1780;٢٠٢٤;T;1;Källa: X;X\n".encode()), AREAS, TODAY)
    assert info.value.problems == ["x.csv: row 2, column 'år': '٢٠٢٤' is not a year"]


def test_an_area_in_arabic_indic_digits_is_unknown():
    with pytest.raises(LocalFiguresError) as info:
        validate(read_table("x.csv", f"{HEADER}\nbesok;١٧٨٠;2024;T;1;Källa: X;X\n".encode()), AREAS, TODAY)
    assert "unknown area '١٧٨٠'" in info.value.problems[0]


def test_plain_numbers_still_read():
    recs = validate(read_table("x.csv", f"{HEADER}\nbesok;1780;2024;T;−4,5;Källa: X;X\n"
                                        f"besok;1715;2024;T;1e2;Källa: X;X\n".encode()), AREAS, TODAY)
    assert [r.value for r in recs] == [-4.5, 100.0]


@pytest.fixture
def own_percent_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A catalogue copy with an indicator on own figures in percent (`egna:besok`)."""
    from indicators.catalogue import load_catalogue
    from tests.own_catalogue import catalogue_with_own_series

    cat = catalogue_with_own_series(tmp_path / "catalogue")
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(cat))
    return load_catalogue()


@pytest.mark.parametrize(("value", "why"), [("−45", "percent outside 0–100"), ("250", "percent outside 0–100"),
                                            ("1e308", "")])
def test_implausible_own_figures_are_refused_by_the_one_plausibility_rule(tmp_path: Path, own_percent_catalogue,
                                                                          value, why):
    """The rules of issue 18 (etl/plausibility.py) hold for own files too: the series is refused, named."""
    egna = tmp_path / "data" / "egna"
    egna.mkdir(parents=True)
    (egna / "besok.csv").write_text(f"{HEADER}\nbesok;1780;2024;T;{value};Källa: X;X\n", encoding="utf-8")
    _fetch_egna(tmp_path / "data", own_percent_catalogue)
    run = list_runs(tmp_path / "data" / "raw" / "egna")[-1]
    text = run.message + " " + " ".join(run.refused_series.values())
    assert "besok" in text and "1780" in text and why in text
    assert "file-001.csv" in text  # named by the stored copy of the file holding the value

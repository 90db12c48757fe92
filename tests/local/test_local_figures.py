"""Own figures: the template reads, and each kind of bad file is refused with file, row and column named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.sources import FetchRequest
from etl.sources.local.reader import read_table
from etl.sources.local.source import LocalSource, local_files
from etl.sources.local.template import TEMPLATE_CSV, write_xlsx
from etl.sources.local.validate import LocalFiguresError, validate
from tests.pxweb.runs import DirRun

AREAS = {"0000", "0017", "1715", "1780", "1784"}
TODAY = date(2026, 11, 26)
HEADER = "serie;område;år;kön;värde;ki_nedre;ki_övre;källa;utgivare"
LINE = "Källa: Liv & hälsa ung 2024;Region Värmland"


def records(text: str, name: str = "egna.csv"):
    return validate(read_table(name, text.encode("utf-8")), AREAS, TODAY)


def problems(text: str, name: str = "egna.csv") -> list[str]:
    with pytest.raises(LocalFiguresError) as info:
        records(text, name)
    return info.value.problems


def test_the_csv_template_reads() -> None:
    recs = validate(read_table(TEMPLATE_CSV.name, TEMPLATE_CSV.read_bytes()), AREAS, TODAY)
    assert [(r.area_id, r.gender, r.value, r.ci_low, r.ci_high) for r in recs][:2] == [
        ("1780", "T", 81.5, 78.9, 84.1), ("1780", "K", 79.0, 75.2, 82.8)]
    assert recs[0].title == "Exempel: känner sig trygga, åk 9" and recs[0].publisher == "Region Värmland"


def test_the_xlsx_template_reads_the_same(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "mall.xlsx")
    from_xlsx = validate(read_table(path.name, path.read_bytes()), AREAS, TODAY)
    from_csv = validate(read_table(TEMPLATE_CSV.name, TEMPLATE_CSV.read_bytes()), AREAS, TODAY)
    assert [(r.series, r.area_id, r.year, r.gender, r.value, r.ci_low, r.ci_high, r.source) for r in from_xlsx] == \
        [(r.series, r.area_id, r.year, r.gender, r.value, r.ci_low, r.ci_high, r.source) for r in from_csv]


def test_comma_separated_with_decimal_point_and_english_headers() -> None:
    recs = records("series,area_id,year,gender,value,source,publisher\n"
                   "besok,1780,2024,,12.5,Källa: Karlstads kommun,Karlstads kommun\n"
                   "besok,17,2024,Kvinnor,13,Källa: Karlstads kommun,Karlstads kommun\n")
    assert [(r.area_id, r.gender, r.value) for r in recs] == [("1780", "T", 12.5), ("0017", "K", 13.0)]


def test_windows_1252_csv_from_old_excel() -> None:
    body = f"{HEADER}\nx;1780;2024;T;1,5;;;{LINE}\n".encode("cp1252")
    recs = validate(read_table("gammal.csv", body), AREAS, TODAY)
    assert recs[0].source == "Källa: Liv & hälsa ung 2024"


def test_empty_value_is_no_figure_not_zero() -> None:
    assert records(f"{HEADER}\nx;1780;2024;T;;;;{LINE}\n")[0].value is None


@pytest.mark.parametrize("row, expected", [
    (f"x;1799;2024;T;1,5;;;{LINE}", "egna.csv: row 2, column 'område': unknown area '1799'"),
    (f"x;1780;2035;T;1,5;;;{LINE}", "egna.csv: row 2, column 'år': year 2035 is out of range (1990–2027)"),
    (f"x;1780;1985;T;1,5;;;{LINE}", "egna.csv: row 2, column 'år': year 1985 is out of range"),
    (f"x;1780;2021-2024;T;1,5;;;{LINE}", "egna.csv: row 2, column 'år': '2021-2024' is not a year"),
    (f"x;1780;2024;T;ca 40;;;{LINE}", "egna.csv: row 2, column 'värde': 'ca 40' is not a number"),
    (f"x;1780;2024;T;1.234,5;;;{LINE}", "egna.csv: row 2, column 'värde': '1.234,5' has both a comma and a point"),
    (f"x;1780;2024;X;1,5;;;{LINE}", "egna.csv: row 2, column 'kön': 'X' is not a gender"),
    (f"Besök;1780;2024;T;1,5;;;{LINE}", "egna.csv: row 2, column 'serie': 'Besök' is not a series id"),
    (f"x;1780;2024;T;1,5;1,0;;{LINE}", "egna.csv: row 2: give both ki_nedre and ki_övre, or neither"),
    (f"x;1780;2024;T;5,5;1,0;2,0;{LINE}", "egna.csv: row 2: the interval 1–2 does not contain the value 5.5"),
    ("x;1780;2024;T;1,5;;;;Region Värmland", "egna.csv: row 2, column 'källa': empty"),
])
def test_each_problem_names_file_row_and_column(row: str, expected: str) -> None:
    found = problems(f"{HEADER}\n{row}\n")
    assert any(p.startswith(expected) for p in found), found


def test_mixed_decimal_styles_are_refused_naming_both_rows() -> None:
    found = problems(f"{HEADER}\nx;1780;2023;T;1,5;;;{LINE}\nx;1780;2024;T;2.5;;;{LINE}\n")
    assert found == ["egna.csv: row 3, column 'värde': '2.5' uses a decimal point, but row 2 uses a decimal comma; "
                     "use one style in the whole file"]


def test_decimal_comma_in_a_comma_separated_file_is_explained() -> None:
    found = problems("serie,område,år,kön,värde,källa,utgivare\nx,1780,2024,T,1,5,Källa: X,Region Värmland\n")
    assert found[0].startswith("egna.csv: row 2: 8 fields but the header has 7 – a decimal comma in a "
                               "comma-separated file?")


def test_duplicated_keys_name_both_rows() -> None:
    found = problems(f"{HEADER}\nx;1780;2024;T;1,5;;;{LINE}\nx;1780;2024;;2,5;;;{LINE}\n")
    assert found == ["egna.csv: row 3: repeats row 2 (same serie, område, år and kön)"]


def test_two_source_lines_for_one_series_are_refused() -> None:
    found = problems(f"{HEADER}\nx;1780;2024;T;1,5;;;{LINE}\nx;1784;2024;T;2,5;;;Källa: annan;Region Värmland\n")
    assert "series 'x' has källa/utgivare 'Källa: annan'" in found[0] and "row 2 says" in found[0]


def test_missing_and_unknown_columns() -> None:
    found = problems("serie;område;år;antal\nx;1780;2024;3\n")
    assert "egna.csv: row 1, column 4 'antal': unknown column" in found[0]
    assert any("column 'värde' is missing" in p for p in found)
    assert any("column 'källa' is missing" in p for p in found)


def test_every_problem_is_listed_at_once() -> None:
    found = problems(f"{HEADER}\nx;1799;2024;T;1,5;;;{LINE}\ny;1780;2099;T;abc;;;{LINE}\n")
    assert len(found) == 3


def test_xlsx_numbers_text_and_shortened_area_codes(tmp_path: Path) -> None:
    import xlsxwriter
    path = tmp_path / "enkat.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for c, h in enumerate(HEADER.split(";")):
        sheet.write(0, c, h)
    sheet.write_row(1, 0, ["x", 17, 2024, "T", 12.25, None, None, "Källa: X", "Region Värmland"])
    sheet.write_row(2, 0, ["x", 1780, 2024, "T", "tolv", None, None, "Källa: X", "Region Värmland"])
    book.close()
    with pytest.raises(LocalFiguresError) as info:
        validate(read_table(path.name, path.read_bytes()), AREAS, TODAY)
    assert info.value.problems == ["enkat.xlsx: row 3, column 'värde': 'tolv' is not a number"]


def test_a_damaged_xlsx_is_named() -> None:
    from etl.sources.local.reader import LocalFileError
    with pytest.raises(LocalFileError, match="trasig.xlsx: not a readable XLSX file"):
        read_table("trasig.xlsx", b"PK\x03\x04 not really")


# --- the source: raw copies with sha256, refusal of a bad file ---------------------------------------------------
def request(folder: Path, series: list[str]) -> FetchRequest:
    return FetchRequest(series=series, areas=sorted(AREAS), mode="full", from_date=None, base_url=str(folder))


def test_fetch_keeps_each_file_byte_for_byte_and_parse_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "egna"
    folder.mkdir()
    csv_body = f"{HEADER};titel\nbesok;1780;2024;T;12,5;10,0;15,0;{LINE};Besök\n".encode()
    (folder / "a.csv").write_bytes(csv_body)
    write_xlsx(folder / "b.xlsx")
    (folder / "~$b.xlsx").write_bytes(b"lock")
    assert [p.name for p in local_files(folder)] == ["a.csv", "b.xlsx"]
    run = DirRun(tmp_path / "run")
    missing = LocalSource(TODAY).fetch(request(folder, ["besok", "saknas"]), run, None)
    assert missing == ["saknas"]
    assert [(e.file, e.rows) for e in run.files] == [("file-001.csv", 1), ("file-002.xlsx", 4)]
    assert (run.dir / "file-001.csv").read_bytes() == csv_body
    from etl.raw_runs import sha256_of
    assert run.files[0].sha256 == sha256_of(csv_body) and run.files[0].url.startswith("file://")
    parsed = LocalSource(TODAY).parse(run, None)
    row = parsed.values.filter(parsed.values["series_id"] == "egna:besok").to_dicts()[0]
    assert (row["area_id"], row["year"], row["value"], row["ci_low"], row["ci_high"]) == ("1780", 2024, 12.5,
                                                                                          10.0, 15.0)
    series = {s["series_id"]: s for s in parsed.series.to_dicts()}
    assert series["egna:besok"]["attribution"] == "Källa: Liv & hälsa ung 2024"
    assert series["egna:besok"]["title"] == "Besök"
    assert series["egna:exempel_trygg_ak9"]["is_divided_by_gender"] is True


def test_one_bad_file_refuses_the_run_and_stores_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "egna"
    folder.mkdir()
    (folder / "bra.csv").write_text(f"{HEADER}\nx;1780;2024;T;1,5;;;{LINE}\n", encoding="utf-8")
    (folder / "dalig.csv").write_text(f"{HEADER}\ny;9999;2024;T;1,5;;;{LINE}\n", encoding="utf-8")
    run = DirRun(tmp_path / "run")
    with pytest.raises(LocalFiguresError) as info:
        LocalSource(TODAY).fetch(request(folder, ["x", "y"]), run, None)
    assert info.value.problems == [f"{folder / 'dalig.csv'}: row 2, column 'område': unknown area '9999' (use 0000 "
                                   f"Riket, 0017 Värmland or a municipality code 17xx)"]
    assert run.files == []


def test_no_folder_means_no_figures(tmp_path: Path) -> None:
    run = DirRun(tmp_path / "run")
    assert LocalSource(TODAY).fetch(request(tmp_path / "finns-inte", ["x"]), run, None) == ["x"]

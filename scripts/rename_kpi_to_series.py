"""The kpi → series rename of tables and columns (issue 10): idempotent text rules over SQL and Python files.

Run it over code written against the old names, after a merge: `python scripts/rename_kpi_to_series.py FILE...`
(SQL: kpi_id → series_id, table kpi → series, kpi_change → series_change, missing_kpi → missing_series; Python:
the same names as string literals). Values also need their source prefix (`kolada:N01481`): not a text rule.
"""
import re
import sys
from pathlib import Path

SQL_RULES = [
    (r"\bmissing_kpi\b", "missing_series"),
    (r"\bkpi_change\b", "series_change"),
    (r"\bkpi_id\b", "series_id"),
    (r"\bJOIN (curr\.|prev\.)?kpi\b", r"JOIN \1series"),
    (r"\bFROM (curr\.|prev\.)?kpi\b", r"FROM \1series"),
    (r"\bCREATE TABLE kpi \(", "CREATE TABLE series ("),
]
PY_RULES = [
    (r"([\"'])kpi_id\1", r"\1series_id\1"),
    (r"([\"'])missing_kpi\1", r"\1missing_series\1"),
    (r"([\"'])kpi_change\1", r"\1series_change\1"),
]

def apply(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    rules = SQL_RULES if path.suffix == ".sql" else PY_RULES
    new = text
    for pat, rep in rules:
        new = re.sub(pat, rep, new)
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False

for arg in sys.argv[1:]:
    p = Path(arg)
    if apply(p):
        print("changed", p)

"""The download buttons make their files when clicked (a callable, not bytes held per session): a click in a real
browser still gets the table as Excel-friendly CSV and as .xlsx."""

from __future__ import annotations

import pytest

from tests.browser.ready import wait_ready

pytestmark = pytest.mark.browser


def _download(page, label: str) -> bytes:
    button = page.get_by_role("button", name=label).first
    button.wait_for()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = info.value.path()
    return path.read_bytes()


def test_a_click_downloads_the_table_as_csv_and_xlsx(app_url, page):
    page.goto(app_url + "/kommunprofil?kommun=1780")
    wait_ready(page)
    csv = _download(page, "Ladda ner CSV (Excel)")
    assert csv.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads å, ä, ö
    header = csv.decode("utf-8-sig").splitlines()[0]
    assert ";" in header and "Källa" in header
    xlsx = _download(page, "Ladda ner .xlsx")
    assert xlsx.startswith(b"PK")  # an .xlsx is a zip
    assert not page.errors  # type: ignore[attr-defined]

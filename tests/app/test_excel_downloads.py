"""The workspace's CSV downloads open right in a French Excel; the plain form stays for tools."""

from __future__ import annotations

import csv
import io

import pytest

from tests.app.admin_helpers import login

DOWNLOADS = [
    ("officer_a", "/admin/campaigns/alpha/results.csv"),
    ("officer_a", "/admin/campaigns/alpha/results.responses.csv"),
    ("officer_a", "/admin/comments/export.csv?campaign=alpha"),
]


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize("account,url", DOWNLOADS)
def test_a_csv_download_is_for_a_french_excel_unless_plain_is_asked(app, world, account, url):
    client = app.test_client()
    login(client, account)
    excel = client.get(url)
    plain = client.get(url + ("&" if "?" in url else "?") + "format=plain")
    assert excel.status_code == plain.status_code == 200
    assert excel.data.startswith("\ufeff".encode()) and plain.data.startswith("\ufeff".encode())
    excel_rows = _rows(excel.get_data(as_text=True), ";")
    plain_rows = _rows(plain.get_data(as_text=True), ",")
    assert len(excel_rows[0]) > 1  # split into columns by a French Excel
    assert len(excel_rows) == len(plain_rows)
    for excel_row, plain_row in zip(excel_rows, plain_rows, strict=True):
        assert len(excel_row) == len(plain_row)
        for shown, cell in zip(excel_row, plain_row, strict=True):
            assert shown == (cell.replace(".", ",") if _is_decimal(cell) else cell)


def test_the_results_csv_shows_rates_with_a_decimal_comma(app, world, officer):
    text = officer.get("/admin/campaigns/alpha/results.csv").get_data(as_text=True)
    cells = [cell for row in _rows(text, ";") for cell in row]
    assert any("," in c and c.replace(",", "", 1).lstrip("-").isdigit() for c in cells)
    assert not any("." in c and c.replace(".", "", 1).lstrip("-").isdigit() for c in cells)


def _is_decimal(cell: str) -> bool:
    whole, dot, decimals = cell.lstrip("-").partition(".")
    return bool(dot) and whole.isdigit() and decimals.isdigit()

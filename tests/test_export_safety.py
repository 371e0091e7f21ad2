"""Exports a spreadsheet program cannot be tricked by (issue 16, items 2 and 3): a text that looks like a
formula stays text, and a control character in old data cannot break the file."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.partners.models import Partner

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x.example","y")'


def test_every_text_that_could_be_a_formula_is_written_as_text():
    texts = [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain", "a=b"]
    data = write_xlsx([Sheet("t", [Column("v", "值", "Value")], rows=[[t] for t in texts])])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts  # every text exactly as it was
    assert all(c.data_type == "s" for c in cells)  # none a formula
    assert all(c.quotePrefix for c in cells[:6]) and not cells[6].quotePrefix


def test_a_partner_named_like_a_formula_or_with_a_bell_exports_as_plain_text(world, client_for):
    # As old data would hold them (written before input was checked).
    Partner.objects.create(institution=world.a, name=FORMULA, kind="university", country="DE")
    Partner.objects.create(institution=world.a, name="Bell\u0007 University", kind="university", country="DE")
    response = client_for("office").get("/partners/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    assert names[FORMULA].data_type == "s"
    assert "Bell University" in names  # the control character dropped, the rest kept

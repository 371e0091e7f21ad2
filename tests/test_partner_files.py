"""Issue 18 items 10–12: partner lists as other systems write them (CSV in Windows-1252, #N/A, the EC's
country codes, upper-case addresses) and duplicates told by identifiers first, then by names across legal
forms and prefixes."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.core import importing
from intercoop.core.access import access_for
from intercoop.imports import services as import_services
from intercoop.imports.models import ImportBatch
from intercoop.partners import selectors
from intercoop.partners.models import Partner, ReferenceInstitution

pytestmark = pytest.mark.django_db

COLUMNS = ["Name as written", "Kind", "Country code", "City", "Website", "Erasmus code", "Not a duplicate"]


def partner_csv(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def check(world: Any, data: bytes, name: str = "partners.csv", encoding: str = "") -> ImportBatch:
    importer = importing.get("partners")
    assert importer is not None
    return import_services.batch_check(
        institution=world.a,
        importer=importer,
        upload=SimpleUploadedFile(name, data),
        actor=world.user("office"),
        encoding=encoding,
    )


def commit(world: Any, batch: ImportBatch) -> ImportBatch:
    importer = importing.get("partners")
    assert importer is not None
    return import_services.batch_commit(batch=batch, importer=importer, actor=world.user("office"))


def test_a_western_csv_with_the_ecs_codes_and_excel_errors_imports_as_written(world):
    data = partner_csv(
        [
            [
                "Hochschule für angewandte Wissenschaften München",
                "University",
                "DE",
                "München",
                "www.hm.edu",
                "D  MUNCHEN06",
                "",
            ],
            ["Panepistimio Patron", "University", "EL", "Patra", "HTTP://WWW.UPATRAS.GR", "G  PATRA01", ""],
            ["University of Bath", "University", "UK", "#N/A", "https://www.bath.ac.uk", "UK BATH01", ""],
            ["Universiteti i Prishtinës", "University", "XK", "Prishtinë", "", "", ""],
        ],
        encoding="cp1252",
    )
    batch = check(world, data)
    assert batch.problems == [] and batch.new_rows == 4, batch.problems
    commit(world, batch)
    munich = Partner.objects.get(erasmus_code="D  MUNCHEN06")
    assert munich.name == "Hochschule für angewandte Wissenschaften München" and munich.city == "München"
    assert munich.website == "https://www.hm.edu"
    patras = Partner.objects.get(erasmus_code="G  PATRA01")
    assert (patras.country, patras.website) == ("GR", "http://WWW.UPATRAS.GR")
    bath = Partner.objects.get(erasmus_code="UK BATH01")
    assert (bath.country, bath.city) == ("GB", "")  # #N/A is no city
    assert Partner.objects.get(name__startswith="Universiteti i Prishtin").country == "XK"


def test_a_western_file_forced_into_chinese_is_caught_and_the_users_choice_reads_it(world):
    data = partner_csv([["Universität zu Köln", "University", "DE", "Köln", "", "D  KOLN01", ""]], "cp1252")
    assert check(world, data).problems == []  # detected as Windows-1252
    wrong = check(world, data, encoding="utf-8-sig")
    assert "cannot be read as UTF-8" in wrong.problems[0]["message"]
    chosen = check(world, data, encoding="cp1252")
    assert chosen.problems == [] and "Köln" in chosen.sample[0]["summary"]


def test_identifiers_decide_before_names(world):
    data = partner_csv(
        [
            ["Università degli Studi di Padova", "University", "IT", "Padova", "", "I  PADOVA01", ""],
            ["Università degli Studi di Pavia", "University", "IT", "Pavia", "", "I  PAVIA01", ""],
            ["Sveučilište u Zadru", "University", "HR", "Zadar", "", "HR ZADAR01", ""],
            ["Sveučilište u Zagrebu", "University", "HR", "Zagreb", "", "HR ZAGREB01", ""],
        ]
    )
    batch = check(world, data)
    assert batch.problems == []
    commit(world, batch)
    # Against the directory too: a Padova with another code is not Pavia's duplicate.
    again = check(world, partner_csv([["Universita di Pavia", "University", "IT", "", "", "I  PAVIA02", ""]]))
    assert again.problems == []


def test_legal_form_and_prefix_variants_are_found_and_not_a_duplicate_is_respected(world):
    data = partner_csv(
        [
            ["HOGESCHOOL ROTTERDAM", "University", "NL", "", "", "", ""],
            ["STICHTING HOGESCHOOL ROTTERDAM", "University", "NL", "", "", "", ""],
            ["FH JOANNEUM GMBH", "University", "AT", "", "", "", ""],
            ["FH JOANNEUM GESELLSCHAFT M.B.H.", "University", "AT", "", "", "", ""],
            ["UNIVERSITAET GRAZ", "University", "AT", "", "", "", ""],
            ["KARL-FRANZENS-UNIVERSITAET GRAZ", "University", "AT", "", "", "", ""],
            ["KARL-FRANZENS-UNIVERSITÄT GRAZ (second campus)", "University", "AT", "", "", "", "是"],
        ]
    )
    problems = {p["row"]: p["message"] for p in check(world, data).problems}
    assert set(problems) == {3, 5, 7}, problems  # row 8 is marked "not a duplicate"
    assert "row 2 (HOGESCHOOL ROTTERDAM)" in problems[3]
    assert "row 4 (FH JOANNEUM GMBH)" in problems[5]
    assert "row 6 (UNIVERSITAET GRAZ)" in problems[7]


def test_a_typed_erasmus_code_finds_the_partner_and_the_reference_entry(world):
    Partner.objects.create(
        institution=world.a,
        kind="university",
        name="Freie Universität Berlin",
        country="DE",
        erasmus_code="D  BERLIN01",
    )
    ReferenceInstitution.objects.create(
        source="eche",
        name="Freie Universität Berlin",
        country="DE",
        erasmus_code="D  BERLIN01",
        search_key="freie berlin",
    )
    for typed in ("D BERLIN01", "d\u00a0berlin01", "DBERLIN01"):
        found = selectors.partner_list(access=access_for(world.user("office")), search=typed)
        assert [p.erasmus_code for p in found] == ["D  BERLIN01"], typed
        assert [r.erasmus_code for r in selectors.reference_search(search=typed)] == ["D  BERLIN01"], typed

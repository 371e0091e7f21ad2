"""Issue 18: the EC's Erasmus files as offices really have them: placements, files split into parts with
identical anonymous rows across them, Swiss and space-less codes, every problem of a row at once, and the
encodings and headers of other people's files."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.core import importing
from intercoop.core.spreadsheets import SpreadsheetError, decode_text, detect_encoding, read_rows
from intercoop.imports import services as import_services
from intercoop.imports.models import ImportBatch
from intercoop.mobility.importers import ERASMUS_COLUMNS
from intercoop.mobility.models import Mobility
from intercoop.partners.models import Partner
from tests.test_mobility_import import OWN, SAMPLE

pytestmark = pytest.mark.django_db

HEADER = [
    "home_institution", "age", "gender", "nationality", "level_study", "years_prior", "mobility_type",
    "host_institution", "work_placement", "country_work_placement", "length_study", "length_work",
    "short_duration_reason", "study_start_date", "work_start_date", "ects_study", "ects_work", "ects_total",
    "sn_supplement", "study_grant", "work_grant", "previous_participation",
]  # fmt: skip


def row(**values: str) -> dict[str, str]:
    base = {
        "home_institution": OWN,
        "age": "22",
        "gender": "F",
        "nationality": "CZ",
        "mobility_type": "S",
        "host_institution": "D  BERLIN01",
        "length_study": "5.0",
        "length_work": "0.0",
        "study_start_date": "09-2008",
        "ects_total": "30.0",
        "study_grant": "900.0",
        "work_grant": "0.0",
    }
    base.update(values)
    return base


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: r.get(k, "") for k in HEADER})
    return out.getvalue().encode(encoding)


@pytest.fixture
def erasmus(world: Any) -> Any:
    world.a.settings = {**(world.a.settings or {}), "mobility": {"erasmus_code": OWN}}
    world.a.save()
    for code, name, country in (
        ("D  BERLIN01", "Freie Universität Berlin", "DE"),
        ("CH WINTERT03", "Zürcher Hochschule für Angewandte Wissenschaften", "CH"),
        ("E  PALMA01", "Universitat de les Illes Balears", "ES"),
    ):
        Partner.objects.create(
            institution=world.a, kind="university", name=name, country=country, erasmus_code=code
        )
    Partner.objects.create(institution=world.a, kind="enterprise", name="SKODA AUTO A.S.", country="CZ")
    return world


def check(world: Any, name: str, data: bytes, encoding: str = "") -> ImportBatch:
    importer = importing.get("mobility_erasmus")
    assert importer is not None
    return import_services.batch_check(
        institution=world.a,
        importer=importer,
        upload=SimpleUploadedFile(name, data),
        actor=world.user("office"),
        encoding=encoding,
    )


def commit(world: Any, batch: ImportBatch, partial: bool = False) -> ImportBatch:
    importer = importing.get("mobility_erasmus")
    assert importer is not None
    return import_services.batch_commit(
        batch=batch, importer=importer, actor=world.user("office"), partial=partial
    )


def stored() -> int:
    return Mobility.objects.filter(external_key__startswith="erasmus:").count()


def test_an_outgoing_placement_is_imported_with_its_enterprise_and_country(erasmus):
    placement = {
        "mobility_type": "P",
        "host_institution": "",
        "length_study": "0.0",
        "length_work": "3.0",
        "study_start_date": "",
        "work_start_date": "06-2009",
        "study_grant": "0.0",
        "work_grant": "1473.0",
    }
    data = csv_bytes(
        [
            row(**placement, work_placement="KULTURWERK BBK BERLIN", country_work_placement="DE"),
            row(**placement, work_placement="Skoda Auto a.s.", country_work_placement="SK"),
            row(**placement, work_placement="ATHENS JOB TRUST", country_work_placement="EL"),  # EC: Greece
            row(**placement, work_placement="Nowhere Ltd", country_work_placement="QQ"),
        ]
    )
    batch = check(erasmus, "placements.csv", data)
    assert [(p["row"], p["column"]) for p in batch.problems] == [(5, "J")]  # the unknown country, named
    commit(erasmus, batch, partial=True)
    stays = {m.host_name or m.host_partner.name: m for m in Mobility.objects.filter(type="internship")}
    assert set(stays) == {"KULTURWERK BBK BERLIN", "SKODA AUTO A.S.", "ATHENS JOB TRUST"}
    berlin = stays["KULTURWERK BBK BERLIN"]
    assert (berlin.country, berlin.host_partner, berlin.direction) == ("DE", None, "out")
    assert (berlin.start_date.isoformat(), berlin.end_date.isoformat()) == ("2009-06-01", "2009-08-31")
    assert berlin.grant_amount == 1473 and berlin.partner_name == "KULTURWERK BBK BERLIN"
    # Matched to the partner by name (case aside); the placement's own country wins over the partner's.
    skoda = stays["SKODA AUTO A.S."]
    assert skoda.host_partner is not None and skoda.host_name == "" and skoda.country == "SK"
    assert stays["ATHENS JOB TRUST"].country == "GR"


def test_identical_rows_split_across_two_files_are_all_written_and_never_called_unchanged(erasmus):
    a = row()  # three identical anonymous students across the parts, and others
    b, c = row(gender="M", age="24"), row(age="27", nationality="SK")
    part1, part2 = csv_bytes([a, a, b]), csv_bytes([a, c])
    first = commit(erasmus, check(erasmus, "2008_part000.csv", part1))
    assert (first.imported, first.unchanged) == (3, 0)
    second = check(erasmus, "2008_part001.csv", part2)
    assert (second.new_rows, second.unchanged) == (2, 0)  # a third identical student, not "imported before"
    assert commit(erasmus, second).imported == 2
    assert stored() == 5
    # The whole year's file after its parts: every row is one of theirs, nothing is written twice.
    whole = check(erasmus, "2008.csv", csv_bytes([a, a, b, a, c]))
    assert (whole.new_rows, whole.unchanged) == (0, 5)
    assert "2008_part000.csv" in whole.sample[0]["unchanged"]
    # A part imported again: it lies inside what was imported.
    again = check(erasmus, "2008_part000.csv", part1)
    assert (again.new_rows, again.unchanged) == (0, 3)
    assert stored() == 5


def test_a_whole_years_file_then_one_of_its_parts_writes_the_part_once(erasmus):
    a, b, c = row(), row(age="30"), row(age="31")
    commit(erasmus, check(erasmus, "2008.csv", csv_bytes([a, a, b, c])))
    assert stored() == 4
    part = check(erasmus, "2008_part001.csv", csv_bytes([a, c]))
    assert (part.new_rows, part.unchanged) == (0, 2)


def test_the_real_sample_split_in_two_imports_every_row_of_ours(erasmus):
    """The sample's rows of this institution hold identical anonymous rows; split so that copies fall in
    both halves, the two halves write exactly what the whole file writes."""
    with SAMPLE.open(newline="") as f:
        ours = [
            r
            for r in csv.DictReader(f, delimiter=";")
            if OWN in (r["home_institution"], r["host_institution"])
        ]
    for code in {r["host_institution"] for r in ours} | {r["home_institution"] for r in ours}:
        if code and code != OWN and not Partner.objects.filter(erasmus_code=code).exists():
            Partner.objects.create(
                institution=erasmus.a, kind="university", name=code, country="DE", erasmus_code=code
            )
    keys = [tuple(r.values()) for r in ours]
    straddling = {k for k in keys[:600] if k in set(keys[600:])}
    assert straddling, "the split must put copies of one row in both halves"
    whole = check(erasmus, "whole.csv", csv_bytes(ours))
    expected = whole.new_rows
    first = commit(erasmus, check(erasmus, "part000.csv", csv_bytes(ours[:600])), partial=True)
    second = commit(erasmus, check(erasmus, "part001.csv", csv_bytes(ours[600:])), partial=True)
    assert first.imported + second.imported == expected == stored()
    assert second.unchanged == 0


def test_swiss_codes_import_and_a_code_without_its_space_is_refused_not_moved_to_another_country(erasmus):
    data = csv_bytes(
        [
            row(host_institution="CH WINTERT03"),
            row(host_institution="PALMA01"),  # P  ALMA01 in Portugal, or E  PALMA01 in Spain?
            row(host_institution="NO OSLO01"),  # Norway is N
        ]
    )
    batch = check(erasmus, "codes.csv", data)
    problems = {p["row"]: p["message"] for p in batch.problems}
    assert set(problems) == {3, 4}
    assert "country cannot be told" in problems[3]
    assert "P\u00b7\u00b7ALMA01" in problems[3]  # the candidate, its two spaces made visible
    assert "does not begin with an Erasmus country prefix" in problems[4]
    commit(erasmus, batch, partial=True)
    swiss = Mobility.objects.get(external_key__startswith="erasmus:")
    assert swiss.host_partner.erasmus_code == "CH WINTERT03" and swiss.country == "CH"


def test_a_row_reports_every_problem_it_has_at_once(erasmus):
    data = csv_bytes([row(host_institution="XX NOWHERE01", mobility_type="Q", nationality="ZZ", age="old")])
    batch = check(erasmus, "bad.csv", data)
    columns = sorted(p["column"] for p in batch.problems)
    # host code, type, nationality, age: four problems in one round, not one per upload
    assert columns == sorted(["H", "G", "D", "B"]), batch.problems


def test_an_unrecognised_header_says_which_columns_it_found():
    data = b"Sending HEI;Receiving HEI;Months\nD  BERLIN01;F  PARIS007;5\n"
    with pytest.raises(SpreadsheetError) as exc:
        read_rows(data, ERASMUS_COLUMNS)
    message = str(exc.value.message)
    assert "“Sending HEI”" in message and "“Months”" in message and "home_institution" in message


def test_a_western_csv_is_read_as_windows_1252_and_a_chinese_one_as_gb18030():
    german = "name;city\nHochschule für angewandte Wissenschaften München;München\nUniversität zu Köln;Köln\n"
    assert detect_encoding(german.encode("cp1252")) == "cp1252"
    assert "für angewandte" in decode_text(german.encode("cp1252"))
    chinese = "名称,国家\n清华大学,CN\n重庆大学,CN\n北京大学,CN\n"
    assert detect_encoding(chinese.encode("gb18030")) == "gb18030"
    assert decode_text(chinese.encode("gb18030")).startswith("名称")
    assert detect_encoding(german.encode("utf-8")) == "utf-8-sig"
    # The user's choice is taken as given, and a wrong one is said plainly.
    assert decode_text("Łódź;PL\n".encode("cp1250"), "cp1250").startswith("Łódź")
    with pytest.raises(SpreadsheetError, match="cannot be read as UTF-8"):
        decode_text(german.encode("cp1252"), "utf-8-sig")


def test_the_batch_page_shows_what_the_check_found_without_reading_the_file_again(
    erasmus, client_for, monkeypatch
):
    batch = check(erasmus, "one.csv", csv_bytes([row(), row(host_institution="PALMA01")]))

    def no_second_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page read the file again")

    monkeypatch.setattr(import_services, "preview_of", no_second_reading)
    page = client_for("office").get(f"/imports/batch/{batch.pk}/").content.decode()
    assert 'data-testid="batch-new"' in page and 'data-testid="preview-rows"' in page
    assert "1 new" in page or "1 条新" in page
    upload = client_for("office").get("/imports/mobility_erasmus/")
    assert upload.status_code == 200

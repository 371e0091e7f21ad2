"""Importing mobilities: the office's template, and the real Erasmus open-data sample, row by row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.core import importing
from intercoop.core.identifiers import erasmus_code_normalise
from intercoop.core.spreadsheets import Sheet, write_xlsx
from intercoop.imports import services as import_services
from intercoop.imports.models import ImportBatch
from intercoop.mobility.importers import MOBILITY_COLUMNS, TRAINEE_COLUMNS
from intercoop.mobility.models import Mobility, TrainingParticipant
from intercoop.mobility.tests.factories import add_stays
from intercoop.partners import services as partner_services
from intercoop.partners.models import Partner

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "erasmus_student_mobility_2008_part000.csv"
OWN = "CZ PRAHA07"
MISSING = "SK BRATISL01"  # a counterpart deliberately left out of the partner directory


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _check(world: Any, key: str, name: str, data: bytes, user: str = "office") -> ImportBatch:
    importer = importing.get(key)
    assert importer is not None
    return import_services.batch_check(
        institution=world.a, importer=importer, upload=_upload(name, data), actor=world.user(user)
    )


def _commit(world: Any, batch: ImportBatch, partial: bool = False, user: str = "office") -> ImportBatch:
    importer = importing.get(batch.kind)
    assert importer is not None
    return import_services.batch_commit(
        batch=batch, importer=importer, actor=world.user(user), partial=partial
    )


def _sample_expectation() -> tuple[int, set[str], int, int]:
    """Read the sample independently: rows of this institution, their counterparts, rows to import, and
    the outgoing placements among them (no host institution: an enterprise and its country)."""
    ours, importable, placements = 0, 0, 0
    counterparts: set[str] = set()
    with SAMPLE.open(newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            home, host = row["home_institution"], row["host_institution"]
            if OWN not in (home, host):
                continue
            ours += 1
            if row["mobility_type"] == "P" and not host:
                placements += 1
                importable += 1
                continue
            other = erasmus_code_normalise(host if home == OWN else home)
            if other is None:  # a malformed code in the source: rejected as such
                continue
            counterparts.add(other)
            if other != MISSING:
                importable += 1
    return ours, counterparts, importable, placements


def test_the_real_erasmus_sample_imports_with_a_reason_for_every_rejected_row(world: Any) -> None:
    ours, counterparts, importable, placements = _sample_expectation()
    assert ours == 1200 and MISSING in counterparts and importable < ours and placements == 15
    world.a.settings = {"mobility": {"erasmus_code": "cz praha07"}}
    world.a.save()
    for code in sorted(counterparts - {MISSING}):
        Partner.objects.create(
            institution=world.a, kind="university", name=f"Partner {code}", country="DE", erasmus_code=code
        )
    data = SAMPLE.read_bytes()
    batch = _check(world, "mobility_erasmus", SAMPLE.name, data)
    assert batch.rows_total == 23271
    assert batch.rows_valid == importable
    # Rows of other institutions are counted once, not listed as 22,000 problems (issue 18 item 4).
    assert batch.skipped == {"other_institutions": 23271 - ours}
    rejected_rows = {p["row"] for p in batch.problems}
    assert len(rejected_rows) == ours - importable  # every other row of ours has its reason
    reasons = " ".join(p["message"] for p in batch.problems)
    assert f"no partner in the directory has the Erasmus code {MISSING}" in reasons
    # All or nothing by default: the rejected rows block the import...
    with pytest.raises(importing.ImportRejected):
        _commit(world, batch)
    assert Mobility.objects.filter(institution=world.a, external_key__startswith="erasmus:").count() == 0
    # ...unless the office chooses to import the clean rows and leave the others, listed with their reasons.
    batch = _commit(world, ImportBatch.objects.get(pk=batch.pk), partial=True)
    assert batch.imported == importable
    imported = Mobility.objects.filter(institution=world.a, external_key__startswith="erasmus:")
    assert imported.count() == importable
    assert len({p["row"] for p in batch.problems}) == ours - importable
    one = imported.filter(direction="out", type="study").order_by("pk").first()
    assert one is not None and one.status == Mobility.Status.CONFIRMED and one.currency == "EUR"
    assert one.host_partner is not None and one.host_partner.erasmus_code
    # The outgoing placements: the enterprise by name (no partner of that name), in its country.
    stays = imported.filter(type="internship", direction="out")
    assert stays.count() == placements
    assert all(m.host_partner is None and m.host_name and len(m.country) == 2 for m in stays)
    # The same file again changes nothing.
    again = _commit(world, _check(world, "mobility_erasmus", SAMPLE.name, data), partial=True)
    assert (again.imported, again.unchanged) == (0, importable)
    assert imported.count() == importable


def test_erasmus_rows_need_the_institutions_own_code(world: Any) -> None:
    batch = _check(world, "mobility_erasmus", "sample.csv", SAMPLE.read_bytes()[:4000])
    assert batch.rows_total == 0
    assert "no Erasmus code" in batch.problems[0]["message"]


def _template(rows: list[list[Any]]) -> bytes:
    return write_xlsx([Sheet(title="mobility", columns=MOBILITY_COLUMNS, rows=rows)])


def _row(**values: Any) -> list[Any]:
    base = {
        "direction": "Outgoing",
        "type": "Study exchange",
        "person_number": "T1",
        "participant": "",
        "participant_kind": "Teacher",
        "unit": "AUTO",
        "home": "",
        "host": "马来亚大学",
        "country": "",
        "city": "",
        "planned_start": dt.date(2026, 4, 1),
        "planned_end": dt.date(2026, 4, 10),
        "start_date": None,
        "end_date": None,
    }
    base.update(values)
    return [base.get(c.key) for c in MOBILITY_COLUMNS]


def test_the_template_import_names_every_problem_and_writes_nothing_until_clean(world: Any) -> None:
    before = Mobility.objects.count()
    bad = _template(
        [
            _row(),
            _row(),  # the same row twice
            _row(person_number="T2", host="Nowhere University"),
            _row(person_number="T2", planned_end=dt.date(2026, 3, 1)),
            _row(person_number="S1", planned_start=dt.date(2025, 12, 1), planned_end=dt.date(2025, 12, 5)),
            _row(
                person_number="T1",
                planned_start=dt.date(2026, 4, 5),
                planned_end=dt.date(2026, 4, 20),
                type="teaching",
            ),
            _row(person_number="NOPE", country="Atlantis"),
        ]
    )
    batch = _check(world, "mobility", "mobility.xlsx", bad)
    problems = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert "The same mobility as row 2" in problems[(3, "")]
    assert "Unknown partner “Nowhere University”" in problems[(4, "H")]
    assert "planned end is before the planned start" in problems[(5, "L")]
    assert "MOB-" in problems[(6, "")]  # the student's exchange in the world, Sep 2025 – Jan 2026
    assert "Overlaps row 2" in problems[(7, "")]
    assert "No person has the number" in problems[(8, "C")]
    assert "Unknown country" in problems[(8, "I")]
    with pytest.raises(importing.ImportRejected):
        _commit(world, batch)
    assert Mobility.objects.count() == before
    good = _template([_row(), _row(person_number="T2", host="Universiti Malaya", country="MY")])
    batch = _commit(world, _check(world, "mobility", "mobility.xlsx", good))
    assert batch.imported == 2
    assert Mobility.objects.count() == before + 2
    again = _commit(world, _check(world, "mobility", "mobility.xlsx", good))
    assert (again.imported, again.unchanged) == (0, 2)
    assert Mobility.objects.count() == before + 2


def test_a_large_file_is_written_in_chunks_with_one_reference_sequence(world: Any, monkeypatch: Any) -> None:
    from intercoop.core.models import AuditEntry
    from intercoop.mobility.records import services as mobility_services

    monkeypatch.setattr(mobility_services, "WRITE_CHUNK", 3)
    rows = [
        _row(
            participant=f"Visitor {n}",
            person_number="",
            participant_kind="Student",
            planned_start=dt.date(2026, 5, 1) + dt.timedelta(days=n),
            planned_end=dt.date(2026, 5, 1) + dt.timedelta(days=n),
        )
        for n in range(8)
    ]
    batch = _commit(world, _check(world, "mobility", "mobility.xlsx", _template(rows)))
    assert batch.imported == 8
    written = list(Mobility.objects.filter(import_batch_id=batch.pk).order_by("reference"))
    assert [m.participant_label for m in written] == [f"Visitor {n}" for n in range(8)]
    numbers = [int(m.reference.rsplit("-", 1)[1]) for m in written]
    assert numbers == list(range(numbers[0], numbers[0] + 8))  # no gap, no repeat across the chunks
    assert AuditEntry.objects.filter(action="mobility.imported", data__batch=batch.pk).count() == 8


def test_a_liaison_imports_only_rows_of_their_college(world: Any) -> None:
    data = _template([_row(), _row(person_number="T2", unit="IT")])
    batch = _check(world, "mobility", "mobility.xlsx", data, user="liaison_a")
    assert [(p["row"], p["column"]) for p in batch.problems] == [(3, "F")]


def test_a_csv_template_file_is_read_too_and_a_binary_file_is_refused(world: Any) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in MOBILITY_COLUMNS])
    writer.writerow(_row(planned_start="2026-04-01", planned_end="2026-04-10"))
    batch = _check(world, "mobility", "mobility.csv", buffer.getvalue().encode("gb18030"))
    assert batch.is_valid, batch.problems
    from intercoop.core.errors import DomainError

    with pytest.raises(DomainError):
        _check(world, "mobility", "mobility.csv", b"\x00\x01\x02binary")
    # Partners import CSV too (the EC's lists); a mobility file is no partner list: its header is said.
    partners = _check(world, "partners", "partners.csv", buffer.getvalue().encode())
    assert partners.rows_total == 0 and "No header row" in partners.problems[0]["message"]


def test_partner_service_is_the_directory_the_import_reads(world: Any) -> None:
    partner_services.partner_create(
        institution=world.a,
        actor=None,
        data={"kind": "university", "name": "Technische Hochschule Ingolstadt", "country": "DE"},
    )
    data = _template([_row(host="technische hochschule ingolstadt", person_number="T2", unit="IT")])
    batch = _check(world, "mobility", "m.xlsx", data)
    assert batch.is_valid, batch.problems


def _import_trainees(world: Any, rows: list[list[Any]], user: str = "office") -> Any:
    importer = importing.get("training_trainees")
    assert importer is not None
    data = write_xlsx([Sheet(title="t", columns=TRAINEE_COLUMNS, rows=rows)])
    return import_services.batch_check(
        institution=world.a,
        importer=importer,
        upload=SimpleUploadedFile("t.xlsx", data),
        actor=world.user(user),
    )


def test_a_trainee_list_imports_all_or_nothing_and_again_changes_nothing(world: Any) -> None:
    add_stays(world)
    ref = world.stays["training"].reference
    bad = _import_trainees(
        world, [[ref, "A One", "SA", "TVTC"], [ref, "A One", "SA", "TVTC"], ["TR-1999-001", "B", "XX", ""]]
    )
    problems = {(p["row"], p["column"]) for p in bad.problems}
    assert problems == {(3, ""), (4, "A"), (4, "C")}
    assert not TrainingParticipant.objects.exists()
    good = [[ref, "A One", "SA", "TVTC"], [ref, "B Two", "Saudi Arabia", "TVTC"]]
    importer = importing.get("training_trainees")
    assert importer is not None
    batch = import_services.batch_commit(
        batch=_import_trainees(world, good), importer=importer, actor=world.user("office")
    )
    assert batch.imported == 2
    again = import_services.batch_commit(
        batch=_import_trainees(world, good), importer=importer, actor=world.user("office")
    )
    assert (again.imported, again.unchanged) == (0, 2)
    assert TrainingParticipant.objects.count() == 2
    # A liaison of IT may not add to AUTO's training.
    assert _import_trainees(world, good, user="liaison_b").problems[0]["column"] == "A"


def test_international_students_import_with_every_problem_named_and_idempotent(world: Any) -> None:
    from intercoop.mobility.importers import STUDENT_COLUMNS
    from intercoop.mobility.models import InternationalStudent
    from intercoop.org.tests import factories

    factories.person(world.a, world.units["AUTO"], kind="student", nationality="LA", number="LA9")
    factories.person(world.a, world.units["AUTO"], kind="student", nationality="KE", number="KE9")

    def row(**values: Any) -> list[Any]:
        base = {
            "number": "LA9",
            "unit": "AUTO",
            "programme": "Full-time degree programme",
            "programme_name": "Mechatronics",
            "enrolled_on": dt.date(2025, 9, 1),
            "expected_end": dt.date(2028, 6, 30),
            "visa_type": "X1",
            "entry_date": dt.date(2025, 8, 28),
        }
        base.update(values)
        return [base.get(c.key) for c in STUDENT_COLUMNS]

    bad = write_xlsx(
        [
            Sheet(
                title="s",
                columns=STUDENT_COLUMNS,
                rows=[
                    row(),
                    row(),
                    row(number="S1"),  # a Chinese student
                    row(number="KE9", residence_permit_expiry=dt.date(2025, 6, 30)),
                    row(number="KE9", visa_type="Q9", expected_end=dt.date(2025, 1, 1)),
                ],
            )
        ]
    )
    batch = _check(world, "international_students", "s.xlsx", bad)
    problems = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert "The same student as row 2" in problems[(3, "")]
    assert "No foreign national has the number" in problems[(4, "A")]
    assert "before the stay began" in problems[(5, "N")]
    assert (6, "J") in problems
    assert InternationalStudent.objects.count() == 0
    good = write_xlsx([Sheet(title="s", columns=STUDENT_COLUMNS, rows=[row(), row(number="KE9")])])
    assert _commit(world, _check(world, "international_students", "s.xlsx", good)).imported == 2
    again = _commit(world, _check(world, "international_students", "s.xlsx", good))
    assert (again.imported, again.unchanged) == (0, 2)
    assert InternationalStudent.objects.count() == 2


def test_the_template_s_drop_downs_are_in_both_languages_and_a_chinese_row_imports(
    world: Any, client_for: Any
) -> None:
    """Issue 15, item 3: the template's drop-downs listed English values only."""
    import io

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    response = client_for("office", "zh-hans").get("/imports/mobility/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    lists = {
        "".join(ch for ch in str(v.sqref).split(":")[0] if ch.isalpha()): v.formula1
        for v in sheet.data_validations.dataValidation
    }
    direction = lists[get_column_letter(1 + [c.key for c in MOBILITY_COLUMNS].index("direction"))]
    kind = lists[get_column_letter(1 + [c.key for c in MOBILITY_COLUMNS].index("participant_kind"))]
    assert direction == '"派出,来校,Outgoing,Incoming"'
    assert "教师" in kind and "Teacher" in kind
    before = Mobility.objects.count()
    chinese = _template([_row(direction="派出", participant_kind="教师", type="交换学习")])
    batch = _commit(world, _check(world, "mobility", "mobility.xlsx", chinese))
    assert batch.imported == 1 and Mobility.objects.count() == before + 1


def test_the_preview_names_type_and_country_in_the_pages_language(world, client_for):
    """Issue 15 item 3: the preview said "Study exchange · MY" on a Chinese page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _template([_row(type="Study exchange")])
    client = client_for("office", "zh-hans")
    page = client.post(
        "/imports/mobility/", {"file": SimpleUploadedFile("mobility.xlsx", data)}, follow=True
    ).content.decode()
    rows = page[page.index('data-testid="preview-rows"') :]
    assert "交换学习" in rows and "Study exchange" not in rows

"""Issue 16 item 4: two identical requests at the same moment. The overlap rule for a person's stays and
the duplicate check for partners are checked under a serialising lock (``core.locks``: a row lock on
PostgreSQL, the write lock every SQLite transaction takes at its start), so the second request sees what
the first wrote. Real threads, each with its own database connection, released together by a barrier.
Without ``core.locks.serialise`` both tests fail on PostgreSQL (checked: both requests are written); on
SQLite each write transaction takes the database's lock at its start (IMMEDIATE), which serialises them
even without it. The SQLite test database is a file (``config.settings_test``) so that a second writer
waits as in production."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from intercoop.core.errors import DomainError
from intercoop.mobility.models import Mobility
from intercoop.mobility.records import services as mobility
from intercoop.partners import services as partners
from intercoop.partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(action: Callable[[], object], times: int = 2) -> list[str]:
    barrier = threading.Barrier(times)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            action()
            outcomes.append("written")
        except DomainError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # anything else is a failure of the test, shown as such
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_two_overlapping_stays_of_one_person_recorded_at_once_store_one(empty_db):
    from tests.personas import build_world

    world = build_world()
    office = world.user("office")
    student = world.people["student"]
    before = Mobility.objects.filter(person=student).count()
    data = {
        "direction": "out",
        "type": "study",
        "person": student,
        "country": "DE",
        "planned_start": dt.date(2032, 9, 1),
        "planned_end": dt.date(2033, 1, 31),
    }
    outcomes = at_once(lambda: mobility.mobility_create(institution=world.a, data=data, actor=office))
    assert outcomes == ["conflict", "written"], outcomes
    assert Mobility.objects.filter(person=student).count() == before + 1


def test_one_partner_created_twice_at_once_is_created_once(empty_db):
    from tests.personas import build_world

    world = build_world()
    office = world.user("office")
    data = {"kind": "university", "name": "Hochschule Doppelklick", "country": "DE"}
    outcomes = at_once(lambda: partners.partner_create(institution=world.a, data=data, actor=office))
    assert outcomes[1] == "written" and outcomes[0] != "written", outcomes
    assert Partner.objects.filter(name="Hochschule Doppelklick").count() == 1


def test_a_form_sent_twice_at_once_makes_one_partner_and_both_see_it(empty_db):
    from django.test import Client

    from tests.personas import build_world

    world = build_world()
    form = {
        "name": "Hochschule Zweimal",
        "kind": "university",
        "country": "DE",
        "confirm_not_duplicate": "on",  # the office confirmed: the duplicate check lets both through
        "_once": "0123456789abcdef0123456789abcdef",
    }
    locations: list[str] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        try:
            client = Client()
            client.force_login(world.user("office"))
            barrier.wait()
            response = client.post("/partners/new/", form)
            locations.append(f"{response.status_code} {response.get('Location', '')}")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Partner.objects.filter(name="Hochschule Zweimal").count() == 1
    partner = Partner.objects.get(name="Hochschule Zweimal")
    assert locations == [f"302 /partners/{partner.pk}/"] * 2, locations


def test_one_file_imported_twice_at_once_is_written_once_and_neither_fails(empty_db):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from intercoop.core import importing
    from intercoop.imports import services as imports
    from tests.personas import build_world

    world = build_world()
    office = world.user("office")
    wb = Workbook()
    wb.active.append(["名称（原文） / Name as written", "类别 / Kind", "国家或地区代码 / Country code"])
    towns = ["Aachen", "Bamberg", "Coburg", "Dresden", "Erfurt", "Fulda", "Gießen", "Hamburg", "Ilmenau"]
    for town in towns:
        wb.active.append([f"Hochschule {town}", "大学", "DE"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()

    def commit() -> object:
        upload = SimpleUploadedFile("partners.xlsx", data, content_type="application/octet-stream")
        batch = imports.commit_file(
            institution=world.a, importer=importing.get("partners"), upload=upload, actor=office
        )
        return batch

    outcomes = at_once(commit)
    assert outcomes == ["written", "written"], outcomes  # neither a 500 nor a refusal
    assert Partner.objects.filter(name__startswith="Hochschule ").count() == len(towns)
    from intercoop.imports.models import ImportBatch

    assert sorted((b.imported, b.unchanged) for b in ImportBatch.objects.all()) == [
        (0, len(towns)),
        (len(towns), 0),
    ]

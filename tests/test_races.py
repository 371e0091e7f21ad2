"""Issue 16 item 4: two identical requests at the same moment. The overlap rule for a person's stays and
the duplicate check for partners are checked under a serialising lock (``core.locks``: a row lock on
PostgreSQL, the write lock every SQLite transaction takes at its start), so the second request sees what
the first wrote. Real threads, each with its own database connection, released together by a barrier.
Without ``core.locks.serialise`` both tests fail on PostgreSQL (checked: both requests are written)."""

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

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's in-memory test database refuses a second writer at once ('table is locked') instead"
        " of making it wait; a SQLite file (production's, IMMEDIATE transactions, 20 s timeout) serialises"
        " these writes anyway. CI runs these on PostgreSQL, where they fail without core.locks.",
    ),
]


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

"""Bulk actions on lists (issue 15 item 20): the ticked rows exported, archived or given a responsible
person, each row through its access function and service, each audited, refusals reported by name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from intercoop.agreements.models import Agreement
from intercoop.agreements.tests import factories as agreement_factories
from intercoop.core.models import AuditEntry
from intercoop.partners.models import Partner
from intercoop.partners.tests import factories as partner_factories
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_ticked_partners_are_exported_and_archived_one_by_one(world, client_for):
    office = client_for("office")
    extra = partner_factories.partner(world.a, name="Hochschule Aalen", country="DE")
    malaya = world.partners["malaya"]
    ids = [malaya.pk, extra.pk]
    exported = office.post("/partners/bulk/", {"action": "export", "selected": ids})
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Universiti Malaya", "Hochschule Aalen"} <= names and len(names) == 2
    before = AuditEntry.objects.filter(action="partners.partner.archived").count()
    done = office.post(
        "/partners/bulk/", {"action": "archive", "selected": ids, "next": "/partners/?q=a"}, follow=True
    )
    assert done.redirect_chain[0][0] == "/partners/?q=a"
    assert Partner.objects.filter(pk__in=ids, archived_at__isnull=False).count() == 2
    assert AuditEntry.objects.filter(action="partners.partner.archived").count() == before + 2
    assert any("2 archived" in m for m in _messages(done))


def test_rows_not_yours_are_refused_and_leave_the_others_done(world, client_for):
    office = client_for("office")
    theirs = world.partners["b_partner"]
    mine = partner_factories.partner(world.a, name="Hochschule Aalen", country="DE")
    done = office.post(
        "/partners/bulk/", {"action": "archive", "selected": [mine.pk, theirs.pk]}, follow=True
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.archived_at is not None and theirs.archived_at is None
    assert any(f"#{theirs.pk}" in m for m in _messages(done))
    exported = office.post("/partners/bulk/", {"action": "export", "selected": [theirs.pk]})
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == []  # another institution's: not exported
    # A teacher reads partners but may not archive them: refused row by row, nothing changes.
    teacher = client_for("teacher")
    refused = teacher.post(
        "/partners/bulk/", {"action": "archive", "selected": [world.partners["malaya"].pk]}, follow=True
    )
    assert Partner.objects.get(pk=world.partners["malaya"].pk).archived_at is None
    assert any("not found" in m for m in _messages(refused))
    assert (
        client_for("student").post("/partners/bulk/", {"action": "export", "selected": [mine.pk]}).status_code
        == 404
    )


def test_the_office_names_a_responsible_person_on_ticked_agreements_each_audited(world, client_for):
    office = client_for("office")
    one, two = world.agreements["open"], world.agreements["secret"]
    teacher = world.people["teacher"]
    page = office.get("/agreements/").content.decode()
    assert 'data-testid="bulk-person"' in page and f'value="{one.pk}" form="bulk-form"' in page
    done = office.post(
        "/agreements/bulk/",
        {"action": "assign", "selected": [one.pk, two.pk], "person": teacher.pk},
        follow=True,
    )
    assert set(
        Agreement.objects.filter(pk__in=[one.pk, two.pk]).values_list("school_responsible", flat=True)
    ) == {teacher.pk}
    entries = AuditEntry.objects.filter(
        action="agreements.agreement.changed", object_id__in=[str(one.pk), str(two.pk)]
    )
    assert entries.count() == 2 and all("school_responsible" in e.changes for e in entries)
    assert any("2 now name" in m for m in _messages(done))
    # A person of another institution cannot be named (404, nothing changes).
    stranger = world.people["b_person"]
    assert (
        office.post(
            "/agreements/bulk/", {"action": "assign", "selected": [one.pk], "person": stranger.pk}
        ).status_code
        == 404
    )


def test_a_liaison_of_another_college_cannot_touch_a_confidential_agreement(world, client_for):
    secret = world.agreements["secret"]
    liaison = client_for("liaison_b")
    done = liaison.post("/agreements/bulk/", {"action": "archive", "selected": [secret.pk]}, follow=True)
    assert Agreement.objects.get(pk=secret.pk).archived_at is None
    assert any("not found" in m for m in _messages(done))
    exported = liaison.post("/agreements/bulk/", {"action": "export", "selected": [secret.pk]})
    rows = list(
        load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    )
    assert rows == []


def test_nothing_ticked_says_so_and_an_active_agreement_is_refused_by_its_rule(world, client_for):
    office = client_for("office")
    empty = office.post("/agreements/bulk/", {"action": "archive"}, follow=True)
    assert any("Tick the agreements first" in m for m in _messages(empty))
    active = agreement_factories.active(world, signed=dt.date(2025, 1, 1))
    done = office.post("/agreements/bulk/", {"action": "archive", "selected": [active.pk]}, follow=True)
    assert Agreement.objects.get(pk=active.pk).archived_at is None
    assert any("terminate it first" in m for m in _messages(done))


def test_ticked_mobilities_are_archived_through_their_access_rules(world, client_for):
    from intercoop.mobility.models import Mobility

    auto, it = world.mobilities["student"], world.mobilities["it"]
    liaison = client_for("liaison_a")  # the automotive college's liaison: not the IT college's mobility
    done = liaison.post("/mobility/bulk/", {"action": "archive", "selected": [auto.pk, it.pk]}, follow=True)
    assert Mobility.objects.get(pk=auto.pk).archived_at is not None
    assert Mobility.objects.get(pk=it.pk).archived_at is None
    assert any("1 archived" in m for m in _messages(done)) and any("not found" in m for m in _messages(done))
    assert AuditEntry.objects.filter(action="mobility.archived", object_id=str(auto.pk)).exists()
    exported = client_for("office").post(
        "/mobility/bulk/", {"action": "export", "selected": [auto.pk, it.pk]}
    )
    rows = list(
        load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    )
    assert len(rows) == 2  # the archived one too: it was ticked


# Every persona against each new write of this session (issue 15): who may, and that everyone else is
# refused with nothing written. Bulk archive is per row: a refused row stays as it was.
BULK_ARCHIVERS = {
    "partners": {"admin", "office", "liaison_a", "liaison_b"},
    "agreements": {"admin", "office", "liaison_a"},  # the open agreement belongs to AUTO
    "mobility": {"office", "liaison_a"},  # AUTO's; the system administrator does not record mobilities
}
CALENDAR_KEEPERS = {"admin", "office"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_bulk_archives_only_what_it_may_change(world, client_for, persona):
    from intercoop.mobility.models import Mobility

    client = client_for(persona)
    records = {
        "partners": (Partner, world.partners["malaya"].pk),
        "agreements": (Agreement, world.agreements["open"].pk),
        "mobility": (Mobility, world.mobilities["student"].pk),
    }
    for path, (model, pk) in records.items():
        response = client.post(f"/{path}/bulk/", {"action": "archive", "selected": [pk]})
        archived = model.objects.get(pk=pk).archived_at is not None
        assert archived is (persona in BULK_ARCHIVERS[path]), (path, persona, response.status_code)
        assert response.status_code in (302, 404), (path, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_and_the_holiday_calendar(world, client_for, persona):
    from intercoop.core.models import CalendarDay

    client = client_for(persona)
    before = AuditEntry.objects.count()
    response = client.post("/calendar/?year=2027", {"year": "2027", "days": "2027-01-01 休 元旦"})
    mine = CalendarDay.objects.filter(institution=world.a, day=dt.date(2027, 1, 1)).exists()
    theirs = CalendarDay.objects.filter(institution=world.b, day=dt.date(2027, 1, 1)).exists()
    if persona in CALENDAR_KEEPERS:
        assert response.status_code == 302 and mine and not theirs
    elif persona == "other_office":  # keeps its own institution's calendar, never A's
        assert response.status_code == 302 and theirs and not mine
    else:
        assert response.status_code == 404 and not mine and not theirs
        assert AuditEntry.objects.count() == before

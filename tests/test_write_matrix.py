"""The write access matrix: the same write through the page and through the API, by every persona.

Each case names records a persona may or may not link (another college's unit, student or teacher, a
confidential agreement of another college, owning units that would lock a liaison out). For every persona
both doors must give the same outcome: the write happens, or it is refused (a form error, 403 or 404) with
nothing written: no row of the touched tables and no audit entry. Every attempt runs in a savepoint that
is rolled back, so each starts from the same world.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from intercoop.agreements.models import Agreement, AgreementUnit
from intercoop.attachments.models import Attachment
from intercoop.core.models import AuditEntry
from intercoop.mobility.models import InternationalStudent, Mobility, TrainingEvent
from intercoop.org.tests import factories
from intercoop.travel import services
from intercoop.travel.models import Trip, TripDestination, TripMember
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db

COUNTED = (
    Attachment,
    Trip,
    TripMember,
    TripDestination,
    Agreement,
    AgreementUnit,
    Mobility,
    TrainingEvent,
    InternationalStudent,
    AuditEntry,
)
DEPARTURE = dt.date.today() + dt.timedelta(days=90)

Request = tuple[str, str, dict[str, Any]]  # method, url, data


@dataclass(frozen=True)
class Write:
    label: str
    page: Callable[[World], Request]
    api: Callable[[World], Request]
    written_by: frozenset[str]  # personas for whom both doors write; every other persona is refused


def _trip_form(w: World, unit: str, people: list[str], **extra: Any) -> dict[str, Any]:
    ids = [w.people[p].pk for p in people]
    return {
        "title": "赴马来亚大学开展教学培训",
        "purpose": "teaching",
        "org_unit": w.units[unit].pk,
        "applicant": ids[0],
        "departure": DEPARTURE.isoformat(),
        "return_on": (DEPARTURE + dt.timedelta(days=4)).isoformat(),
        "inviting_partner": w.partners["malaya"].pk,
        "fund_source": "special_fund",
        "itinerary": "Kuala Lumpur",
        "members": ids,
        "leader": ids[0],
        "country_1": "MY",
        "city_1": "Kuala Lumpur",
        "days_1": "5",
        **extra,
    }


def _trip_api(w: World, unit: str, people: list[str], **extra: Any) -> dict[str, Any]:
    ids = [w.people[p].pk for p in people]
    return {
        "title": "赴马来亚大学开展教学培训",
        "purpose": "teaching",
        "org_unit_id": w.units[unit].pk,
        "applicant_id": ids[0],
        "departure": DEPARTURE.isoformat(),
        "return_on": (DEPARTURE + dt.timedelta(days=4)).isoformat(),
        "inviting_partner_id": w.partners["malaya"].pk,
        "fund_source": "special_fund",
        "member_ids": ids,
        "leader_id": ids[0],
        "destinations": [{"country": "MY", "city": "Kuala Lumpur", "days": 5}],
        **extra,
    }


def _agreement_form(w: World, units: list[str]) -> dict[str, Any]:
    return {
        "title": "open agreement",
        "type": "student_exchange",
        "partners": [w.partners["malaya"].pk],
        "units": [w.units[u].pk for u in units],
        "notice_days": 90,
    }


def _mobility(w: World, person: str, unit: str, api: bool) -> dict[str, Any]:
    suffix = "_id" if api else ""
    data = {
        "direction": "out",
        "type": "study",
        f"person{suffix}": w.people[person].pk,
        "participant_kind": "student",
        f"org_unit{suffix}": w.units[unit].pk,
        f"host_partner{suffix}": w.partners["malaya"].pk,
        "country": "MY",
        "planned_start": "2027-03-01",
        "planned_end": "2027-06-30",
        "currency": "CNY",
    }
    return data


def _training(w: World, unit: str, agreement: str, api: bool) -> dict[str, Any]:
    suffix = "_id" if api else ""
    return {
        "title": "Automotive diagnostics for Thai technicians",
        f"org_unit{suffix}": w.units[unit].pk,
        "country": "TH",
        "start_date": "2026-10-12",
        "end_date": "2026-10-16",
        "participants_count": 12,
        f"agreement{suffix}": w.agreements[agreement].pk,
    }


def _student(w: World, unit: str, api: bool) -> dict[str, Any]:
    suffix = "_id" if api else ""
    data = {
        f"person{suffix}": w.people["laos"].pk,
        f"org_unit{suffix}": w.units[unit].pk,
        "programme": "degree",
        "programme_name": "Mechatronics",
        "enrolled_on": "2026-09-01",
        "expected_end": "2029-06-30",
        "status": "enrolled",
        "visa_type": "X1",
        "entry_date": "2026-08-28",
    }
    if api:
        data["full_time"] = True
    else:
        data["full_time"] = "on"
    return data


def _open(w: World) -> int:
    return w.agreements["open"].pk


def _pdf(kind: str | None = None) -> dict[str, Any]:
    """A small PDF to upload (a new one for every request: an upload is read once)."""
    data: dict[str, Any] = {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")}
    if kind:
        data["kind"] = kind
    return data


WRITES = [
    Write(
        "a trip filed under another college with its teacher",
        lambda w: ("post", "/travel/new/", _trip_form(w, "IT", ["it_teacher"])),
        lambda w: ("post", "/api/v1/travel/trips", _trip_api(w, "IT", ["it_teacher"])),
        frozenset({"office", "liaison_b"}),
    ),
    Write(
        "a teacher's own trip filed under their own college",
        lambda w: ("post", "/travel/new/", _trip_form(w, "AUTO", ["teacher"])),
        lambda w: ("post", "/api/v1/travel/trips", _trip_api(w, "AUTO", ["teacher"])),
        frozenset({"office", "liaison_a", "teacher"}),
    ),
    Write(
        "a teacher's trip filed under another college",
        lambda w: ("post", "/travel/new/", _trip_form(w, "IT", ["teacher"])),
        lambda w: ("post", "/api/v1/travel/trips", _trip_api(w, "IT", ["teacher"])),
        frozenset({"office"}),
    ),
    Write(
        "a trip of the IT college with a teacher of another college in the delegation",
        lambda w: ("post", "/travel/new/", _trip_form(w, "IT", ["it_teacher", "teacher"])),
        lambda w: ("post", "/api/v1/travel/trips", _trip_api(w, "IT", ["it_teacher", "teacher"])),
        frozenset({"office"}),
    ),
    Write(
        "a trip linked to another college's confidential agreement",
        lambda w: (
            "post",
            "/travel/new/",
            _trip_form(w, "AUTO", ["teacher"], agreement=w.agreements["secret"].pk),
        ),
        lambda w: (
            "post",
            "/api/v1/travel/trips",
            _trip_api(w, "AUTO", ["teacher"], agreement_id=w.agreements["secret"].pk),
        ),
        frozenset({"office", "liaison_a"}),
    ),
    Write(
        "an agreement's owning units moved away from the liaison's college",
        lambda w: ("post", f"/agreements/{_open(w)}/edit/", _agreement_form(w, ["IT"])),
        lambda w: (
            "patch",
            f"/api/v1/agreements/{_open(w)}",
            {"unit_ids": [w.units["IT"].pk]},
        ),
        frozenset({"admin", "office"}),
    ),
    Write(
        "an agreement's owning units widened by its college",
        lambda w: ("post", f"/agreements/{_open(w)}/edit/", _agreement_form(w, ["AUTO", "IT"])),
        lambda w: (
            "patch",
            f"/api/v1/agreements/{_open(w)}",
            {"unit_ids": [w.units["AUTO"].pk, w.units["IT"].pk]},
        ),
        frozenset({"admin", "office", "liaison_a"}),
    ),
    Write(
        "a training linked to another college's confidential agreement",
        lambda w: ("post", "/mobility/training/new/", _training(w, "IT", "secret", api=False)),
        lambda w: ("post", "/api/v1/mobility/training", _training(w, "IT", "secret", api=True)),
        frozenset({"office"}),
    ),
    Write(
        "a mobility naming another college's student",
        lambda w: ("post", "/mobility/new/", _mobility(w, "student", "IT", api=False)),
        lambda w: ("post", "/api/v1/mobility/mobilities", _mobility(w, "student", "IT", api=True)),
        frozenset({"office"}),
    ),
    Write(
        "a mobility of the college's own student",
        lambda w: ("post", "/mobility/new/", _mobility(w, "student", "AUTO", api=False)),
        lambda w: ("post", "/api/v1/mobility/mobilities", _mobility(w, "student", "AUTO", api=True)),
        frozenset({"office", "liaison_a"}),
    ),
    Write(
        "an international student of another college recorded under one's own",
        lambda w: ("post", "/mobility/students/new/", _student(w, "IT", api=False)),
        lambda w: ("post", "/api/v1/mobility/students", _student(w, "IT", api=True)),
        frozenset({"office"}),
    ),
]


WRITES += [
    Write(
        "a document uploaded to the confidential agreement of the automotive college",
        lambda w: ("post", f"/agreements/{w.agreements['secret'].pk}/documents/", _pdf("annex")),
        lambda w: ("post", f"/api/v1/agreements/{w.agreements['secret'].pk}/documents?kind=annex", _pdf()),
        frozenset({"admin", "office", "liaison_a"}),
    ),
    Write(
        "a document uploaded to the trip of the IT college",
        lambda w: ("post", f"/travel/{w.trips['it'].pk}/documents/", _pdf("itinerary")),
        lambda w: ("post", f"/api/v1/travel/trips/{w.trips['it'].pk}/documents?kind=itinerary", _pdf()),
        frozenset({"admin", "office", "liaison_b"}),  # the applicant side, and who manages trips
    ),
    Write(
        "the confidential agreement's signed copy archived",
        lambda w: ("post", f"/files/{w.files['secret'].pk}/archive/", {}),
        lambda w: ("post", f"/api/v1/files/{w.files['secret'].pk}/archive", {}),
        frozenset({"admin", "office", "liaison_a"}),
    ),
    Write(
        "the IT trip's itinerary archived",
        lambda w: ("post", f"/files/{w.files['it_trip'].pk}/archive/", {}),
        lambda w: ("post", f"/api/v1/files/{w.files['it_trip'].pk}/archive", {}),
        frozenset({"admin", "office", "liaison_b"}),
    ),
]


PAST = {"mission_number": "渝外办〔2024〕77号"}


def _past_page(w: World, unit: str, people: list[str]) -> dict[str, Any]:
    return {
        **_trip_form(w, unit, people, **PAST),
        "departure": "2024-10-14",
        "return_on": "2024-10-18",
    }


def _past_api(w: World, unit: str, people: list[str]) -> dict[str, Any]:
    return {
        **_trip_api(w, unit, people, **PAST),
        "departure": "2024-10-14",
        "return_on": "2024-10-18",
    }


_CORRECTION = {"departure": "2024-05-07", "return_on": "2024-05-11", "reason": "left a day late"}

# Trips recorded afterwards and the correction of dates after a return: the office's, institution-wide.
WRITES += [
    Write(
        "a past trip of the automotive college recorded afterwards",
        lambda w: ("post", "/travel/past/new/", _past_page(w, "AUTO", ["teacher"])),
        lambda w: ("post", "/api/v1/travel/past-trips", _past_api(w, "AUTO", ["teacher"])),
        frozenset({"office"}),
    ),
    Write(
        "the record of a past trip corrected",
        lambda w: ("post", f"/travel/{w.trips['past'].pk}/edit-record/", _past_page(w, "AUTO", ["teacher"])),
        lambda w: (
            "put",
            f"/api/v1/travel/past-trips/{w.trips['past'].pk}",
            _past_api(w, "AUTO", ["teacher"]),
        ),
        frozenset({"office"}),
    ),
    Write(
        "the dates a past trip really took corrected",
        lambda w: ("post", f"/travel/{w.trips['past'].pk}/correct-dates/", _CORRECTION),
        lambda w: ("post", f"/api/v1/travel/trips/{w.trips['past'].pk}/correct-dates", _CORRECTION),
        frozenset({"admin", "office"}),  # the system administrator manages trips but names no traveller
    ),
]


def _settings_page(w: World) -> dict[str, Any]:
    """The settings form as a browser sends it back (every declared setting at its value), the Erasmus
    code changed."""
    from intercoop.core import settings_registry

    data: dict[str, Any] = {}
    for setting in settings_registry.all_settings():
        value = setting.current(w.a.settings)
        if setting.kind == "bool":
            if value:
                data[setting.key] = "on"
        else:
            data[setting.key] = value
    return {**data, "mobility.erasmus_code": "CZ PRAHA07"}


# The institution's settings: its office and administrator; another institution's office changes its own
# institution's (the same request, the same answer on both doors).
WRITES += [
    Write(
        "the institution's Erasmus code set",
        lambda w: ("post", "/org/settings/", _settings_page(w)),
        lambda w: ("patch", "/api/v1/org/settings", {"mobility.erasmus_code": "CZ PRAHA07"}),
        frozenset({"admin", "office", "other_office"}),
    ),
]


def _counts() -> tuple[int, ...]:
    return tuple(model._base_manager.count() for model in COUNTED)


def _send(client: Client, request: Request) -> tuple[int, bool]:
    method, url, data = request
    before = _counts()
    with transaction.atomic():
        if url.startswith("/api/") and "file" not in data:
            response = getattr(client, method)(url, data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data)
        written = _counts() != before
        transaction.set_rollback(True)
    return response.status_code, written


@pytest.fixture
def world(world: World) -> World:
    """The persona world with a Lao student of the automotive college (an international student)."""
    world.people["laos"] = factories.person(
        world.a, world.units["AUTO"], kind="student", nationality="LA", number="LA1", name="Souk Vongsa"
    )
    teacher = world.people["teacher"]
    world.trips["past"] = services.trip_record_past(
        institution=world.a,
        data={
            "title": "赴马来亚大学开展教学培训",
            "purpose": "teaching",
            "org_unit": world.units["AUTO"],
            "departure": dt.date(2024, 5, 6),
            "return_on": dt.date(2024, 5, 10),
            "fund_source": "special_fund",
        },
        members=[teacher],
        leader=teacher,
        destinations=[services.Destination("MY", 5)],
        mission_number="渝外办〔2024〕12号",
        actor=None,
    )
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_and_api_give_the_same_answer_to_every_write_and_refusals_write_nothing(
    world: World, client_for: Callable[..., Client], persona: str
) -> None:
    client = client_for(persona)
    wrong = []
    for case in WRITES:
        page_status, page_written = _send(client, case.page(world))
        api_status, api_written = _send(client, case.api(world))
        expected = persona in case.written_by
        if expected:
            ok = page_status == 302 and page_written and api_status in (200, 201) and api_written
        else:
            ok = (
                page_status in (200, 400, 403, 404)
                and api_status in (400, 403, 404)
                and not page_written
                and not api_written
            )
        if not ok:
            wrong.append(
                f"{case.label}: page {page_status} written={page_written}, "
                f"api {api_status} written={api_written}, expected {'written' if expected else 'refused'}"
            )
    assert wrong == []


def test_a_refused_link_is_said_beside_its_field_and_as_not_found_on_the_api(
    world: World, client_for: Callable[..., Client]
) -> None:
    """What the refusals look like: the page names the field, the API answers 404 without telling whether
    the record exists (another college's student reads exactly as an id that does not exist)."""
    liaison = client_for("liaison_b")
    response = liaison.post("/mobility/new/", _mobility(world, "student", "IT", api=False))
    assert response.status_code == 400 and "person" in response.context["form"].errors
    hidden = liaison.post(
        "/api/v1/mobility/mobilities",
        _mobility(world, "student", "IT", api=True),
        content_type="application/json",
    )
    missing = liaison.post(
        "/api/v1/mobility/mobilities",
        {**_mobility(world, "student", "IT", api=True), "person_id": 999999},
        content_type="application/json",
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert "张悦" not in hidden.content.decode()
    teacher = client_for("teacher")
    lockout = client_for("liaison_a").patch(
        f"/api/v1/agreements/{world.agreements['open'].pk}",
        {"unit_ids": [world.units["IT"].pk]},
        content_type="application/json",
    )
    assert lockout.status_code == 400 and lockout.json()["field"] == "units"
    form = teacher.get("/travel/new/").context["form"]
    offered = {a.title for a in form.fields["agreement"].queryset}
    assert "open agreement" in offered and "secret agreement" not in offered
    assert set(form.fields["org_unit"].queryset) == {world.units["AUTO"], world.units["AUTO-NEV"]}


@pytest.mark.parametrize("persona", ["liaison_b", "teacher"])
def test_no_form_offers_another_college_s_confidential_agreement(
    world: World, client_for: Callable[..., Client], persona: str
) -> None:
    client = client_for(persona)
    pages = ["/travel/new/", "/mobility/new/", "/mobility/training/new/", "/agreements/new/"]
    for url in pages:
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, url
        assert "secret agreement" not in response.content.decode(), url

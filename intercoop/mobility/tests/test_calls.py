from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from intercoop.approvals import selectors as approval_selectors
from intercoop.approvals import services as approvals
from intercoop.core.errors import ConflictError
from intercoop.mobility.calls import services as calls
from intercoop.mobility.calls.services import CallError, Place
from intercoop.mobility.models import Application, CallPlace, ExchangeCall, Mobility
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def make_call(world: Any, places: int = 1, **data: Any) -> ExchangeCall:
    base = {
        "title": "2026 秋季交换 Autumn exchange",
        "type": "study",
        "opens_on": dt.date(2026, 3, 1),
        "closes_on": dt.date(2026, 3, 31),
        "mobility_start": dt.date(2026, 9, 1),
        "mobility_end": dt.date(2027, 1, 31),
        "min_year": 2,
        "min_gpa": Decimal("3.00"),
    }
    base.update(data)
    call = calls.call_save(
        institution=world.a,
        data=base,
        places=[
            Place(world.partners["malaya"], places, world.agreements["open"]),
            Place(world.partners["changan"], 2),
        ],
        actor=world.user("office"),
    )
    return calls.call_set_status(call=call, status="open", actor=world.user("office"))


def student(world: Any, n: int) -> Any:
    return factories.person(world.a, world.units["AUTO"], kind="student", name=f"学生{n}", number=f"ST{n}")


def apply(world: Any, call: ExchangeCall, person: Any, **data: Any) -> Application:
    place = call.places.get(partner=world.partners["malaya"])
    base = {
        "first_choice": place,
        "second_choice": None,
        "year_of_study": 2,
        "gpa": Decimal("3.50"),
        "language_level": "IELTS 6.0",
        "statement": "I want to study electric vehicles.",
    }
    base.update(data)
    return calls.application_submit(call=call, student=person, data=base, actor=None, today=TODAY)


def approve_review(world: Any, app: Application) -> Application:
    step = approval_selectors.pending_step(kind=calls.KIND, object_id=app.pk)
    assert step is not None
    approvals.decide(step=step, decision="approve", actor=world.user("liaison_a"))
    app.refresh_from_db()
    return app


def test_a_call_checks_its_dates_and_places(world: Any) -> None:
    before = ExchangeCall.objects.count()
    with pytest.raises(CallError) as err:
        make_call(world, closes_on=dt.date(2026, 2, 1))
    assert err.value.field == "closes_on"
    with pytest.raises(CallError):
        make_call(world, places=0)
    with pytest.raises(CallError):
        calls.call_save(
            institution=world.a,
            data={
                "title": "x",
                "opens_on": TODAY,
                "closes_on": TODAY,
                "mobility_start": dt.date(2026, 9, 1),
                "mobility_end": dt.date(2026, 12, 1),
            },
            places=[Place(world.partners["b_partner"], 1)],
            actor=None,
        )
    assert ExchangeCall.objects.count() == before


def test_eligibility_and_a_second_application_are_refused_with_the_reason(world: Any) -> None:
    call = make_call(world)
    person = student(world, 1)
    with pytest.raises(CallError) as err:
        apply(world, call, person, gpa=Decimal("2.80"))
    assert err.value.field == "gpa" and "3.00" in str(err.value)
    with pytest.raises(CallError) as err:
        apply(world, call, person, year_of_study=1)
    assert err.value.field == "year_of_study"
    apply(world, call, person)
    with pytest.raises(ConflictError):
        apply(world, call, person)
    assert Application.objects.filter(call=call, student=person).count() == 1
    with pytest.raises(CallError):  # closed for applications after 31 March
        calls.application_submit(
            call=call,
            student=student(world, 2),
            data={
                "first_choice": call.places.first(),
                "year_of_study": 2,
                "gpa": Decimal("3.5"),
                "language_level": "B2",
                "statement": "x",
            },
            actor=None,
            today=dt.date(2026, 4, 1),
        )


def test_the_college_reviews_then_the_office_nominates_and_the_partner_accepts(world: Any) -> None:
    call = make_call(world)
    app = apply(world, call, student(world, 1))
    assert app.status == Application.Status.IN_REVIEW
    app = approve_review(world, app)
    assert app.status == Application.Status.ELIGIBLE
    place = call.places.get(partner=world.partners["malaya"])
    calls.application_score(app=app, score=Decimal("88"), actor=world.user("office"))
    app = calls.nominate(app=app, place=place, actor=world.user("office"))
    place.refresh_from_db()
    assert (app.status, place.nominated, place.free) == (Application.Status.NOMINATED, 1, 0)
    # The last place is taken: a second eligible student cannot be nominated there.
    other = approve_review(world, apply(world, call, student(world, 2)))
    with pytest.raises(ConflictError):
        calls.nominate(app=other, place=place, actor=world.user("office"))
    other.refresh_from_db()
    assert other.status == Application.Status.ELIGIBLE
    app = calls.partner_answer(app=app, accepted=True, actor=world.user("office"))
    mobility = Mobility.objects.get(pk=app.mobility_id)
    assert (mobility.host_partner, mobility.status, mobility.agreement) == (
        world.partners["malaya"],
        Mobility.Status.PLANNED,
        world.agreements["open"],
    )


def test_withdrawing_or_a_decline_frees_the_place(world: Any) -> None:
    call = make_call(world)
    place = call.places.get(partner=world.partners["malaya"])
    first = approve_review(world, apply(world, call, student(world, 1)))
    calls.nominate(app=first, place=place, actor=None)
    calls.application_withdraw(app=first, actor=None)
    place.refresh_from_db()
    assert place.nominated == 0
    second = approve_review(world, apply(world, call, student(world, 2)))
    calls.nominate(app=second, place=place, actor=None)
    calls.partner_answer(app=second, accepted=False, actor=None)
    place.refresh_from_db()
    assert place.nominated == 0
    # A withdrawn student may apply again.
    assert apply(world, call, first.student).status == Application.Status.IN_REVIEW


@pytest.mark.django_db(transaction=True)
def test_two_officers_nominating_for_the_last_place_at_once_fill_it_exactly_once(world: Any) -> None:
    call = make_call(world)
    place = call.places.get(partner=world.partners["malaya"])
    apps = [approve_review(world, apply(world, call, student(world, n))) for n in (1, 2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(app: Application) -> None:
        try:
            barrier.wait()
            calls.nominate(app=app, place=place, actor=None)
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    place.refresh_from_db()
    assert sorted(outcomes) == ["conflict", "won"]
    assert place.nominated == 1
    assert Application.objects.filter(status="nominated").count() == 1
    assert CallPlace.objects.get(pk=place.pk).nominated <= CallPlace.objects.get(pk=place.pk).places


def test_the_api_and_home_queues_carry_an_application_to_the_partners_answer(
    world: Any, client_for: Any
) -> None:
    app = world.stays["application"]  # the student persona's application, in review at AUTO
    student = client_for("student")
    assert app.call.title in student.get("/").content.decode()  # "My exchange applications"
    approve_review(world, app)
    office = client_for("office")
    assert "1 eligible application waits for a place" in office.get("/").content.decode()
    place = app.call.places.get()
    assert (
        office.post(
            f"/api/v1/mobility/applications/{app.pk}/score", {"score": "150"}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        office.post(
            f"/api/v1/mobility/applications/{app.pk}/score",
            {"score": "85.5"},
            content_type="application/json",
        ).json()["score"]
        == "85.5"
    )
    assert (
        client_for("liaison_a")
        .post(
            f"/api/v1/mobility/applications/{app.pk}/nominate",
            {"place_id": place.pk},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    nominated = office.post(
        f"/api/v1/mobility/applications/{app.pk}/nominate",
        {"place_id": place.pk},
        content_type="application/json",
    )
    assert nominated.json()["status"] == "nominated"
    answered = office.post(
        f"/api/v1/mobility/applications/{app.pk}/answer", {"accepted": True}, content_type="application/json"
    )
    assert answered.status_code == 200 and answered.json()["mobility_id"]
    mine = student.get("/api/v1/mobility/applications").json()["items"]
    assert [a["id"] for a in mine] == [app.pk]

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from intercoop.accounts import services as accounts
from intercoop.approvals import selectors, services
from intercoop.approvals.models import (
    ApprovalChain,
    ApprovalRequest,
    Condition,
    Level,
    RequestStep,
)
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.roles import Role
from intercoop.travel import services as travel
from intercoop.travel.tests import factories

DEPARTURE = dt.date.today() + dt.timedelta(days=70)


def _submit(world, **kwargs):
    trip = factories.trip(world, departure=DEPARTURE, **kwargs)
    travel.trip_submit(trip=trip, actor=world.user("teacher"))
    return trip


@pytest.mark.django_db
def test_default_chain_is_built_from_the_institutions_offices(world):
    chain = services.chain_for(institution=world.a, kind="travel.trip")
    steps = list(chain.steps.order_by("position"))
    io = next(s for s in steps if s.name == "国际处审核")
    assert io.level == Level.UNIT and io.org_unit == world.units["IO"]
    hr = next(s for s in steps if s.name == "人事处审核")
    assert hr.level == Level.INSTITUTION  # institution A has no HR office yet
    assert services.chain_for(institution=world.a, kind="travel.trip").pk == chain.pk


@pytest.mark.django_db
def test_conditional_steps_apply_by_budget_and_country(world):
    chain = services.chain_for(institution=world.a, kind="travel.trip")
    services.chain_step_save(
        chain=chain,
        step=None,
        data={
            "name": "大额预算",
            "role": Role.APPROVER,
            "level": Level.INSTITUTION,
            "condition": Condition.AMOUNT_OVER,
            "threshold": Decimal("50000"),
        },
        actor=None,
    )
    services.chain_step_save(
        chain=chain,
        step=None,
        data={
            "name": "敏感国家",
            "role": Role.OFFICE_STAFF,
            "level": Level.INSTITUTION,
            "condition": Condition.COUNTRY_IN,
            "countries": "us, gb",
        },
        actor=None,
    )
    cheap = _submit(world, budget=Decimal("30000"))
    dear = _submit(world, budget=Decimal("60000"), destinations=[travel.Destination("GB", 5)])

    def names(trip):
        return set(ApprovalRequest.objects.get(object_id=trip.pk).steps.values_list("name", flat=True))

    assert "大额预算" not in names(cheap) and "敏感国家" not in names(cheap)
    assert {"大额预算", "敏感国家"} <= names(dear)
    with pytest.raises(DomainError, match="unknown: XX"):
        services.chain_step_save(
            chain=chain,
            step=None,
            data={
                "name": "x",
                "role": Role.APPROVER,
                "level": Level.INSTITUTION,
                "condition": Condition.COUNTRY_IN,
                "countries": "XX",
            },
            actor=None,
        )
    with pytest.raises(DomainError, match="needs a threshold"):
        services.chain_step_save(
            chain=chain,
            step=None,
            data={
                "name": "x",
                "role": Role.APPROVER,
                "level": Level.INSTITUTION,
                "condition": Condition.DAYS_OVER,
            },
            actor=None,
        )
    with pytest.raises(DomainError, match="Name the unit"):
        services.chain_step_save(
            chain=chain,
            step=None,
            data={"name": "x", "role": Role.APPROVER, "level": Level.UNIT, "org_unit": None},
            actor=None,
        )


@pytest.mark.django_db
def test_a_chain_change_does_not_touch_requests_in_flight(world):
    trip = _submit(world)
    request = ApprovalRequest.objects.get(object_id=trip.pk)
    before = list(request.steps.values_list("name", flat=True))
    chain = ApprovalChain.objects.get(institution=world.a, kind="travel.trip")
    services.chain_step_archive(step=chain.steps.get(name="人事处审核"), actor=None)
    assert list(request.steps.values_list("name", flat=True)) == before


@pytest.mark.django_db
def test_the_queue_shows_each_approver_what_waits_for_them(world):
    trip = _submit(world)
    assert [s.request.object_id for s in selectors.waiting_for(world.user("leader"))] == [trip.pk]
    assert selectors.waiting_for(world.user("finance")) == []
    assert selectors.waiting_for(world.user("other_office")) == []
    assert selectors.waiting_for(world.user("teacher")) == []


@pytest.mark.django_db
def test_the_next_approvers_are_told_by_email(world, django_capture_on_commit_callbacks):
    leader = world.user("leader")
    leader.email = "leader@example.edu.cn"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(world)
    assert [m.to for m in mail.outbox] == [["leader@example.edu.cn"]]


@pytest.mark.django_db
def test_a_substitute_decides_on_behalf_of_the_approver_during_the_delegation_only(world):
    substitute = accounts.user_create(
        institution=world.a, data={"username": "deputy"}, password="pw", actor=None, check_password=False
    )
    today = dt.date.today()
    with pytest.raises(DomainError, match="someone else"):
        services.delegation_create(
            delegator=world.user("leader"),
            delegate=world.user("leader"),
            starts_on=today,
            ends_on=today,
            reason="",
            actor=None,
        )
    with pytest.raises(DomainError, match="active user of your institution"):
        services.delegation_create(
            delegator=world.user("leader"),
            delegate=world.user("other_office"),
            starts_on=today,
            ends_on=today,
            reason="",
            actor=None,
        )
    trip = _submit(world)
    step = factories.pending_step(trip)
    assert selectors.can_decide(substitute, step) == (False, None)
    delegation = services.delegation_create(
        delegator=world.user("leader"),
        delegate=substitute,
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
        reason="abroad",
        actor=None,
    )
    assert selectors.can_decide(substitute, step, today=today + dt.timedelta(days=4))[0] is False
    services.decide(step=step, decision="approve", actor=substitute)
    step.refresh_from_db()
    assert step.decided_by == substitute and step.on_behalf_of == world.user("leader")
    services.delegation_end(delegation=delegation, actor=None)
    assert selectors.can_decide(substitute, factories.pending_step(trip))[0] is False


@pytest.mark.django_db
def test_an_hr_approver_sees_the_trip_once_it_reaches_hr(world, client_for):
    from intercoop.org.tests import factories as org_factories

    hr = org_factories.unit(world.a, "HR", kind="school_office", function="hr", name="人事处")
    hr_user = accounts.user_create(
        institution=world.a, data={"username": "hr"}, password="pw", actor=None, check_password=False
    )
    accounts.membership_grant(user=hr_user, role=Role.APPROVER, institution=world.a, org_unit=hr, actor=None)
    trip = _submit(world)
    client = client_for("teacher")
    client.force_login(hr_user)
    assert client.get(f"/travel/{trip.pk}/").status_code == 404  # still at the college step
    step = factories.pending_step(trip)
    services.decide(step=step, decision="approve", actor=world.user("leader"))
    step = factories.pending_step(trip)
    assert step.name == "人事处审核" and step.org_unit == hr
    assert client.get(f"/travel/{trip.pk}/").status_code == 200
    services.decide(step=step, decision="approve", actor=hr_user)
    assert client.get(f"/travel/{trip.pk}/").status_code == 200  # decided by them: still visible


@pytest.mark.django_db(transaction=True)
def test_two_approvers_deciding_at_once_record_exactly_one_decision(empty_db):
    from tests.personas import build_world

    world = build_world()
    second = accounts.user_create(
        institution=world.a, data={"username": "office2"}, password="pw", actor=None, check_password=False
    )
    accounts.membership_grant(
        user=second, role=Role.OFFICE_STAFF, institution=world.a, org_unit=world.units["IO"], actor=None
    )
    trip = _submit(world)
    while (step := factories.pending_step(trip)).name != "国际处审核":
        services.decide(step=step, decision="approve", actor=factories.decider(world, step))
    version = step.request.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name: str, user, decision: str) -> None:
        try:
            barrier.wait()
            services.decide(
                step=step,
                decision=decision,
                comment="no" if decision != "approve" else "",
                actor=user,
                expected_version=version,
            )
            outcomes[name] = "won"
        except ConflictError:
            outcomes[name] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("office", world.user("office"), "approve")),
        threading.Thread(target=act, args=("office2", second, "return")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "won"], outcomes
    step.refresh_from_db()
    decided = RequestStep.objects.filter(request=step.request).exclude(
        status__in=("waiting", "pending", "closed")
    )
    assert decided.filter(position=step.position).count() == 1
    assert step.decided_by_id == (world.user("office").pk if outcomes["office"] == "won" else second.pk)
    request = ApprovalRequest.objects.get(pk=step.request_id)
    assert request.version == version + 1

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from intercoop.approvals import services as approvals
from intercoop.approvals.models import ApprovalRequest, RequestStep
from intercoop.attachments.models import Attachment
from intercoop.core.choices import NotAChoiceError
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.core.periods import period_bounds
from intercoop.org.tests import factories as org_factories
from intercoop.travel import selectors, services
from intercoop.travel.models import (
    AnnualPlan,
    BudgetLine,
    Objection,
    Purpose,
    TravelDocument,
    Trip,
    TripMember,
)
from intercoop.travel.services import Destination, TravelError
from intercoop.travel.tests import factories

pytestmark = pytest.mark.django_db
S = Trip.Status
TODAY = dt.date(2026, 3, 2)  # a Monday
DEPARTURE = dt.date(2026, 5, 11)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


def _counts() -> tuple[int, int, int]:
    return Trip.objects.count(), TripMember.objects.count(), AuditEntry.objects.count()


def test_trip_walks_from_draft_through_chain_notice_mission_report_to_settlement(world):
    drafted = Trip.objects.filter(departure__year=DEPARTURE.year).count()  # the persona world's drafts
    trip = factories.trip(world, departure=DEPARTURE)
    assert trip.number == f"CG-{DEPARTURE.year}-{drafted + 1:03d}" and trip.status == S.DRAFT
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    request = ApprovalRequest.objects.get(object_id=trip.pk)
    names = list(request.steps.order_by("position").values_list("name", flat=True))
    assert names == [
        "学院审核",
        "人事处审核",
        "财务处审核",
        "国际处审核",
        "校领导审批",
    ]  # the leader-led step is left out
    trip = factories.approve_all(world, trip)
    assert trip.status == S.NOTICE
    assert trip.notice_starts_on == TODAY and trip.notice_ends_on == dt.date(2026, 3, 6)
    with pytest.raises(TravelError, match="runs until 2026-03-06"):
        services.mission_issue(trip=trip, actor=world.user("office"), today=dt.date(2026, 3, 6))
    services.mission_issue(trip=trip, actor=world.user("office"), today=dt.date(2026, 3, 9))
    trip.refresh_from_db()
    assert trip.status == S.APPROVED and trip.mission_number == "WR-2026-001"
    loan = services.passport_issue(
        trip=trip, person=world.people["teacher"], issued_on=dt.date(2026, 5, 8), actor=world.user("office")
    )
    assert loan.due_on == dt.date(2026, 5, 22)  # return on 15 May + 7 days
    with pytest.raises(TravelError, match="file the report after the return"):
        services.report_submit(
            trip=trip, text="Taught", actor=world.user("teacher"), today=dt.date(2026, 5, 15)
        )
    report = services.report_submit(
        trip=trip,
        text="Taught two courses",
        partners=[world.partners["malaya"]],
        actor=world.user("teacher"),
        today=dt.date(2026, 5, 20),
    )
    assert report.due_on == dt.date(2026, 6, 5) and report.on_time  # 15 working days after 15 May
    lines = list(selectors.budget_of(trip))
    settlement = services.settle(
        trip=trip,
        actuals={
            lines[0].pk: Decimal("17000"),
            lines[1].pk: services.Actual(Decimal("1512.30"), "MYR", Decimal("1.5871")),
        },
        receipts={lines[0].pk: [_receipt("机票行程单.pdf")], lines[1].pk: [_receipt("hotel.pdf")]},
        actor=world.user("finance"),
        today=dt.date(2026, 5, 25),
    )
    # 1,512.30 ringgit at 1.5871 yuan is 2,400.17 yuan (rounded to the fen).
    assert settlement.total_approved == Decimal("30000.00")
    assert settlement.total_actual == Decimal("19400.17")
    line = BudgetLine.objects.get(pk=lines[1].pk)
    assert (line.actual, line.actual_currency, line.actual_in_currency) == (
        Decimal("2400.17"),
        "MYR",
        Decimal("1512.30"),
    )
    assert set(selectors.receipts_by_line(trip)) == {lines[0].pk, lines[1].pk}
    trip.refresh_from_db()
    assert trip.status == S.SETTLED
    actions = set(
        AuditEntry.objects.filter(object_id=str(trip.pk), content_type__model="trip").values_list(
            "action", flat=True
        )
    )
    assert {
        "travel.trip.submitted",
        "approvals.step.approved",
        "travel.trip.mission_issued",
        "travel.trip.settled",
    } <= actions


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": 6}, "lasts at most 5 days"),
        (
            {
                "destinations": [
                    Destination("MY", 2),
                    Destination("SG", 2),
                    Destination("TH", 2),
                    Destination("VN", 1),
                ],
                "days": 7,
            },
            "at most 3 countries",
        ),
        ({"destinations": [Destination("XX", 3)]}, "not a known country code"),
        ({"destinations": [Destination("MY", 4), Destination("SG", 4)], "days": 5}, "add up to 8"),
    ],
)
def test_limits_on_countries_and_days_are_checked_and_nothing_is_saved(world, change, message):
    before = _counts()
    with pytest.raises(TravelError, match=message):
        factories.trip(world, departure=DEPARTURE, invitation=False, **change)
    assert _counts() == before


def test_return_before_departure_is_refused(world):
    with pytest.raises(TravelError, match="before the departure"):
        services.trip_create(
            institution=world.a,
            data={
                "title": "x",
                "purpose": Purpose.CONFERENCE,
                "org_unit": world.units["AUTO"],
                "applicant": world.people["teacher"],
                "departure": DEPARTURE,
                "return_on": DEPARTURE - dt.timedelta(days=1),
                "fund_source": "college",
            },
            members=[world.people["teacher"]],
            leader=world.people["teacher"],
            destinations=[Destination("DE", 1)],
            actor=None,
        )


def test_members_of_another_institution_or_too_many_are_refused(world):
    for actor in ("office", None):  # the office may not name them; nor may the system itself
        with pytest.raises(TravelError if actor is None else NotAChoiceError) as exc:
            services.trip_create(
                institution=world.a,
                data={
                    "title": "x",
                    "purpose": "teaching",
                    "org_unit": world.units["AUTO"],
                    "applicant": world.people["teacher"],
                    "departure": DEPARTURE,
                    "return_on": DEPARTURE,
                    "fund_source": "special_fund",
                },
                members=[world.people["teacher"], world.people["b_person"]],
                leader=world.people["teacher"],
                destinations=[services.Destination("MY", 1, "")],
                actor=world.user(actor) if actor else None,
            )
        assert exc.value.field == "members"
    many = [
        org_factories.person(world.a, world.units["AUTO"], name=f"教师{i}", number=f"X{i}") for i in range(7)
    ]
    with pytest.raises(TravelError, match="at most 6 people; this one has 7"):
        factories.trip(world, departure=DEPARTURE, members=many, invitation=False)
    with pytest.raises(TravelError, match="leader must be one of the members"):
        factories.trip(
            world, departure=DEPARTURE, leader=world.people["it_teacher"], invitation=False, actor="office"
        )


def test_a_teacher_names_only_themselves_and_files_only_under_their_own_units(world):
    """The service is the wall (imports and the API meet it too): a teacher may not name a colleague they
    cannot see, nor file under another college, and nothing is written."""
    before = _counts()
    with pytest.raises(NotAChoiceError) as exc:
        factories.trip(world, departure=DEPARTURE, leader=world.people["it_teacher"], invitation=False)
    assert exc.value.field == "leader"
    with pytest.raises(NotAChoiceError) as exc:
        factories.trip(
            world, departure=DEPARTURE, org_unit=world.units["IT"], invitation=False, actor="teacher"
        )
    assert exc.value.field == "org_unit"
    with pytest.raises(NotAChoiceError) as exc:
        factories.trip(world, departure=DEPARTURE, agreement=world.agreements["secret"], invitation=False)
    assert exc.value.field == "agreement"
    assert _counts() == before


def test_submission_needs_lead_time_and_the_invitation(world):
    late = factories.trip(world, departure=TODAY + dt.timedelta(days=30))
    with pytest.raises(TravelError, match="at least 45 days before departure; 30 days are left"):
        services.trip_submit(trip=late, actor=None)
    no_letter = factories.trip(world, departure=DEPARTURE, invitation=False)
    with pytest.raises(TravelError, match="invitation letter"):
        services.trip_submit(trip=no_letter, actor=None)
    assert Trip.objects.get(pk=late.pk).status == S.DRAFT
    assert not ApprovalRequest.objects.exists()


def test_limits_follow_the_institution_settings(world):
    world.a.settings = {"travel": {"max_delegation": 1, "day_limits": {"1": 7}, "min_lead_days": 10}}
    world.a.save()
    trip = factories.trip(world, departure=TODAY + dt.timedelta(days=20), days=7)
    services.trip_submit(trip=trip, actor=None)
    with pytest.raises(TravelError, match="at most 1 people"):
        factories.trip(
            world, departure=DEPARTURE, members=[world.people["teacher"], world.people["it_teacher"]]
        )


def test_an_approver_cannot_decide_a_step_that_is_not_theirs(world):
    trip = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    step = factories.pending_step(trip)
    with pytest.raises(approvals.NotYourStepError, match="waits for Approver of"):
        approvals.decide(step=step, decision="approve", actor=world.user("finance"))
    with pytest.raises(DomainError):
        approvals.decide(step=step, decision="approve", actor=world.user("teacher"))
    step.refresh_from_db()
    assert step.status == RequestStep.Status.PENDING


def test_nobody_approves_their_own_trip(world):
    trip = factories.trip(
        world, departure=DEPARTURE, members=[world.people["office"]], applicant=world.people["office"]
    )
    services.trip_submit(trip=trip, actor=world.user("office"))
    # Walk to the office's step with the other deciders, then the office may not decide it.
    for _ in range(3):
        step = factories.pending_step(trip)
        approvals.decide(step=step, decision="approve", actor=factories.decider(world, step))
    step = factories.pending_step(trip)
    assert step.name == "国际处审核"
    with pytest.raises(approvals.NotYourStepError):
        approvals.decide(step=step, decision="approve", actor=world.user("office"))


def test_return_for_revision_needs_a_reason_and_sends_the_trip_back(world):
    trip = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    step = factories.pending_step(trip)
    with pytest.raises(DomainError, match="Say why"):
        approvals.decide(step=step, decision="return", actor=world.user("leader"))
    approvals.decide(
        step=step, decision="return", comment="Add the conference programme", actor=world.user("leader")
    )
    trip.refresh_from_db()
    assert trip.status == S.RETURNED and trip.status_note == "Add the conference programme"
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    assert ApprovalRequest.objects.filter(object_id=trip.pk).count() == 2
    approvals_left = factories.pending_step(trip)
    assert approvals_left is not None and approvals_left.position == 1


def test_reject_ends_the_trip(world):
    trip = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    approvals.decide(
        step=factories.pending_step(trip),
        decision="reject",
        comment="Not in budget",
        actor=world.user("leader"),
    )
    trip.refresh_from_db()
    assert trip.status == S.REJECTED
    with pytest.raises(ConflictError):
        services.trip_submit(trip=trip, actor=None)


def test_a_stale_page_cannot_decide_twice(world):
    trip = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    step = factories.pending_step(trip)
    seen = step.request.version
    approvals.decide(step=step, decision="approve", actor=world.user("leader"), expected_version=seen)
    with pytest.raises(ConflictError):
        approvals.decide(step=step, decision="approve", actor=world.user("leader"), expected_version=seen)
    assert RequestStep.objects.filter(request=step.request, status=RequestStep.Status.APPROVED).count() == 1


def test_upheld_objection_returns_the_trip_and_open_ones_block_the_mission(world):
    trip = factories.approve_all(world, _submitted(world))
    objection = services.objection_record(
        trip=trip, data={"content": "Same conference last year", "raised_by": ""}, actor=world.user("office")
    )
    with pytest.raises(TravelError, match="Resolve the open objections"):
        services.mission_issue(trip=trip, actor=world.user("office"), today=dt.date(2026, 3, 9))
    with pytest.raises(TravelError, match="how the objection was resolved"):
        services.objection_resolve(
            objection=objection, outcome=Objection.Outcome.UPHELD, resolution=" ", actor=world.user("office")
        )
    services.objection_resolve(
        objection=objection,
        outcome=Objection.Outcome.UPHELD,
        resolution="Send a different teacher",
        actor=world.user("office"),
    )
    trip.refresh_from_db()
    assert trip.status == S.RETURNED


def test_change_after_approval_goes_back_through_approval(world):
    trip = factories.approve_all(world, _submitted(world))
    services.mission_issue(trip=trip, actor=world.user("office"), today=dt.date(2026, 3, 9))
    services.trip_update(
        trip=trip,
        data={"departure": DEPARTURE + dt.timedelta(days=7), "return_on": DEPARTURE + dt.timedelta(days=11)},
        members=[world.people["teacher"]],
        leader=world.people["teacher"],
        destinations=[Destination("MY", 5)],
        lines=[
            services.Line("fare", Decimal("18000"), "special_fund"),
            services.Line("accommodation", Decimal("12000"), "special_fund"),
        ],
        actor=world.user("teacher"),
    )
    trip.refresh_from_db()
    assert trip.status == S.IN_APPROVAL and trip.revision == 1 and trip.mission_number == ""
    assert (
        ApprovalRequest.objects.filter(object_id=trip.pk, status=ApprovalRequest.Status.PENDING).count() == 1
    )


def test_cancel_withdraws_the_pending_approval_and_keeps_history(world):
    trip = _submitted(world)
    with pytest.raises(TravelError, match="why"):
        services.trip_cancel(trip=trip, reason="", actor=None)
    services.trip_cancel(trip=trip, reason="Conference postponed", actor=world.user("teacher"))
    trip.refresh_from_db()
    assert trip.status == S.CANCELLED
    assert ApprovalRequest.objects.get(object_id=trip.pk).status == ApprovalRequest.Status.WITHDRAWN
    assert factories.pending_step(trip) is None


def _receipt(name: str = "receipt.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def _reported(world):
    trip = factories.approve_all(world, _submitted(world))
    services.mission_issue(trip=trip, actor=None, today=dt.date(2026, 3, 9))
    services.report_submit(trip=trip, text="Done", actor=world.user("teacher"), today=dt.date(2026, 5, 20))
    return trip


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({0: Decimal("100")}, "give the actual amount"),
        ({0: Decimal("-1"), 1: Decimal(0)}, "cannot be negative"),
        ({0: services.Actual(Decimal("100"), "XXQ", Decimal(1)), 1: Decimal(0)}, "not a currency code"),
        ({0: services.Actual(Decimal("100"), "USD"), 1: Decimal(0)}, "exchange rate applied"),
        (
            {0: services.Actual(Decimal("100"), "CNY", Decimal("7.1")), 1: Decimal(0)},
            "takes no exchange rate",
        ),
        ({0: Decimal("100"), 1: Decimal(0)}, "attach its receipts"),
        ({0: Decimal("99999"), 1: Decimal(0), "receipt": True}, "explain why in the note"),
    ],
)
def test_a_settlement_needs_amounts_currencies_rates_and_receipts_or_writes_nothing(world, given, message):
    trip = _reported(world)
    lines = list(selectors.budget_of(trip))
    receipts = {lines[0].pk: [_receipt()]} if given.pop("receipt", False) else {}
    entries, files = AuditEntry.objects.count(), Attachment.objects.count()
    with pytest.raises(TravelError, match=message):
        services.settle(
            trip=trip,
            actuals={lines[i].pk: v for i, v in given.items()},
            receipts=receipts,
            actor=world.user("finance"),
            today=dt.date(2026, 5, 25),
        )
    trip.refresh_from_db()
    assert trip.status == Trip.Status.REPORTED
    assert not BudgetLine.objects.filter(trip=trip, actual__isnull=False).exists()
    assert (AuditEntry.objects.count(), Attachment.objects.count()) == (entries, files)


def test_a_receipt_attached_to_a_line_before_counts_and_a_line_of_zero_needs_none(world):
    from intercoop.attachments import services as attachments

    trip = _reported(world)
    lines = list(selectors.budget_of(trip))
    attachments.attach(
        owner=trip, upload=_receipt(), kind="receipt", part=lines[0], actor=world.user("office")
    )
    settlement = services.settle(
        trip=trip,
        actuals={lines[0].pk: Decimal("18000"), lines[1].pk: Decimal(0)},
        actor=world.user("finance"),
        today=dt.date(2026, 5, 25),
    )
    assert settlement.total_actual == Decimal("18000.00")


def test_settlement_only_for_approved_trips_with_their_report(world):
    trip = _submitted(world)
    with pytest.raises(TravelError, match="Only approved trips"):
        services.settle(trip=trip, actuals={}, actor=None, today=dt.date(2026, 6, 1))


def test_passport_only_for_members_of_an_approved_trip(world):
    trip = factories.approve_all(world, _submitted(world))
    with pytest.raises(TravelError, match="approved trips only"):
        services.passport_issue(trip=trip, person=world.people["teacher"], issued_on=TODAY, actor=None)
    services.mission_issue(trip=trip, actor=None, today=dt.date(2026, 3, 9))
    with pytest.raises(TravelError, match="not a member"):
        services.passport_issue(trip=trip, person=world.people["it_teacher"], issued_on=TODAY, actor=None)


def test_figures_count_inclusive_person_days_clipped_to_the_school_year(world):
    two = [world.people["teacher"], world.people["it_teacher"]]
    # 28 Aug – 3 Sep 2025 across the school-year boundary: 4 days in 2024/25, 3 days in 2025/26, two people.
    across = _done(
        world,
        dt.date(2025, 8, 28),
        7,
        members=two,
        destinations=[Destination("MY", 4), Destination("SG", 3)],
        purpose=Purpose.TEACHING,
    )
    conference = _done(
        world,
        dt.date(2025, 10, 6),
        3,
        members=[world.people["teacher"]],
        destinations=[Destination("DE", 3)],
        purpose=Purpose.CONFERENCE,
    )
    cancelled = _done(
        world, dt.date(2025, 11, 3), 2, members=[world.people["teacher"]], destinations=[Destination("DE", 2)]
    )
    Trip.objects.filter(pk=cancelled.pk).update(status=S.CANCELLED)
    start, end = period_bounds("school", 2026)  # report year 2026: 1 Sep 2025 – 31 Aug 2026
    fig = selectors.figures(
        user=world.user("office"), institution=world.a, start=start, end=end, today=dt.date(2026, 3, 2)
    )
    assert fig.trips == 2
    assert fig.person_days == 3 * 2 + 3 * 1
    assert fig.teaching_person_days == 6
    by_country = {r.key: r.trips for r in fig.by_country}
    assert by_country == {"MY": 1, "SG": 1, "DE": 1}
    # Person-days per country (issue 17 item 7): Malaysia's 4 days (28-31 Aug 2025) fall before the
    # period, Singapore's 3 (1-3 Sep) × 2 people inside it, Germany 3 days × 1.
    assert {r.key: r.person_days for r in fig.by_country} == {"MY": 0, "SG": 6, "DE": 3}
    by_person = {r.label: r.person_days for r in fig.by_person}
    assert by_person == {"Li Ming": 6, "王芳": 3} or by_person == {"李明": 6, "王芳": 3}
    earlier = selectors.figures(
        user=world.user("office"), institution=world.a, start=dt.date(2024, 9, 1), end=dt.date(2025, 8, 31)
    )
    assert earlier.person_days == 4 * 2 and across.pk in set().union(
        *(r.trip_ids for r in earlier.by_purpose)
    )
    assert conference.pk not in set().union(*(r.trip_ids for r in earlier.by_purpose))


def test_report_compliance_counts_on_time_late_and_missing(world):
    on_time = _done(world, dt.date(2025, 10, 6), 3)
    late = _done(world, dt.date(2025, 11, 3), 3)
    _missing = _done(world, dt.date(2025, 12, 1), 3)
    services.report_submit(trip=on_time, text="ok", actor=None, today=dt.date(2025, 10, 10))
    services.report_submit(trip=late, text="late", actor=None, today=dt.date(2026, 1, 30))
    start, end = period_bounds("school", 2026)  # report year 2026: 1 Sep 2025 – 31 Aug 2026
    fig = selectors.figures(user=world.user("office"), institution=world.a, start=start, end=end, today=TODAY)
    assert (fig.reports_due, fig.reports_on_time, fig.reports_late, fig.reports_missing) == (3, 1, 1, 1)
    assert fig.compliance == pytest.approx(1 / 3)


def test_plan_submitted_after_the_deadline_is_marked_late_and_trips_outside_the_plan_are_flagged(world):
    plan = services.plan_open(institution=world.a, unit=world.units["AUTO"], year=2027, actor=None)
    with pytest.raises(TravelError, match="Add the planned trips"):
        services.plan_submit(plan=plan, actor=None)
    with pytest.raises(TravelError, match="unknown: ZZ"):
        services.plan_line_save(
            plan=plan,
            line=None,
            data={
                "title": "x",
                "purpose": "teaching",
                "countries": "DE,ZZ",
                "month": 5,
                "people": 2,
                "days": 5,
            },
            actor=None,
        )
    line = services.plan_line_save(
        plan=plan,
        line=None,
        data={
            "title": "德国培训",
            "purpose": "study",
            "countries": "de",
            "month": 5,
            "people": 3,
            "days": 5,
            "budget": Decimal("90000"),
        },
        actor=None,
    )
    assert line.countries == "DE"
    services.plan_submit(plan=plan, actor=None, today=dt.date(2026, 11, 2))
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUBMITTED and plan.submitted_late
    with pytest.raises(TravelError, match="submitted plan cannot be changed"):
        services.plan_line_save(plan=plan, line=line, data={"people": 2}, actor=None)
    with pytest.raises(TravelError, match="what the college should change"):
        services.plan_decide(plan=plan, approve=False, actor=None)
    services.plan_decide(plan=plan, approve=True, actor=None)
    assert [
        p.pk
        for p in selectors.approved_plan_lines(
            institution_id=world.a.pk, year=2027, unit=world.units["AUTO-NEV"]
        )
    ] == [line.pk]
    outside = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=outside, actor=None)
    request = ApprovalRequest.objects.get(object_id=outside.pk)
    assert request.facts["outside_plan"] is True


def test_leader_led_trip_adds_the_municipal_step(world):
    trip = factories.trip(world, departure=DEPARTURE, led_by_school_leader=True)
    services.trip_submit(trip=trip, actor=None)
    request = ApprovalRequest.objects.get(object_id=trip.pk)
    last = request.steps.order_by("-position").first()
    assert last.name.startswith("市外办") and last.reason == "Led by a school leader"


def _submitted(world) -> Trip:
    trip = factories.trip(world, departure=DEPARTURE)
    return services.trip_submit(trip=trip, actor=world.user("teacher"))


def _done(world, departure: dt.date, days: int, **kwargs) -> Trip:
    """A trip that took place: created and approved under the dates of its time."""
    submitted_on = departure - dt.timedelta(days=60)
    with time_machine.travel(dt.datetime.combine(submitted_on, dt.time(9)), tick=False):
        trip = factories.trip(world, departure=departure, days=days, **kwargs)
        services.trip_submit(trip=trip, actor=world.user("teacher"))
        factories.approve_all(world, trip)
        trip.refresh_from_db()
        services.mission_issue(trip=trip, actor=None, today=trip.notice_ends_on + dt.timedelta(days=1))
    trip.refresh_from_db()
    return trip


def _approved_to(world, *destinations: Destination) -> Trip:
    trip = factories.trip(world, departure=DEPARTURE, destinations=list(destinations))
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    trip = factories.approve_all(world, trip)
    services.mission_issue(trip=trip, actor=None, today=dt.date(2026, 3, 9))
    trip.refresh_from_db()
    return trip


def test_a_trip_to_hong_kong_hands_out_the_permit_not_the_passport(world):
    """因公赴港澳 (issue 15 item 15): the office keeps and hands out the 往来港澳通行证; a passport is
    refused for it, and each document is handed out once per traveller."""
    trip = _approved_to(world, Destination("HK", 3, "Hong Kong"), Destination("MO", 2, "Macao"))
    teacher = world.people["teacher"]
    assert selectors.documents_needed(selectors.countries_of(trip)) == [TravelDocument.HKMO_PERMIT]
    assert (
        str(selectors.scope_label(selectors.countries_of(trip))) == "Official travel to Hong Kong and Macao"
    )
    with pytest.raises(TravelError, match="needs Exit-entry permit for Hong Kong and Macao") as exc:
        services.passport_issue(trip=trip, person=teacher, issued_on=dt.date(2026, 3, 10), actor=None)
    assert exc.value.field == "document"
    loan = services.passport_issue(
        trip=trip,
        person=teacher,
        issued_on=dt.date(2026, 3, 10),
        document=TravelDocument.HKMO_PERMIT,
        actor=None,
    )
    assert loan.document == "hkmo_permit" and loan.due_on == trip.return_on + dt.timedelta(days=7)
    with pytest.raises(ConflictError):
        services.passport_issue(
            trip=trip,
            person=teacher,
            issued_on=dt.date(2026, 3, 10),
            document=TravelDocument.HKMO_PERMIT,
            actor=None,
        )


def test_a_trip_to_taiwan_and_japan_needs_the_taiwan_permit_and_the_passport(world):
    trip = _approved_to(world, Destination("JP", 3, "Tokyo"), Destination("TW", 2, "Taipei"))
    assert selectors.documents_needed(selectors.countries_of(trip)) == [
        TravelDocument.PASSPORT,
        TravelDocument.TW_PERMIT,
    ]
    teacher = world.people["teacher"]
    for document in (TravelDocument.PASSPORT, TravelDocument.TW_PERMIT):
        services.passport_issue(
            trip=trip, person=teacher, issued_on=dt.date(2026, 3, 10), document=document, actor=None
        )
    assert trip.passports.count() == 2


def test_trips_to_hong_kong_macao_and_taiwan_count_in_the_figures_of_travel_abroad(world):
    """国（境）外: the person-days and countries of the travel figures include 赴港澳台."""
    trip = _done(world, dt.date(2025, 11, 3), 4, destinations=[Destination("HK", 4, "Hong Kong")])
    start, end = period_bounds("school", 2026)  # report year 2026: 1 Sep 2025 – 31 Aug 2026
    fig = selectors.figures(
        user=world.user("office"), institution=world.a, start=start, end=end, today=dt.date(2026, 3, 2)
    )
    hong_kong = next(r for r in fig.by_country if r.key == "HK")
    assert (hong_kong.trips, hong_kong.people, hong_kong.label) == (1, 1, "Hong Kong, China")
    assert trip.pk in hong_kong.trip_ids and fig.person_days == 4

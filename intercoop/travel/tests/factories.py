from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.approvals import selectors as approval_selectors
from intercoop.approvals import services as approvals
from intercoop.approvals.models import RequestStep
from intercoop.attachments import services as attachments
from intercoop.travel import services
from intercoop.travel.models import Purpose, Trip, TripDocumentKind
from intercoop.travel.services import Destination, Line

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "invitation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def trip(
    world: Any,
    *,
    departure: dt.date,
    days: int = 5,
    members: list[Any] | None = None,
    leader: Any = None,
    destinations: list[Destination] | None = None,
    purpose: str = Purpose.TEACHING,
    budget: Decimal = Decimal("30000"),
    invitation: bool = True,
    **data: Any,
) -> Trip:
    members = members if members is not None else [world.people["teacher"]]
    # The teacher files their own trips; any other delegation is filed by the international office.
    own = (
        members == [world.people["teacher"]]
        and data.get("applicant", world.people["teacher"]) == world.people["teacher"]
        and data.get("org_unit", world.units["AUTO"]) in (world.units["AUTO"], world.units["AUTO-NEV"])
    )
    actor = world.user(data.pop("actor", "teacher" if own else "office"))
    created = services.trip_create(
        institution=world.a,
        data={
            "title": data.pop("title", "赴马来亚大学开展教学培训"),
            "purpose": purpose,
            "org_unit": data.pop("org_unit", world.units["AUTO"]),
            "applicant": data.pop("applicant", world.people["teacher"]),
            "departure": departure,
            "return_on": departure + dt.timedelta(days=days - 1),
            "inviting_partner": data.pop("inviting_partner", world.partners["malaya"]),
            "itinerary": data.pop("itinerary", "Day 1 Kuala Lumpur; days 2-4 teaching; day 5 return"),
            "fund_source": data.pop("fund_source", "special_fund"),
            **data,
        },
        members=members,
        leader=leader or members[0],
        destinations=destinations or [Destination("MY", days, "Kuala Lumpur")],
        lines=[
            Line("fare", budget * Decimal("0.6"), "special_fund"),
            Line("accommodation", budget * Decimal("0.4"), "special_fund"),
        ]
        if budget
        else [],
        actor=actor,
    )
    if invitation:
        attachments.attach(owner=created, upload=pdf(), kind=TripDocumentKind.INVITATION, actor=actor)
    return created


def pending_step(trip: Trip) -> RequestStep | None:
    return approval_selectors.pending_step(kind="travel.trip", object_id=trip.pk)


def decider(world: Any, step: RequestStep) -> Any:
    for name in ("leader", "finance", "office", "admin"):
        user = world.user(name)
        if approval_selectors.can_decide(user, step)[0]:
            return user
    raise AssertionError(f"nobody can decide {step}")


def approve_all(world: Any, trip: Trip) -> Trip:
    for _ in range(10):
        step = pending_step(trip)
        if step is None:
            break
        approvals.decide(step=step, decision="approve", actor=decider(world, step))
    trip.refresh_from_db()
    return trip

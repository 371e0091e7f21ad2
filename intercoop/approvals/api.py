"""API of the approval engine: what waits for me, and deciding a step."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from intercoop.approvals import kinds, selectors, services
from intercoop.approvals.models import RequestStep
from intercoop.core.apitypes import Id

router = Router(tags=["approvals"])


class StepOut(Schema):
    id: int
    request_id: Id
    kind: str
    object_id: Id
    subject: str
    position: int
    name: str
    name_en: str
    role: str
    org_unit_id: Id | None
    reason: str
    status: str
    reached_at: dt.datetime | None
    decided_at: dt.datetime | None
    decided_by_id: Id | None
    on_behalf_of_id: Id | None
    comment: str
    version: int = Field(..., description="Send it back with a decision; a changed request answers 409.")


class DecisionIn(Schema):
    decision: str = Field(..., description="approve, reject or return")
    comment: str = ""
    version: int | None = Field(None, description="The request version you saw (409 when it changed).")


def step_out(step: RequestStep) -> dict[str, Any]:
    return {
        "id": step.pk,
        "request_id": step.request_id,
        "kind": step.request.kind,
        "object_id": step.request.object_id,
        "subject": step.request.subject_label,
        "position": step.position,
        "name": step.name,
        "name_en": step.name_en,
        "role": step.role,
        "org_unit_id": step.org_unit_id,
        "reason": step.reason,
        "status": step.status,
        "reached_at": step.reached_at,
        "decided_at": step.decided_at,
        "decided_by_id": step.decided_by_id,
        "on_behalf_of_id": step.on_behalf_of_id,
        "comment": step.comment,
        "version": step.request.version,
    }


@router.get("/approvals/waiting", response=list[StepOut], summary="Steps waiting for my decision")
def waiting(request: HttpRequest) -> list[dict[str, Any]]:
    return [step_out(s) for s in selectors.waiting_for(request.user)]


@router.post(
    "/approvals/steps/{step_id}/decide",
    response=StepOut,
    summary="Approve, reject or return a step (403 when it is not yours, 409 when someone decided first)",
)
def decide(request: HttpRequest, step_id: Id, payload: DecisionIn) -> dict[str, Any]:
    step = selectors.step_get(user=request.user, pk=step_id)
    if not selectors.can_decide(request.user, step)[0]:
        kinds.get(step.request.kind).subject_for_user(request.user, step.request.object_id)
    services.decide(
        step=step,
        decision=payload.decision,
        comment=payload.comment,
        expected_version=payload.version,
        actor=request.user,
    )
    step.refresh_from_db()
    return step_out(selectors.step_of(step))

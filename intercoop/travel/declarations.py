"""What the travel app adds to the shared registries: audit labels, menu, work queues, reminders, its
approval kind and its agreement activity source."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import activity
from intercoop.approvals import kinds
from intercoop.approvals.models import Level
from intercoop.core import navigation, workqueue
from intercoop.core.declarations import Declarations
from intercoop.core.roles import Role
from intercoop.core.settings_registry import Setting
from intercoop.travel import (
    deadlines,
    history,
    importers,
    permissions,
    reminders,
    selectors,
    services,
    workqueues,
)
from intercoop.travel.config import TravelSettings
from intercoop.travel.models import Trip

_T = TravelSettings()
_TRAVEL = _("Official travel abroad")


def _travel(name: str, label: Any, kind: str = "int", **kwargs: Any) -> Setting:
    return Setting("travel", name, label, kind, getattr(_T, name), group=_TRAVEL, **kwargs)


SETTINGS = (
    _travel("max_delegation", _("People at most in a delegation"), minimum=1, maximum=50),
    _travel("max_countries", _("Countries at most on one trip"), minimum=1, maximum=10),
    _travel("min_lead_days", _("Days at least between application and departure"), minimum=0, maximum=365),
    _travel("notice_working_days", _("Working days of the public notice"), minimum=0, maximum=30),
    _travel(
        "report_working_days", _("Working days after return to file the trip report"), minimum=1, maximum=90
    ),
    _travel("passport_return_days", _("Days after return to hand passports back"), minimum=1, maximum=90),
    _travel("settlement_requires_report", _("Settle a trip only after its report"), "bool"),
    _travel(
        "notice_contact",
        _("Where objections to a public notice go"),
        "text",
        max_length=200,
        help=_("The office, its telephone and e-mail, printed on the notice."),
    ),
)


DECLARATIONS = Declarations(
    settings=SETTINGS,
    deadlines={"travel": deadlines.mine},
    importers=[importers.PastTripImporter()],
    actions={
        "travel.trip.created": _("application drafted"),
        "travel.trip.updated": _("application changed"),
        "travel.trip.recorded_afterwards": _("past trip recorded afterwards"),
        "travel.trip.record_corrected": _("record of a past trip corrected"),
        "travel.trip.dates_corrected": _("dates corrected after the return"),
        "travel.trip.submitted": _("application submitted"),
        "travel.trip.resubmitted": _("changed after approval: submitted again"),
        "travel.trip.approval_ended": _("approval chain ended"),
        "travel.trip.returned_after_notice": _("returned after an upheld objection"),
        "travel.trip.mission_issued": _("mission approval issued"),
        "travel.trip.reported": _("trip report filed"),
        "travel.trip.settled": _("expenses settled"),
        "travel.trip.cancelled": _("trip cancelled"),
        "travel.objection.recorded": _("objection recorded"),
        "travel.objection.resolved": _("objection resolved"),
        "travel.passport.issued": _("passport or permit handed out"),
        "travel.passport.returned": _("passport or permit returned"),
        "travel.document.added": _("document uploaded"),
        "travel.document.archived": _("document archived"),
        "travel.plan.created": _("plan opened"),
        "travel.plan.line_saved": _("planned trip saved"),
        "travel.plan.line_archived": _("planned trip removed"),
        "travel.plan.submitted": _("plan submitted"),
        "travel.plan.decided": _("plan decided"),
    },
    field_labels={"members": _("Delegation"), "destinations": _("Destinations"), "budget": _("Budget")},
    value_displays=history.DISPLAYS,
    navigation=[
        *(
            navigation.NavItem(
                key=key,
                label=label,
                url_name=url_name,
                icon=icon,
                permission=permission,
                section=navigation.Section.WORK,
                order=order,
                active_prefix=prefix,
            )
            for key, label, url_name, icon, permission, order, prefix in (
                (
                    "trips",
                    _("Trips abroad"),
                    "travel:list",
                    "bi-airplane",
                    permissions.TRIP_VIEW,
                    30,
                    "travel:",
                ),
                (
                    "travel_plans",
                    _("Annual travel plans"),
                    "travel:plans",
                    "bi-calendar3",
                    permissions.PLAN_EDIT,
                    31,
                    "travel:plan",
                ),
                (
                    "travel_figures",
                    _("Travel figures"),
                    "travel:figures",
                    "bi-bar-chart",
                    permissions.FIGURES_VIEW,
                    32,
                    "travel:figures",
                ),
            )
        )
    ],
    queues=[
        *(
            workqueue.Queue(
                key=key,
                label=label,
                permission=permission,
                provider=provider,
                empty_text=empty,
                order=order,
            )
            for key, label, provider, permission, empty, order in (
                (
                    "trips_mine",
                    _("My trip applications"),
                    workqueues.mine,
                    permissions.TRIP_APPLY,
                    _("No application of yours is open."),
                    2,
                ),
                (
                    "trip_reports_due",
                    _("Trip reports due"),
                    workqueues.reports_due,
                    permissions.TRIP_VIEW,
                    _("No trip report is due."),
                    3,
                ),
                (
                    "passports_out",
                    _("Passports not back"),
                    workqueues.passports_overdue,
                    permissions.TRIP_MANAGE,
                    _("Every passport is back or not yet due."),
                    4,
                ),
                (
                    "notices_ending",
                    _("Public notices to close"),
                    workqueues.notices_to_close,
                    permissions.TRIP_MANAGE,
                    _("No notice waits for a mission approval."),
                    5,
                ),
            )
        )
    ],
    reminders={"travel": reminders.due},
)

APPROVAL_KINDS = [
    kinds.Kind(
        key=selectors.KIND,
        label=_("Trip abroad"),
        chain_name=("因公出国（境）审批", "Official travel abroad"),
        default_steps=(
            kinds.StepDefault("学院审核", "College review", Role.APPROVER, Level.APPLICANT_COLLEGE),
            kinds.StepDefault("人事处审核", "Human resources", Role.APPROVER, Level.UNIT, unit_function="hr"),
            kinds.StepDefault(
                "财务处审核", "Finance", Role.FINANCE_OFFICER, Level.UNIT, unit_function="finance"
            ),
            kinds.StepDefault(
                "国际处审核",
                "International office",
                Role.OFFICE_STAFF,
                Level.UNIT,
                unit_function="international",
            ),
            kinds.StepDefault(
                "校领导审批", "School leadership", Role.APPROVER, Level.UNIT, unit_kind="leadership"
            ),
            kinds.StepDefault(
                "市外办审批（国际处登记）",
                "Municipal foreign-affairs office (recorded by the international office)",
                Role.OFFICE_STAFF,
                Level.UNIT,
                unit_function="international",
                condition="leader_led",
            ),
        ),
        subject=lambda pk: Trip.objects.get(pk=pk),
        subject_for_user=lambda user, pk: selectors.trip_get_for_user(user=user, pk=pk),
        url=lambda pk: reverse("travel:detail", args=[pk]),
        on_outcome=services.on_outcome,
    )
]

ACTIVITY_SOURCES = [
    activity.ActivitySource(
        key="travel",
        label=_("Trips abroad"),
        last_date=lambda: activity.latest(
            Trip, "return_on", status__in=selectors.COUNTED, departure__lte=timezone.localdate()
        ),
    )
]

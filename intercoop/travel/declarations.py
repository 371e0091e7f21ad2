"""What the travel app adds to the shared registries: audit labels, menu, work queues, reminders, its
approval kind and its agreement activity source."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import activity
from intercoop.approvals import kinds
from intercoop.approvals.models import Level
from intercoop.core import navigation, workqueue
from intercoop.core.declarations import Declarations
from intercoop.core.roles import Role
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
from intercoop.travel.models import Trip

DECLARATIONS = Declarations(
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

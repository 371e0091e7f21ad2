"""What the mobility app adds to the shared registries: audit labels, menu, work queues, reminders,
importers, its approval kind and its agreement activity source."""

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
from intercoop.mobility import importers, permissions
from intercoop.mobility.calls import selectors
from intercoop.mobility.calls import services as calls
from intercoop.mobility.models import Application, Mobility
from intercoop.mobility.stays import alerts
from intercoop.mobility.stays import deadlines as stay_deadlines
from intercoop.mobility.stays.services import Rules


def places_used(start: Any, end: Any) -> Any:
    return activity.count_of(
        Mobility,
        status=Mobility.Status.CONFIRMED,
        direction="out",
        start_date__gte=start,
        start_date__lte=end,
    )


def _erasmus_code(text: str) -> str:
    """The institution's own Erasmus code, read as a partner's is (spaces, the reference lists)."""
    from intercoop.core.identifiers import erasmus_code_message
    from intercoop.partners import reference

    reading = reference.read_code(text)
    if reading.code is None:
        raise ValueError(erasmus_code_message(text, reading))
    return reading.code


_RULES = Rules()
_MOBILITY = _("Mobility and foreign stays")
SETTINGS = (
    Setting(
        "mobility",
        "erasmus_code",
        _("The institution's Erasmus code"),
        "text",
        "",
        help=_("Tells outgoing from incoming rows in the EC's Erasmus mobility records, e.g. CZ PRAHA07."),
        max_length=20,
        group=_MOBILITY,
        check=_erasmus_code,
    ),
    Setting(
        "mobility",
        "statistical_date",
        _("Statistical date of the report year (month-day)"),
        "month_day",
        _RULES.statistical_date,
        help=_("Stock figures (international students, overseas sites) are counted on this day."),
        group=_MOBILITY,
    ),
    Setting(
        "mobility",
        "reference_prefix",
        _("Prefix of mobility references"),
        "text",
        "MOB",
        max_length=10,
        group=_MOBILITY,
    ),
    Setting(
        "mobility",
        "accommodation_hours",
        _("Hours to register a foreign guest's accommodation"),
        "int",
        _RULES.accommodation_hours,
        minimum=1,
        maximum=240,
        group=_MOBILITY,
    ),
    Setting(
        "mobility",
        "residence_permit_days",
        _("Days after entry to apply for the residence permit"),
        "int",
        _RULES.residence_permit_days,
        minimum=1,
        maximum=365,
        group=_MOBILITY,
    ),
)


DECLARATIONS = Declarations(
    settings=SETTINGS,
    deadlines={"stays": stay_deadlines.mine},
    actions={
        "mobility.created": _("mobility recorded"),
        "mobility.updated": _("mobility changed"),
        "mobility.cancelled": _("mobility cancelled"),
        "mobility.archived": _("mobility archived"),
        "mobility.restored": _("mobility restored"),
        "mobility.imported": _("mobility imported"),
        "mobility.student.created": _("international student recorded"),
        "mobility.student.updated": _("international student changed"),
        "mobility.student.archived": _("international student archived"),
        "mobility.student.restored": _("international student restored"),
        "mobility.expert.created": _("foreign expert recorded"),
        "mobility.expert.updated": _("foreign expert changed"),
        "mobility.expert.archived": _("foreign expert archived"),
        "mobility.expert.restored": _("foreign expert restored"),
        "mobility.training.created": _("training recorded"),
        "mobility.training.updated": _("training changed"),
        "mobility.training.archived": _("training archived"),
        "mobility.training.restored": _("training restored"),
        "mobility.training.trainees_added": _("trainees listed"),
        "mobility.training.trainee_removed": _("trainee removed from the list"),
        "mobility.competition.created": _("competition recorded"),
        "mobility.competition.updated": _("competition changed"),
        "mobility.competition.archived": _("competition archived"),
        "mobility.competition.restored": _("competition restored"),
        "mobility.call.created": _("exchange call drafted"),
        "mobility.call.updated": _("exchange call changed"),
        "mobility.call.open": _("exchange call opened"),
        "mobility.call.closed": _("exchange call closed"),
        "mobility.application.submitted": _("application sent"),
        "mobility.application.resubmitted": _("application sent again"),
        "mobility.application.reviewed": _("college review ended"),
        "mobility.application.withdrawn": _("application withdrawn"),
        "mobility.application.scored": _("application scored"),
        "mobility.application.nominated": _("nominated to the partner"),
        "mobility.application.answered": _("partner's answer recorded"),
    },
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
                    "mobility",
                    _("Mobility"),
                    "mobility:list",
                    "bi-people",
                    permissions.MOBILITY_VIEW,
                    35,
                    "mobility:list",
                ),
                (
                    "exchange_calls",
                    _("Exchange calls"),
                    "mobility:calls",
                    "bi-megaphone",
                    permissions.CALL_VIEW,
                    34,
                    "mobility:call",
                ),
                (
                    "intl_students",
                    _("International students"),
                    "mobility:students",
                    "bi-mortarboard",
                    permissions.STAY_VIEW,
                    37,
                    "mobility:students",
                ),
                (
                    "foreign_experts",
                    _("Foreign experts and teachers"),
                    "mobility:experts",
                    "bi-person-badge",
                    permissions.STAY_VIEW,
                    38,
                    "mobility:experts",
                ),
                (
                    "training",
                    _("Training for foreign trainees"),
                    "mobility:training",
                    "bi-easel",
                    permissions.EVENT_VIEW,
                    39,
                    "mobility:training",
                ),
                (
                    "competitions",
                    _("Competitions"),
                    "mobility:competitions",
                    "bi-trophy",
                    permissions.EVENT_VIEW,
                    40,
                    "mobility:competition",
                ),
                (
                    "mobility_figures",
                    _("Mobility figures"),
                    "mobility:figures",
                    "bi-graph-up",
                    permissions.FIGURES_VIEW,
                    41,
                    "mobility:figures",
                ),
            )
        )
    ],
    queues=[
        workqueue.Queue(
            key="stay_deadlines",
            label=_("Registrations and permits of foreign nationals"),
            permission=permissions.STAY_EDIT,
            provider=alerts.deadlines_queue,
            empty_text=_("No registration or permit falls due in the next 30 days."),
            order=6,
        ),
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
                    "my_applications",
                    _("My exchange applications"),
                    alerts.my_applications,
                    permissions.CALL_APPLY,
                    _("No exchange application of yours is open."),
                    7,
                ),
                (
                    "applications_to_nominate",
                    _("Exchange applications waiting for a place"),
                    alerts.to_nominate,
                    permissions.CALL_MANAGE,
                    _("No eligible application waits for a place."),
                    8,
                ),
            )
        ),
    ],
    importers=[
        importers.MobilityImporter(),
        importers.ErasmusImporter(),
        importers.TraineeImporter(),
        importers.InternationalStudentImporter(),
    ],
    reminders={"mobility": alerts.due},
)

APPROVAL_KINDS = [
    kinds.Kind(
        key=calls.KIND,
        label=_("Exchange application"),
        chain_name=("学生交流项目申请审核", "Student exchange applications"),
        default_steps=(
            kinds.StepDefault("学院审核", "College review", Role.COLLEGE_LIAISON, Level.APPLICANT_COLLEGE),
        ),
        subject=lambda pk: Application.objects.get(pk=pk),
        subject_for_user=lambda user, pk: selectors.application_get_for_user(user=user, pk=pk),
        url=lambda pk: reverse("mobility:application", args=[pk]),
        on_outcome=calls.on_outcome,
    )
]

ACTIVITY_SOURCES = [
    activity.ActivitySource(
        key="mobility",
        label=_("Mobilities"),
        last_date=lambda: activity.latest(
            Mobility,
            "start_date",
            status=Mobility.Status.CONFIRMED,
            start_date__lte=timezone.localdate(),
        ),
        places_used=places_used,
    )
]

"""What the approvals app adds to the shared registries: audit labels, menu entries, its work queue
and reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.approvals import permissions, reminders, workqueues
from intercoop.core import navigation, workqueue
from intercoop.core.declarations import Declarations

DECLARATIONS = Declarations(
    actions={
        "approvals.chain.created": _("approval chain created"),
        "approvals.chain.step_saved": _("chain step saved"),
        "approvals.chain.step_archived": _("chain step removed"),
        "approvals.chain.reordered": _("chain steps reordered"),
        "approvals.request.submitted": _("submitted for approval"),
        "approvals.step.approved": _("approval step approved"),
        "approvals.step.rejected": _("approval step rejected"),
        "approvals.step.returned": _("returned for revision at an approval step"),
        "approvals.delegation.created": _("delegation given"),
        "approvals.delegation.ended": _("delegation ended"),
    },
    navigation=[
        navigation.NavItem(
            key="approvals",
            label=_("Approvals"),
            url_name="approvals:queue",
            icon="bi-check2-square",
            permission=permissions.QUEUE_VIEW,
            section=navigation.Section.WORK,
            order=15,
            active_prefix="approvals:",
        ),
        navigation.NavItem(
            key="approval_chains",
            label=_("Approval chains"),
            url_name="approvals:chains",
            icon="bi-diagram-3",
            permission=permissions.CHAIN_MANAGE,
            section=navigation.Section.ADMIN,
            order=40,
            active_prefix="approvals:chain",
        ),
    ],
    queues=[
        workqueue.Queue(
            key="approvals_waiting",
            label=_("Waiting for my approval"),
            permission=permissions.QUEUE_VIEW,
            provider=workqueues.waiting,
            empty_text=_("Nothing waits for your decision."),
            order=1,
        )
    ],
    reminders={"approvals": reminders.due},
)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "intercoop.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from intercoop.approvals import permissions, reminders, workqueues
        from intercoop.core import audit, navigation, workqueue
        from intercoop.core import reminders as core_reminders

        audit.register_actions(
            {
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
            }
        )
        navigation.register(
            navigation.NavItem(
                key="approvals",
                label=_("Approvals"),
                url_name="approvals:queue",
                icon="bi-check2-square",
                permission=permissions.QUEUE_VIEW,
                section=navigation.Section.WORK,
                order=15,
                active_prefix="approvals:",
            )
        )
        navigation.register(
            navigation.NavItem(
                key="approval_chains",
                label=_("Approval chains"),
                url_name="approvals:chains",
                icon="bi-diagram-3",
                permission=permissions.CHAIN_MANAGE,
                section=navigation.Section.ADMIN,
                order=40,
                active_prefix="approvals:chain",
            )
        )
        workqueue.register(
            workqueue.Queue(
                key="approvals_waiting",
                label=_("Waiting for my approval"),
                permission=permissions.QUEUE_VIEW,
                provider=workqueues.waiting,
                empty_text=_("Nothing waits for your decision."),
                order=1,
            )
        )
        core_reminders.register("approvals", reminders.due)

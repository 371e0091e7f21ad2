"""A decision on an approval step may carry one file (a signed form, a scan), set with the decision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.approvals import kinds, selectors
from intercoop.attachments.registry import Attachable

STEP_FILE = "decision"

ATTACHABLES = [
    Attachable(
        model="approvals.requeststep",
        kinds=[(STEP_FILE, _("Attachment to the decision"))],
        readable=lambda user, pk: selectors.step_for_reading(user=user, pk=pk),
        back=lambda step: kinds.get(step.request.kind).url(step.request.object_id),
    )
]

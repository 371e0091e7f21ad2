"""An application to an exchange call may carry the applicant's documents, uploaded with it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intercoop.attachments.registry import Attachable
from intercoop.mobility.calls import selectors

APPLICATION_FILE = "documents"

ATTACHABLES = [
    Attachable(
        model="mobility.application",
        kinds=[(APPLICATION_FILE, _("Application documents"))],
        readable=lambda user, pk: selectors.application_get_for_user(user=user, pk=pk),
        back=lambda app: reverse("mobility:application", args=[app.pk]),
    )
]

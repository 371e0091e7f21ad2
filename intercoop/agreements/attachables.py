"""Agreements carry files: signed copies, annexes and evidence of implementation, each possibly about
one of the agreement's obligations."""

from __future__ import annotations

from django.urls import reverse

from intercoop.agreements import selectors
from intercoop.agreements.models import DocumentKind
from intercoop.attachments.registry import Attachable

ATTACHABLES = [
    Attachable(
        model="agreements.agreement",
        kinds=DocumentKind.choices,
        readable=lambda user, pk: selectors.agreement_get_for_user(user=user, pk=pk),
        may_change=selectors.may_attach,
        parts=selectors.obligations_of,
        back=lambda agreement: reverse("agreements:detail", args=[agreement.pk]),
    )
]

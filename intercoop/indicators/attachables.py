"""An adjustment of an indicator carries its evidence, set when the adjustment is made."""

from __future__ import annotations

from django.urls import reverse

from intercoop.attachments.registry import EVIDENCE_KINDS, Attachable
from intercoop.indicators import selectors

ATTACHABLES = [
    Attachable(
        model="indicators.adjustment",
        kinds=EVIDENCE_KINDS,
        readable=lambda user, pk: selectors.adjustment_records_for_user(user=user, pk=pk),
        back=lambda adjustment: reverse("indicators:detail", args=[adjustment.indicator]),
    )
]

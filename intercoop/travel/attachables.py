"""Trips carry files: the invitation letter (required before submitting), itinerary, report
attachments, photos, receipts."""

from __future__ import annotations

from django.urls import reverse

from intercoop.attachments.registry import Attachable
from intercoop.travel import selectors
from intercoop.travel.models import TripDocumentKind

ATTACHABLES = [
    Attachable(
        model="travel.trip",
        kinds=TripDocumentKind.choices,
        readable=lambda user, pk: selectors.trip_get_for_user(user=user, pk=pk),
        may_change=selectors.may_attach,
        parts=selectors.budget_of,  # a receipt is about one budget line (the settlement checks each)
        back=lambda trip: reverse("travel:detail", args=[trip.pk]),
    )
]

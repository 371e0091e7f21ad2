"""The partner page's panels contributed by agreements: the partner's agreements and interaction log."""

from __future__ import annotations

from typing import Any

from intercoop.agreements import selectors
from intercoop.agreements.permissions import AGREEMENT_CHANGE, AGREEMENT_VIEW
from intercoop.core.access import access_for


def partner_agreements(partner: Any, request: Any) -> dict[str, Any] | None:
    access = access_for(request.user)
    if not access.can_anywhere(AGREEMENT_VIEW):
        return None
    agreements = selectors.attach_names(
        list(selectors.agreement_list(access=access, institution=partner.institution, partner_id=partner.pk))
    )
    return {
        "agreements": agreements,
        "interactions": selectors.interactions_of(partner=partner, limit=20),
        "health_css": selectors.Health.CSS,
        "health_labels": selectors.Health.LABELS,
        "can_change": access.can_anywhere(AGREEMENT_CHANGE) and not partner.is_archived,
    }

from __future__ import annotations

import itertools
from typing import Any

from intercoop.org.models import Institution
from intercoop.partners import services
from intercoop.partners.models import Partner

_seq = itertools.count(1)


def partner(inst: Institution, name: str | None = None, **fields: Any) -> Partner:
    data = {
        "kind": fields.pop("kind", Partner.Kind.UNIVERSITY),
        "name": name or f"Partner University {next(_seq)}",
        "country": fields.pop("country", "DE"),
        **fields,
    }
    return services.partner_create(institution=inst, data=data, actor=None, confirm_not_duplicate=True)

from __future__ import annotations

import datetime as dt
from typing import Any

from intercoop.agreements import services
from intercoop.agreements.models import Agreement
from intercoop.org.models import OrgUnit
from intercoop.partners.models import Partner


def agreement(
    world: Any,
    *,
    partners: list[Partner] | None = None,
    units: list[OrgUnit] | None = None,
    status: str = Agreement.Status.DRAFT,
    actor: Any = None,
    **data: Any,
) -> Agreement:
    base = {
        "title": data.pop("title", "学生交流协议"),
        "type": data.pop("type", Agreement.Type.STUDENT_EXCHANGE),
    }
    return services.agreement_create(
        institution=world.a,
        data={**base, **data},
        actor=actor,
        status=status,
        partners=partners if partners is not None else [world.partners["malaya"]],
        units=units if units is not None else [world.units["AUTO"]],
    )


def active(world: Any, *, signed: dt.date, valid_to: dt.date | None = None, **kwargs: Any) -> Agreement:
    return agreement(
        world,
        status=Agreement.Status.ACTIVE,
        signed_on=signed,
        valid_from=signed,
        valid_to=valid_to,
        **kwargs,
    )

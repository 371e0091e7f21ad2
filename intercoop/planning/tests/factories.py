"""A plan with a target and an assessment scheme in institution A of the persona world."""

from __future__ import annotations

from typing import Any

from intercoop.planning import services


def add_plans(w: Any) -> Any:
    plan = services.plan_save(
        institution=w.a,
        data={
            "kind": "development",
            "title": "Plan A",
            "first_year": 2025,
            "last_year": 2028,
            "status": "adopted",
        },
        actor=None,
    )
    w.stays["plan"] = plan
    w.stays["target"] = services.target_save(
        plan=plan,
        data={"indicator": "awards_abroad", "year": 2026, "org_unit": w.units["IT"], "value": 2},
        actor=None,
    )
    w.stays["scheme"] = services.scheme_save(
        institution=w.a,
        year=2026,
        data={"method": "best"},
        items=[services.ItemSpec("awards_abroad", 100)],
        actor=None,
    )
    return w

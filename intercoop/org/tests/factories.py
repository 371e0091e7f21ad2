"""Test data for the org app, made through the services so that paths and audit entries are real."""

from __future__ import annotations

import itertools
from typing import Any

from intercoop.core.identifiers import china_resident_id_check_char
from intercoop.org import services
from intercoop.org.models import Institution, OrgUnit, Person

# Starts past the codes of the shared persona world (4159900001, 4159900002), which every test database holds.
_seq = itertools.count(100)


def institution(code: str | None = None, **fields: Any) -> Institution:
    n = next(_seq)
    data = {"code": code or f"41599{n:05d}", "name": fields.pop("name", f"测试学院{n}"), **fields}
    return services.institution_create(data=data, actor=None)


def unit(
    inst: Institution, code: str | None = None, *, parent: OrgUnit | None = None, **fields: Any
) -> OrgUnit:
    n = next(_seq)
    data = {
        "code": code or f"U{n}",
        "kind": fields.pop(
            "kind", OrgUnit.Kind.SECONDARY_COLLEGE if parent is None else OrgUnit.Kind.DEPARTMENT
        ),
        "name": fields.pop("name", f"单位{n}"),
        "parent": parent,
        **fields,
    }
    return services.unit_create(institution=inst, data=data, actor=None)


def resident_id(seq: int = 123) -> str:
    first17 = f"50010319900101{seq:03d}"
    return first17 + china_resident_id_check_char(first17)


def person(inst: Institution, org_unit: OrgUnit | None = None, **fields: Any) -> Person:
    n = next(_seq)
    data = {
        "kind": fields.pop("kind", Person.Kind.TEACHER),
        "org_unit": org_unit,
        "name": fields.pop("name", f"人员{n}"),
        "nationality": fields.pop("nationality", "CN"),
        **fields,
    }
    return services.person_create(institution=inst, data=data, actor=None)

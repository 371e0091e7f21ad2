"""The fixed personas every access test uses (DESIGN §5): two institutions and one user per role.

Institution A has colleges AUTO (with department AUTO-NEV) and IT, and an international office;
institution B has one college. Every persona logs in with the password ``pw``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from intercoop.accounts import services as accounts
from intercoop.accounts.models import User
from intercoop.core.roles import Role
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.org.tests import factories
from intercoop.partners import services as partner_services
from intercoop.partners.models import Partner

PASSWORD = "pw"
# Every persona of the world, in the order the access matrices list them.
PERSONAS = [
    "admin",
    "office",
    "liaison_a",
    "liaison_b",
    "teacher",
    "student",
    "mentor",
    "leader",
    "finance",
    "supervisor",
    "other_office",
    "norole",
]


def language_client(language: str = "en") -> Client:
    """A browser-like client whose interface language is ``language`` (the app's default is Chinese)."""
    client = Client()
    client.cookies["django_language"] = language
    return client


@dataclass
class World:
    a: Institution
    b: Institution
    units: dict[str, OrgUnit] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    agreements: dict[str, Any] = field(default_factory=dict)
    trips: dict[str, Any] = field(default_factory=dict)
    mobilities: dict[str, Any] = field(default_factory=dict)
    stays: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return User.objects.get(pk=self.users[name].pk)  # fresh, without cached access

    def a_units(self) -> list[OrgUnit]:
        return list(OrgUnit.objects.filter(institution=self.a))

    def a_users(self) -> list[User]:
        return list(User.objects.filter(institution=self.a))


_DICTS = ("units", "partners", "agreements", "trips", "mobilities", "stays", "files", "people", "users")


@dataclass(frozen=True)
class WorldKeys:
    """Where the committed world's rows are: the model and primary key of every entry of ``World``."""

    a: int
    b: int
    entries: dict[str, dict[str, tuple[type[Any], int]]]

    @classmethod
    def of(cls, world: World) -> WorldKeys:
        return cls(
            a=world.a.pk,
            b=world.b.pk,
            entries={
                name: {key: (type(obj), obj.pk) for key, obj in getattr(world, name).items()}
                for name in _DICTS
            },
        )


def load_world(keys: WorldKeys) -> World | None:
    """The world at these keys, read afresh (one query per model); None when its rows are gone."""
    institutions = Institution.objects.in_bulk([keys.a, keys.b])
    if len(institutions) != 2:
        return None
    wanted: dict[type[Any], set[int]] = {}
    for entries in keys.entries.values():
        for model, pk in entries.values():
            wanted.setdefault(model, set()).add(pk)
    rows = {model: model.objects.in_bulk(pks) for model, pks in wanted.items()}
    world = World(a=institutions[keys.a], b=institutions[keys.b])
    for name, entries in keys.entries.items():
        target = getattr(world, name)
        for key, (model, pk) in entries.items():
            if pk not in rows[model]:
                return None
            target[key] = rows[model][pk]
    return world


def _counted_models() -> list[type[Any]]:
    from django.apps import apps
    from django.db import models

    def keyed(m: type[Any]) -> bool:  # by a counter, or by a one-to-one link to a row keyed so
        pk = m._meta.pk
        return isinstance(pk, models.AutoField | models.BigAutoField) or (
            isinstance(pk, models.OneToOneField) and keyed(pk.related_model)
        )

    return [m for m in apps.get_models(include_auto_created=True) if keyed(m) and not m._meta.proxy]


def _added(model: type[Any]) -> Any:
    """The rows of ``model`` added since ``mark_rows`` (a row keyed by its link: since its target was)."""
    from django.db import models

    pk = model._meta.pk
    base = pk.related_model if isinstance(pk, models.OneToOneField) else model
    return model._base_manager.filter(pk__gt=BEFORE_WORLD.get(base, 0))


# The highest primary key of every table before the world was built (set once per test database).
BEFORE_WORLD: dict[type[Any], int] = {}


def mark_rows() -> None:
    """Note the highest primary key of every table now (before the world is built)."""
    from django.db.models import Max

    BEFORE_WORLD.update({m: m._base_manager.aggregate(top=Max("pk"))["top"] or 0 for m in _counted_models()})


def remove_world() -> None:
    """Delete every row added since ``mark_rows`` (one DELETE per table), in one transaction: foreign keys
    are checked when it commits, or never if it is rolled back."""
    from django.db import transaction

    with transaction.atomic():
        for model in _counted_models():
            qs = _added(model)
            qs._raw_delete(qs.db)


Snapshot = dict[type[Any], tuple[list[str], list[tuple[Any, ...]]]]


def take_snapshot() -> Snapshot:
    """Every row added since ``mark_rows``, as plain values (the world, or the demo in browser tests)."""
    snapshot: Snapshot = {}
    for model in _counted_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = list(_added(model).values_list(*fields))
        if rows:
            snapshot[model] = (fields, rows)
    return snapshot


def restore_snapshot(snapshot: Snapshot) -> None:
    """Put the database back as it was when ``snapshot`` was taken, committed: every row added since
    ``mark_rows`` is deleted and the snapshot's rows are inserted with their own keys, in one transaction
    (foreign keys are checked when it commits). About a second for the demo, against ten to seed it."""
    from django.db import transaction

    with transaction.atomic():
        remove_world()
        for model, (fields, rows) in snapshot.items():
            model._base_manager.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=500
            )


def _user(
    world: World,
    name: str,
    inst: Institution | None,
    grants: list[tuple[str, OrgUnit | None, Institution]],
    person: Person | None = None,
) -> User:
    user = accounts.user_create(
        institution=inst,
        data={"username": name, "person": person},
        password=PASSWORD,
        actor=None,
        check_password=False,
    )
    for role, unit, grant_inst in grants:
        accounts.membership_grant(user=user, role=role, institution=grant_inst, org_unit=unit, actor=None)
    world.users[name] = user
    return user


def build_world() -> World:
    a = factories.institution("4159900001", name="甲学院", name_en="College A")
    b = factories.institution("4159900002", name="乙学院", name_en="College B")
    w = World(a=a, b=b)
    u = w.units
    u["IO"] = factories.unit(
        a, "IO", kind=OrgUnit.Kind.SCHOOL_OFFICE, function="international", name="国际处"
    )
    u["AUTO"] = factories.unit(a, "AUTO", name="汽车学院", name_en="Automotive")
    u["AUTO-NEV"] = factories.unit(a, "AUTO-NEV", parent=u["AUTO"], name="新能源教研室")
    u["IT"] = factories.unit(a, "IT", name="信息学院", name_en="IT")
    u["B-IO"] = factories.unit(b, "IO", kind=OrgUnit.Kind.SCHOOL_OFFICE, name="乙国际处")
    u["B-CIV"] = factories.unit(b, "CIV", name="建筑学院")
    p = w.people
    p["teacher"] = factories.person(
        a,
        u["AUTO-NEV"],
        name="李明",
        name_en="Li Ming",
        number="T1",
        passport_number="E12345678",
        id_number=factories.resident_id(1),
    )
    p["student"] = factories.person(
        a, u["AUTO"], kind=Person.Kind.STUDENT, name="张悦", number="S1", passport_number="E22222222"
    )
    p["it_teacher"] = factories.person(a, u["IT"], name="王芳", number="T2", passport_number="E33333333")
    p["mentor"] = factories.person(
        a,
        u["AUTO"],
        kind=Person.Kind.EXTERNAL,
        external_role="enterprise_mentor",
        name="陈刚",
        organisation="长安汽车",
    )
    p["office"] = factories.person(a, u["IO"], kind=Person.Kind.STAFF, name="谭敏", number="S9")
    p["b_person"] = factories.person(b, u["B-CIV"], name="黄磊", number="B1", passport_number="E44444444")
    _user(w, "admin", a, [(Role.SYSTEM_ADMIN, None, a)])
    _user(w, "office", a, [(Role.OFFICE_STAFF, u["IO"], a)], p["office"])
    _user(w, "liaison_a", a, [(Role.COLLEGE_LIAISON, u["AUTO"], a)])
    _user(w, "liaison_b", a, [(Role.COLLEGE_LIAISON, u["IT"], a)])
    _user(w, "teacher", a, [(Role.TEACHER, u["AUTO-NEV"], a)], p["teacher"])
    _user(w, "student", a, [(Role.STUDENT, u["AUTO"], a)], p["student"])
    _user(w, "mentor", a, [(Role.ENTERPRISE_MENTOR, u["AUTO"], a)], p["mentor"])
    _user(w, "leader", a, [(Role.LEADERSHIP_VIEWER, None, a), (Role.APPROVER, None, a)])
    _user(w, "finance", a, [(Role.FINANCE_OFFICER, None, a)])
    _user(w, "supervisor", None, [(Role.SUPERVISOR, None, a), (Role.SUPERVISOR, None, b)])
    _user(w, "other_office", b, [(Role.OFFICE_STAFF, u["B-IO"], b), (Role.SYSTEM_ADMIN, None, b)])
    _user(w, "norole", a, [])
    w.partners["malaya"] = partner_services.partner_create(
        institution=a,
        actor=None,
        data={
            "kind": "university",
            "name": "Universiti Malaya",
            "name_zh": "马来亚大学",
            "country": "MY",
            "belt_and_road": True,
        },
    )
    w.partners["changan"] = partner_services.partner_create(
        institution=a,
        actor=None,
        data={
            "kind": "enterprise",
            "name": "重庆长安汽车股份有限公司",
            "name_en": "Changan Automobile",
            "country": "CN",
            "credit_code": "91350100M000100Y43",
        },
    )
    w.partners["b_partner"] = partner_services.partner_create(
        institution=b,
        actor=None,
        data={"kind": "university", "name": "Chiang Mai University", "country": "TH"},
    )
    from intercoop.agreements import services as agreement_services

    for key, confidential in (("open", False), ("secret", True)):
        w.agreements[key] = agreement_services.agreement_create(
            institution=a,
            actor=None,
            partners=[w.partners["malaya"]],
            units=[u["AUTO"]],
            data={"title": f"{key} agreement", "type": "student_exchange", "confidential": confidential},
        )
    import datetime as dt

    from intercoop.travel.tests import factories as travel_factories

    departure = dt.date.today() + dt.timedelta(days=70)
    w.trips["auto"] = travel_factories.trip(w, departure=departure, invitation=False)
    w.trips["it"] = travel_factories.trip(
        w,
        departure=departure,
        invitation=False,
        org_unit=u["IT"],
        applicant=p["it_teacher"],
        members=[p["it_teacher"]],
        title="IT trip",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intercoop.attachments import services as attachment_services

    pdf = b"%PDF-1.4\n%%EOF\n"
    w.files["secret"] = attachment_services.attach(
        owner=w.agreements["secret"],
        upload=SimpleUploadedFile("secret-signed.pdf", pdf),
        kind="signed_copy",
        actor=None,
    )
    w.files["it_trip"] = attachment_services.attach(
        owner=w.trips["it"], upload=SimpleUploadedFile("it-itinerary.pdf", pdf), kind="itinerary", actor=None
    )
    from intercoop.mobility.records import services as mobility_services

    w.mobilities["student"] = mobility_services.mobility_create(
        institution=a,
        actor=None,
        data={
            "direction": "out",
            "type": "study",
            "person": p["student"],
            "participant_kind": "student",
            "org_unit": u["AUTO"],
            "host_partner": w.partners["malaya"],
            "country": "MY",
            "planned_start": dt.date(2025, 9, 1),
            "planned_end": dt.date(2026, 1, 31),
            "start_date": dt.date(2025, 9, 1),
            "end_date": dt.date(2026, 1, 31),
            "agreement": w.agreements["open"],
        },
    )
    w.mobilities["it"] = mobility_services.mobility_create(
        institution=a,
        actor=None,
        data={
            "direction": "in",
            "type": "teaching",
            "participant_label": "Visiting lecturer",
            "participant_kind": "teacher",
            "org_unit": u["IT"],
            "home_partner": w.partners["malaya"],
            "country": "MY",
            "planned_start": dt.date(2026, 3, 1),
            "planned_end": dt.date(2026, 3, 14),
        },
    )
    return w

"""Build the demo world through the services (so it has an audit trail like real data)."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from intercoop.accounts import services as account_services
from intercoop.accounts.models import ApiToken, LoginAttempt, Membership, User
from intercoop.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementUnit,
    Condition,
    Interaction,
    Obligation,
)
from intercoop.approvals import models as approval_models
from intercoop.attachments.models import Attachment
from intercoop.core import reminders
from intercoop.core.identifiers import china_resident_id_check_char
from intercoop.core.models import (
    AuditEntry,
    CalendarDay,
    CalendarFeed,
    CalendarYear,
    Notification,
    ReminderLog,
)
from intercoop.core.roles import Role
from intercoop.demo import cooperation, data, influence, mobility, planning, travel
from intercoop.imports.models import ImportBatch
from intercoop.indicators import models as indicator_models
from intercoop.influence import models as influence_models
from intercoop.mobility import models as mobility_models
from intercoop.org import services as org_services
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners import reference
from intercoop.partners.models import Partner, PartnerContact, ReferenceInstitution
from intercoop.planning import models as planning_models
from intercoop.travel import models as travel_models


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    roles: str
    institution: str


def ascii_local(name: str) -> str:
    """An e-mail local part from a name as written (``Nguyễn Văn An`` → ``nguyen.van.an``)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part for part in re.split(r"[^a-z0-9]+", plain.lower()) if part)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "demo")


def is_present() -> bool:
    return Institution.objects.filter(code=data.MAIN_CODE).exists()


@transaction.atomic
def purge() -> None:
    """Remove the demo institutions, their rows and the demo logins (demo databases only)."""
    institutions = list(Institution.objects.filter(code__in=data.DEMO_CODES))
    ids = [i.pk for i in institutions]
    usernames = [u[0] for u in data.USERS]
    users = User.objects.filter(institution_id__in=ids) | User.objects.filter(username__in=usernames)
    user_ids = list(users.values_list("pk", flat=True))
    # Cooperation records first (they point at partners, people and users), self-references cleared.
    ImportBatch.objects.filter(institution_id__in=ids).delete()
    for reporting_model in REPORTING_MODELS:
        reporting_model.objects.filter(institution_id__in=ids).delete()
    for tenant_model in (*TRAVEL_MODELS, *APPROVAL_MODELS):
        tenant_model.objects.filter(institution_id__in=ids).delete()
    Attachment.objects.filter(institution_id__in=ids).delete()
    for model in (Obligation, Condition, Interaction, AgreementParty, AgreementUnit):
        model.objects.filter(institution_id__in=ids).delete()
    Agreement.objects.filter(institution_id__in=ids).update(framework=None, predecessor=None)
    Agreement.objects.filter(institution_id__in=ids).delete()
    PartnerContact.objects.filter(institution_id__in=ids).delete()
    Partner.objects.filter(institution_id__in=ids).update(merged_into=None)
    Partner.objects.filter(institution_id__in=ids).delete()
    ReminderLog.objects.filter(institution_id__in=ids).delete()
    Notification.objects.filter(user_id__in=user_ids).delete()
    Notification.objects.filter(institution_id__in=ids).delete()
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
    CalendarDay.objects.filter(institution_id__in=ids).delete()
    CalendarYear.objects.filter(institution_id__in=ids).delete()
    AuditEntry.objects.filter(institution_id__in=ids).delete()
    AuditEntry.objects.filter(actor_id__in=user_ids).delete()
    LoginAttempt.objects.filter(username__in=usernames).delete()
    ApiToken.objects.filter(user_id__in=user_ids).delete()
    Membership.objects.filter(user_id__in=user_ids).delete()
    Membership.objects.filter(institution_id__in=ids).delete()
    User.objects.filter(pk__in=user_ids).delete()
    Person.objects.filter(institution_id__in=ids).delete()
    for unit in OrgUnit.objects.filter(institution_id__in=ids).order_by("-depth"):
        unit.delete()
    Institution.objects.filter(pk__in=ids).delete()


REPORTING_MODELS = (
    planning_models.SchemeItem,
    planning_models.Scheme,
    planning_models.Target,
    planning_models.Plan,
    indicator_models.Report,
    indicator_models.Adjustment,
    influence_models.OrganisationPost,
    influence_models.AdoptedStandard,
    influence_models.OverseasSite,
)
TRAVEL_MODELS = (
    mobility_models.Application,
    mobility_models.CallPlace,
    mobility_models.ExchangeCall,
    mobility_models.TrainingParticipant,
    mobility_models.TrainingEvent,
    mobility_models.Competition,
    mobility_models.Mobility,
    mobility_models.InternationalStudent,
    mobility_models.ForeignExpert,
    travel_models.ReportLink,
    travel_models.TripReport,
    travel_models.Settlement,
    travel_models.PassportLoan,
    travel_models.Objection,
    travel_models.BudgetLine,
    travel_models.TripDestination,
    travel_models.TripMember,
    travel_models.Trip,
    travel_models.PlannedTrip,
    travel_models.AnnualPlan,
)
APPROVAL_MODELS = (
    approval_models.RequestStep,
    approval_models.ApprovalRequest,
    approval_models.ChainStep,
    approval_models.ApprovalChain,
    approval_models.Delegation,
)


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(20261123)  # the same demo every time
        self.units: dict[tuple[str, str], OrgUnit] = {}
        self.people: dict[str, Person] = {}
        self.numbers: set[str] = set()

    # -- helpers --------------------------------------------------------------------------------------------
    def _chinese_name(self) -> tuple[str, str]:
        surname = self.rng.choice(data.SURNAMES)
        given = self.rng.choice(data.GIVEN)
        return surname[0] + given[0], f"{surname[1]} {given[1]}"

    def _resident_id(self, birth: dt.date, female: bool) -> str:
        area = self.rng.choice(["500103", "500106", "500112", "500108", "500113"])
        seq = self.rng.randint(10, 99) * 10 + (
            self.rng.choice([0, 2, 4, 6, 8]) if female else self.rng.choice([1, 3, 5, 7, 9])
        )
        first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
        return first17 + china_resident_id_check_char(first17)

    def _number(self, prefix: str) -> str:
        while True:
            number = f"{prefix}{self.rng.randint(100000, 999999)}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def _person(self, institution: Institution, **fields: Any) -> Person:
        return org_services.person_create(institution=institution, data=fields, actor=None)

    def _chinese_person(
        self,
        institution: Institution,
        *,
        kind: str,
        unit: OrgUnit,
        age: tuple[int, int],
        number_prefix: str,
        position: tuple[str, str] = ("", ""),
        zh: str = "",
        en: str = "",
        number: str = "",
    ) -> Person:
        if not zh:
            zh, en = self._chinese_name()
        female = self.rng.random() < 0.5
        birth = dt.date(2026 - self.rng.randint(*age), self.rng.randint(1, 12), self.rng.randint(1, 28))
        has_passport = kind != "student" and self.rng.random() < 0.6
        return self._person(
            institution,
            kind=kind,
            org_unit=unit,
            number=number or self._number(number_prefix),
            name=zh,
            name_zh=zh,
            name_en=en,
            gender="F" if female else "M",
            nationality="CN",
            position=position[0],
            email=f"{ascii_local(en)}.{self.rng.randint(10, 99)}@example.edu.cn",
            phone=f"1{self.rng.choice([35, 38, 39, 58, 87])}{self.rng.randint(10000000, 99999999)}",
            passport_number=f"E{self.rng.randint(10000000, 99999999)}" if has_passport else "",
            id_number=self._resident_id(birth, female),
            birth_date=birth,
        )

    # -- the world -------------------------------------------------------------------------------------------
    def institution(self, code: str) -> Institution:
        return org_services.institution_create(data={"code": code, **data.INSTITUTIONS[code]}, actor=None)

    def units_for(self, institution: Institution) -> None:
        if institution.code == data.MAIN_CODE:
            for unit in org_services.units_create_standard(institution=institution, actor=None):
                self.units[(institution.code, unit.code)] = unit
        for order, (code, parent, kind, function, zh, en) in enumerate(
            data.UNITS[institution.code], start=10
        ):
            unit = org_services.unit_create(
                institution=institution,
                data={
                    "parent": self.units[(institution.code, parent)] if parent else None,
                    "kind": kind,
                    "function": function,
                    "code": code,
                    "name": zh,
                    "name_zh": zh,
                    "name_en": en,
                    "sort_order": order * 10,
                },
                actor=None,
            )
            self.units[(institution.code, code)] = unit

    def people_for(self, institution: Institution) -> None:
        code = institution.code
        prefix = "T" if code == data.MAIN_CODE else "BT"
        for key, (kind, unit_code, zh, en, pos_zh, pos_en, number) in data.NAMED_PEOPLE.items():
            if (code, unit_code) not in self.units or (key == "other_office") != (code == data.OTHER_CODE):
                continue
            self.people[key] = self._chinese_person(
                institution,
                kind=kind,
                unit=self.units[(code, unit_code)],
                age=(22, 55) if kind != "student" else (18, 21),
                number_prefix=prefix,
                position=(pos_zh, pos_en),
                zh=zh,
                en=en,
                number=number,
            )
        for (inst_code, unit_code), unit in list(self.units.items()):
            if inst_code != code:
                continue
            if unit.kind in ("school_office", "leadership"):
                for _ in range(2):
                    self._chinese_person(
                        institution, kind="staff", unit=unit, age=(26, 58), number_prefix="S"
                    )
            elif unit.kind in ("secondary_college", "department") and unit_code != "INTL":
                teachers = 4 if unit.kind == "department" else 3
                for _ in range(teachers):
                    self._chinese_person(
                        institution,
                        kind="teacher",
                        unit=unit,
                        age=(26, 60),
                        number_prefix=prefix,
                        position=self.rng.choice(data.POSITIONS_TEACHER),
                    )
                for _ in range(6 if unit.kind == "department" else 4):
                    self._chinese_person(
                        institution, kind="student", unit=unit, age=(18, 21), number_prefix="2024"
                    )
        if code != data.MAIN_CODE:
            return
        intl = self.units[(code, "INTL")]
        for written, zh, nationality in data.INTERNATIONAL_STUDENTS:
            self._person(
                institution,
                kind="student",
                org_unit=intl,
                number=self._number("LX"),
                name=written,
                name_zh=zh,
                name_en=written,
                nationality=nationality,
                passport_number=f"{nationality}{self.rng.randint(1000000, 9999999)}",
                email=f"{ascii_local(written)}@students.example.edu.cn",
            )
        for written, zh, nationality, organisation, position in data.FOREIGN_EXPERTS:
            self._person(
                institution,
                kind="external",
                external_role="foreign_expert",
                org_unit=intl,
                name=written,
                name_zh=zh,
                name_en=written,
                nationality=nationality,
                organisation=organisation,
                position=position,
                passport_number=f"{nationality}{self.rng.randint(1000000, 9999999)}",
            )
        for zh, en, organisation, position, unit_code in data.ENTERPRISE_MENTORS:
            person = self._person(
                institution,
                kind="external",
                external_role="enterprise_mentor",
                org_unit=self.units[(code, unit_code)],
                name=zh,
                name_zh=zh,
                name_en=en,
                nationality="CN",
                organisation=organisation,
                position=position,
                phone=f"139{self.rng.randint(10000000, 99999999)}",
            )
            if en == "Chen Gang":
                self.people["mentor"] = person

    def users(self) -> None:
        password = demo_password()
        for username, zh, _en, grants, person_key, inst_code in data.USERS:
            institution = Institution.objects.get(code=inst_code) if inst_code else None
            user = account_services.user_create(
                institution=institution,
                data={
                    "username": username,
                    "display_name": zh,
                    "email": f"{username}@example.edu.cn",
                    "person": self.people.get(person_key) if person_key else None,
                },
                password=password,
                actor=None,
                check_password=False,
            )
            for role, unit_code, grant_inst in grants:
                grant_institution = Institution.objects.get(code=grant_inst)
                account_services.membership_grant(
                    user=user,
                    role=role,
                    institution=grant_institution,
                    org_unit=self.units[(grant_inst, unit_code)] if unit_code else None,
                    actor=None,
                )

    def history(self) -> None:
        """A few ordinary edits by the office, so record pages show a history."""
        office = User.objects.get(username="office")
        teacher = self.people["teacher"]
        org_services.person_update(
            person=teacher, data={"position": "教授", "passport_number": "E87654321"}, actor=office
        )
        org_services.person_update(
            person=self.people["student"], data={"email": "zhang.yue@students.example.edu.cn"}, actor=office
        )


def logins() -> list[Login]:
    role_labels = dict(Role.choices)
    result = []
    for username, _zh, _en, grants, _person, _inst in data.USERS:
        roles = list(dict.fromkeys(str(role_labels[r]) for r, _u, _i in grants))
        places = list(dict.fromkeys(data.INSTITUTIONS[i]["name_en"] for _r, _u, i in grants))
        result.append(
            Login(
                username=username,
                password=demo_password(),
                roles=", ".join(roles),
                institution="; ".join(places),
            )
        )
    return result


@transaction.atomic
def build(*, reference_lists: bool = True) -> list[Login]:
    """Seed the demo. ``reference_lists=False`` leaves out the public lists of institutions (19,000 rows
    that only the partner pickers read; browser tests that do not pick skip them)."""
    builder = Builder()
    institutions = {}
    for code in data.DEMO_CODES:
        institution = builder.institution(code)
        builder.units_for(institution)
        builder.people_for(institution)
        institutions[code] = institution
    builder.users()
    builder.history()
    if reference_lists and not ReferenceInstitution.objects.exists():
        reference.load()
    cooperation.build(
        main=institutions[data.MAIN_CODE],
        other=institutions[data.OTHER_CODE],
        units=builder.units,
        people=builder.people,
    )
    travel.build(main=institutions[data.MAIN_CODE], units=builder.units, people=builder.people)
    mobility.build(main=institutions[data.MAIN_CODE], units=builder.units, people=builder.people)
    influence.build(main=institutions[data.MAIN_CODE], units=builder.units)
    planning.build(main=institutions[data.MAIN_CODE], units=builder.units)
    # Today's reminders waiting in the notification centres, as after the first daily send_reminders
    # (nothing is mailed while seeding).
    for reminder in reminders.due(timezone.localdate()):
        reminders.notify(reminder)
    return logins()

"""Every persona against every page and API endpoint (grows with each capability).

200 where the persona may see the thing, 404 where it is missing or not theirs (never 403, so that
existence does not leak). Rows name the allowed personas; everyone else must get 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intercoop.agreements.models import Agreement
from intercoop.agreements.tests import factories as agreement_factories
from intercoop.attachments.models import Attachment
from intercoop.core.models import RecordChange
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.influence.tests import factories as influence_factories
from intercoop.mobility.events import services as events
from intercoop.mobility.models import (
    Application,
    Competition,
    ExchangeCall,
    ForeignExpert,
    InternationalStudent,
    Mobility,
    TrainingEvent,
)
from intercoop.mobility.records import services as mobility_services
from intercoop.mobility.stays import services as stay_services
from intercoop.mobility.tests.factories import add_stays
from intercoop.org.models import Person
from intercoop.org.tests import factories
from intercoop.partners.models import Partner
from intercoop.partners.tests import factories as partner_factories
from intercoop.planning.models import Plan
from intercoop.planning.tests.factories import add_plans
from intercoop.travel import services as travel_services
from intercoop.travel.models import Trip
from intercoop.travel.tests import factories as travel_factories
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The persona world with mobility's registers and one entry of each influence register."""
    return add_plans(influence_factories.add_influence(add_stays(world)))


EVERYONE = set(PERSONAS)
MEMBERS_A = {"admin", "office", "liaison_a", "liaison_b", "teacher", "student", "mentor", "leader", "finance"}
LISTERS = {"admin", "office", "liaison_a", "liaison_b", "leader", "finance", "other_office"}
PARTNER_READERS = {"admin", "office", "liaison_a", "liaison_b", "teacher", "leader", "finance"}
PARTNER_EDITORS = {"admin", "office", "liaison_a", "liaison_b"}
AGREEMENT_READERS = {"admin", "office", "liaison_a", "liaison_b", "teacher", "leader", "finance"}
TRIP_READERS = {"admin", "office", "liaison_a", "liaison_b", "teacher", "leader", "finance"}
MOBILITY_READERS = {
    "admin",
    "office",
    "liaison_a",
    "liaison_b",
    "teacher",
    "student",
    "leader",
    "other_office",
}
MOBILITY_FIGURES = {"admin", "office", "liaison_a", "liaison_b", "leader", "other_office"}
INFLUENCE_READERS = {"admin", "office", "liaison_a", "liaison_b", "teacher", "leader", "other_office"}
INFLUENCE_EDITORS = {"office", "liaison_a", "liaison_b", "other_office"}
INDICATOR_READERS = {"admin", "office", "liaison_a", "liaison_b", "leader", "other_office"}
INSTITUTION_WIDE = {"admin", "office", "leader", "other_office"}
TRIP_MANAGERS = {"admin", "office", "other_office"}  # travel.trip.manage
PLAN_READERS = {"admin", "office", "liaison_a", "liaison_b", "leader"}
APPROVERS = {"admin", "office", "liaison_a", "liaison_b", "leader", "finance", "other_office"}

Url = Callable[[World], str]

# (label, url builder, personas answered 200; every other persona must get 404)
PAGES: list[tuple[str, Url, set[str]]] = [
    ("home", lambda w: "/", EVERYONE),
    ("people list", lambda w: "/org/people/", LISTERS),
    ("unit tree", lambda w: "/org/units/", MEMBERS_A | {"other_office"}),
    ("audit log", lambda w: "/audit/", {"admin", "other_office"}),
    ("holiday calendar", lambda w: "/calendar/?year=2027", {"admin", "office", "other_office"}),
    ("notifications", lambda w: "/notifications/", EVERYONE),
    ("search", lambda w: "/search/?q=Malaya", EVERYONE),
    ("help", lambda w: "/help/travel/", EVERYONE),
    ("users", lambda w: "/accounts/users/", {"admin", "other_office"}),
    (
        "new person",
        lambda w: "/org/people/new/",
        {"admin", "office", "liaison_a", "liaison_b", "other_office"},
    ),
    ("new unit", lambda w: "/org/units/new/", {"admin", "other_office"}),
    ("new user", lambda w: "/accounts/users/new/", {"admin", "other_office"}),
    ("change password", lambda w: "/accounts/password/", EVERYONE),
    (
        "person of A",
        lambda w: f"/org/people/{w.people['teacher'].pk}/",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    (
        "edit person of A",
        lambda w: f"/org/people/{w.people['teacher'].pk}/edit/",
        {"admin", "office", "liaison_a"},
    ),
    (
        "IT teacher of A",
        lambda w: f"/org/people/{w.people['it_teacher'].pk}/",
        {"admin", "office", "liaison_b", "leader", "finance"},
    ),
    ("unit of A", lambda w: f"/org/units/{w.units['AUTO'].pk}/", MEMBERS_A),
    ("edit unit of A", lambda w: f"/org/units/{w.units['AUTO'].pk}/edit/", {"admin"}),
    ("user of A", lambda w: f"/accounts/users/{w.users['office'].pk}/", {"admin"}),
    ("edit user of A", lambda w: f"/accounts/users/{w.users['office'].pk}/edit/", {"admin"}),
    ("person of B", lambda w: f"/org/people/{w.people['b_person'].pk}/", {"other_office"}),
    ("missing person", lambda w: "/org/people/999999/", set()),
    ("api me", lambda w: "/api/v1/me", EVERYONE),
    ("api people", lambda w: "/api/v1/people", EVERYONE),
    ("api units", lambda w: "/api/v1/org/units", EVERYONE),
    ("api figures", lambda w: "/api/v1/org/figures", EVERYONE),
    ("api institution", lambda w: "/api/v1/org/institution", EVERYONE - {"supervisor"}),
    (
        "api person of A",
        lambda w: f"/api/v1/people/{w.people['teacher'].pk}",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    (
        "api history of A",
        lambda w: f"/api/v1/people/{w.people['teacher'].pk}/history",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    ("api unit of A", lambda w: f"/api/v1/org/units/{w.units['AUTO'].pk}", MEMBERS_A),
    ("partners", lambda w: "/partners/", PARTNER_READERS | {"other_office"}),
    ("partners export", lambda w: "/partners/?format=xlsx", PARTNER_READERS | {"other_office"}),
    ("partner of A", lambda w: f"/partners/{w.partners['malaya'].pk}/", PARTNER_READERS),
    ("edit partner of A", lambda w: f"/partners/{w.partners['malaya'].pk}/edit/", PARTNER_EDITORS),
    ("new contact of A", lambda w: f"/partners/{w.partners['malaya'].pk}/contacts/new/", PARTNER_EDITORS),
    ("partner of B", lambda w: f"/partners/{w.partners['b_partner'].pk}/", {"other_office"}),
    ("new partner", lambda w: "/partners/new/", PARTNER_EDITORS | {"other_office"}),
    ("reference search", lambda w: "/partners/reference/?q=stutt", PARTNER_EDITORS | {"other_office"}),
    ("partner import", lambda w: "/imports/partners/", {"admin", "office", "other_office"}),
    ("partner template", lambda w: "/imports/partners/template.xlsx", {"admin", "office", "other_office"}),
    ("api partners", lambda w: "/api/v1/partners", EVERYONE),
    ("api partner of A", lambda w: f"/api/v1/partners/{w.partners['malaya'].pk}", PARTNER_READERS),
    (
        "api contacts of A",
        lambda w: f"/api/v1/partners/{w.partners['malaya'].pk}/contacts",
        PARTNER_READERS,
    ),
    (
        "api partner history",
        lambda w: f"/api/v1/partners/{w.partners['malaya'].pk}/history",
        PARTNER_READERS,
    ),
    ("api reference", lambda w: "/api/v1/partners/reference?q=stutt", PARTNER_EDITORS | {"other_office"}),
    ("agreements", lambda w: "/agreements/", AGREEMENT_READERS | {"other_office"}),
    ("agreements export", lambda w: "/agreements/?format=xlsx", AGREEMENT_READERS | {"other_office"}),
    ("dormant report", lambda w: "/agreements/dormant/", AGREEMENT_READERS | {"other_office"}),
    ("new agreement", lambda w: "/agreements/new/", PARTNER_EDITORS | {"other_office"}),
    ("open agreement of A", lambda w: f"/agreements/{w.agreements['open'].pk}/", AGREEMENT_READERS),
    (
        "confidential agreement of A",
        lambda w: f"/agreements/{w.agreements['secret'].pk}/",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    (
        "edit confidential agreement",
        lambda w: f"/agreements/{w.agreements['secret'].pk}/edit/",
        {"admin", "office", "liaison_a"},
    ),
    (
        "new obligation",
        lambda w: f"/agreements/{w.agreements['secret'].pk}/obligations/new/",
        {"admin", "office", "liaison_a"},
    ),
    (
        "interaction form",
        lambda w: f"/agreements/interactions/new/{w.partners['malaya'].pk}/",
        PARTNER_EDITORS,
    ),
    ("agreement import", lambda w: "/imports/agreements/", {"admin", "office", "other_office"}),
    ("past trips import", lambda w: "/imports/past_trips/", TRIP_MANAGERS),
    ("past trips template", lambda w: "/imports/past_trips/template.xlsx", TRIP_MANAGERS),
    ("record a past trip", lambda w: "/travel/past/new/", TRIP_MANAGERS),
    ("institution settings", lambda w: "/org/settings/", {"admin", "office", "other_office"}),
    ("api institution settings", lambda w: "/api/v1/org/settings", {"admin", "office", "other_office"}),
    ("api agreements", lambda w: "/api/v1/agreements", EVERYONE),
    ("api open agreement", lambda w: f"/api/v1/agreements/{w.agreements['open'].pk}", AGREEMENT_READERS),
    (
        "api confidential agreement",
        lambda w: f"/api/v1/agreements/{w.agreements['secret'].pk}",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    (
        "api obligations",
        lambda w: f"/api/v1/agreements/{w.agreements['secret'].pk}/obligations",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    (
        "api documents",
        lambda w: f"/api/v1/agreements/{w.agreements['secret'].pk}/documents",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    (
        "file of the confidential agreement",
        lambda w: f"/files/{w.files['secret'].pk}/",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    (
        "api file of the confidential agreement",
        lambda w: f"/api/v1/files/{w.files['secret'].pk}",
        {"admin", "office", "liaison_a", "leader", "finance"},
    ),
    ("trips", lambda w: "/travel/", TRIP_READERS | {"other_office"}),
    ("trips export", lambda w: "/travel/?format=xlsx", TRIP_READERS | {"other_office"}),
    ("new trip", lambda w: "/travel/new/", {"office", "liaison_a", "liaison_b", "teacher", "other_office"}),
    (
        "trip of AUTO",
        lambda w: f"/travel/{w.trips['auto'].pk}/",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    (
        "trip of IT",
        lambda w: f"/travel/{w.trips['it'].pk}/",
        {"admin", "office", "liaison_b", "leader", "finance"},
    ),
    (
        "file of the trip of IT",
        lambda w: f"/files/{w.files['it_trip'].pk}/",
        {"admin", "office", "liaison_b", "leader", "finance"},
    ),
    (
        "api documents of the trip of IT",
        lambda w: f"/api/v1/travel/trips/{w.trips['it'].pk}/documents",
        {"admin", "office", "liaison_b", "leader", "finance"},
    ),
    (
        "edit trip of AUTO",
        lambda w: f"/travel/{w.trips['auto'].pk}/edit/",
        {"office", "liaison_a", "teacher"},
    ),
    ("mission of a draft", lambda w: f"/travel/{w.trips['auto'].pk}/mission.pdf", set()),
    ("settle a draft", lambda w: f"/travel/{w.trips['auto'].pk}/settle/", {"finance"}),
    ("report form", lambda w: f"/travel/{w.trips['auto'].pk}/report/", {"office", "liaison_a", "teacher"}),
    ("travel plans", lambda w: "/travel/plans/", {"office", "liaison_a", "liaison_b", "other_office"}),
    (
        "travel figures",
        lambda w: "/travel/figures/",
        {"admin", "office", "liaison_a", "liaison_b", "leader", "finance", "other_office"},
    ),
    ("approvals", lambda w: "/approvals/", APPROVERS),
    ("delegations", lambda w: "/approvals/delegations/", APPROVERS),
    ("approval chains", lambda w: "/approvals/chains/", {"admin", "office", "other_office"}),
    ("api trips", lambda w: "/api/v1/travel/trips", EVERYONE),
    (
        "api trip of AUTO",
        lambda w: f"/api/v1/travel/trips/{w.trips['auto'].pk}",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    (
        "api trip history",
        lambda w: f"/api/v1/travel/trips/{w.trips['auto'].pk}/approvals",
        {"admin", "office", "liaison_a", "teacher", "leader", "finance"},
    ),
    (
        "api travel figures",
        lambda w: "/api/v1/travel/figures?year=2025",
        {"admin", "office", "liaison_a", "liaison_b", "leader", "finance", "other_office"},
    ),
    ("api approvals waiting", lambda w: "/api/v1/approvals/waiting", EVERYONE),
    ("mobility", lambda w: "/mobility/", MOBILITY_READERS),
    ("mobility export", lambda w: "/mobility/?format=xlsx", MOBILITY_READERS),
    ("new mobility", lambda w: "/mobility/new/", {"office", "liaison_a", "liaison_b", "other_office"}),
    (
        "student's mobility",
        lambda w: f"/mobility/{w.mobilities['student'].pk}/",
        {"admin", "office", "liaison_a", "leader", "student"},
    ),
    (
        "incoming mobility of IT",
        lambda w: f"/mobility/{w.mobilities['it'].pk}/",
        {"admin", "office", "liaison_b", "leader"},
    ),
    (
        "edit student's mobility",
        lambda w: f"/mobility/{w.mobilities['student'].pk}/edit/",
        {"office", "liaison_a"},
    ),
    ("mobility figures", lambda w: "/mobility/figures/?year=2025", MOBILITY_FIGURES),
    ("mobility figures export", lambda w: "/mobility/figures/?year=2025&format=xlsx", MOBILITY_FIGURES),
    ("mobility import", lambda w: "/imports/mobility/", {"office", "liaison_a", "liaison_b", "other_office"}),
    (
        "erasmus import",
        lambda w: "/imports/mobility_erasmus/",
        {"office", "other_office"},
    ),
    ("api mobilities", lambda w: "/api/v1/mobility/mobilities", MOBILITY_READERS),
    (
        "api student's mobility",
        lambda w: f"/api/v1/mobility/mobilities/{w.mobilities['student'].pk}",
        {"admin", "office", "liaison_a", "leader", "student"},
    ),
    ("api mobility figures", lambda w: "/api/v1/mobility/figures?year=2025", MOBILITY_FIGURES),
    ("international students", lambda w: "/mobility/students/", MOBILITY_READERS),
    ("international students export", lambda w: "/mobility/students/?format=xlsx", MOBILITY_READERS),
    ("foreign experts", lambda w: "/mobility/experts/", MOBILITY_READERS),
    (
        "new international student",
        lambda w: "/mobility/students/new/",
        {"office", "liaison_a", "liaison_b", "other_office"},
    ),
    (
        "international student of AUTO",
        lambda w: f"/mobility/students/{w.stays['student'].pk}/",
        {"admin", "office", "liaison_a", "leader"},
    ),
    (
        "edit international student of AUTO",
        lambda w: f"/mobility/students/{w.stays['student'].pk}/edit/",
        {"office", "liaison_a"},
    ),
    (
        "foreign expert of IT",
        lambda w: f"/mobility/experts/{w.stays['expert'].pk}/",
        {"admin", "office", "liaison_b", "leader"},
    ),
    ("unknown register", lambda w: "/mobility/visitors/", set()),
    ("training", lambda w: "/mobility/training/", MOBILITY_FIGURES),
    ("training export", lambda w: "/mobility/training/?format=xlsx", MOBILITY_FIGURES),
    (
        "new training",
        lambda w: "/mobility/training/new/",
        {"office", "liaison_a", "liaison_b", "other_office"},
    ),
    (
        "training of AUTO",
        lambda w: f"/mobility/training/{w.stays['training'].pk}/",
        {"admin", "office", "liaison_a", "leader"},
    ),
    (
        "edit training of AUTO",
        lambda w: f"/mobility/training/{w.stays['training'].pk}/edit/",
        {"office", "liaison_a"},
    ),
    ("competitions", lambda w: "/mobility/competitions/", MOBILITY_FIGURES),
    (
        "competition of IT",
        lambda w: f"/mobility/competitions/{w.stays['competition'].pk}/",
        {"admin", "office", "liaison_b", "leader"},
    ),
    (
        "trainee import",
        lambda w: "/imports/training_trainees/",
        {"office", "liaison_a", "liaison_b", "other_office"},
    ),
    (
        "international students import",
        lambda w: "/imports/international_students/",
        {"office", "liaison_a", "liaison_b", "other_office"},
    ),
    ("exchange calls", lambda w: "/mobility/calls/", MOBILITY_READERS),
    ("open call", lambda w: f"/mobility/calls/{w.stays['call'].pk}/", MOBILITY_READERS - {"other_office"}),
    ("new call", lambda w: "/mobility/calls/new/", {"office", "other_office"}),
    ("edit call", lambda w: f"/mobility/calls/{w.stays['call'].pk}/edit/", {"office"}),
    ("apply to call", lambda w: f"/mobility/calls/{w.stays['call'].pk}/apply/", {"student"}),
    (
        "the student's application",
        lambda w: f"/mobility/applications/{w.stays['application'].pk}/",
        {"admin", "office", "liaison_a", "leader", "student"},
    ),
    (
        "another student's application",
        lambda w: f"/mobility/applications/{w.stays['other_application'].pk}/",
        {"admin", "office", "liaison_a", "leader"},
    ),
    ("api calls", lambda w: "/api/v1/mobility/calls", MOBILITY_READERS),
    ("api applications", lambda w: "/api/v1/mobility/applications", MOBILITY_READERS),
    (
        "api another student's application",
        lambda w: f"/api/v1/mobility/applications/{w.stays['other_application'].pk}",
        {"admin", "office", "liaison_a", "leader"},
    ),
    ("api training", lambda w: "/api/v1/mobility/training", MOBILITY_FIGURES),
    ("api competitions", lambda w: "/api/v1/mobility/competitions", MOBILITY_FIGURES),
    ("api international students", lambda w: "/api/v1/mobility/students", MOBILITY_READERS),
    (
        "api foreign expert of IT",
        lambda w: f"/api/v1/mobility/experts/{w.stays['expert'].pk}",
        {"admin", "office", "liaison_b", "leader"},
    ),
    ("posts abroad", lambda w: "/influence/posts/", INFLUENCE_READERS),
    ("standards abroad", lambda w: "/influence/standards/", INFLUENCE_READERS),
    ("overseas sites", lambda w: "/influence/sites/?format=xlsx", INFLUENCE_READERS),
    ("new standard", lambda w: "/influence/standards/new/", INFLUENCE_EDITORS),
    (
        "teacher's post",
        lambda w: f"/influence/posts/{w.stays['post'].pk}/",
        {"admin", "office", "liaison_a", "leader", "teacher"},
    ),
    (
        "edit teacher's post",
        lambda w: f"/influence/posts/{w.stays['post'].pk}/edit/",
        {"office", "liaison_a"},
    ),
    (
        "AUTO standard",
        lambda w: f"/influence/standards/{w.stays['standard'].pk}/",
        {"admin", "office", "liaison_a", "leader"},
    ),
    (
        "AUTO standard evidence",
        lambda w: f"/files/{w.stays['standard'].evidence_id}/",
        {"admin", "office", "liaison_a", "leader"},
    ),
    (
        "IT site",
        lambda w: f"/influence/sites/{w.stays['site'].pk}/",
        {"admin", "office", "liaison_b", "leader"},
    ),
    ("unknown register", lambda w: "/influence/visits/", set()),
    ("indicators", lambda w: "/indicators/?year=2026", INDICATOR_READERS | {"supervisor"}),
    ("indicator records", lambda w: "/indicators/awards_abroad/?year=2026", INDICATOR_READERS),
    (
        "indicator records of IT",
        lambda w: f"/indicators/awards_abroad/?year=2026&unit={w.units['IT'].pk}",
        {"admin", "office", "leader", "liaison_b"},
    ),
    ("unknown indicator", lambda w: "/indicators/nonsense/", set()),
    ("national table", lambda w: "/indicators/tables/international_influence/?year=2026", INSTITUTION_WIDE),
    (
        "national table export",
        lambda w: "/indicators/tables/international_influence/?year=2026&format=xlsx",
        INSTITUTION_WIDE,
    ),
    ("unknown table", lambda w: "/indicators/tables/scorecard/?year=2026", set()),
    ("api indicators", lambda w: "/api/v1/indicators?year=2026", INDICATOR_READERS),
    (
        "api indicator records",
        lambda w: "/api/v1/indicators/overseas_sites?year=2026",
        INDICATOR_READERS - {"liaison_a", "liaison_b"},
    ),
    ("api national table", lambda w: "/api/v1/reports/international_influence?year=2026", INSTITUTION_WIDE),
    (
        "api national table across institutions",
        lambda w: "/api/v1/reports/international_influence/institutions?year=2026",
        INSTITUTION_WIDE | {"supervisor"},
    ),
    ("api standards abroad", lambda w: "/api/v1/influence/standards", INFLUENCE_READERS),
    (
        "api AUTO standard",
        lambda w: f"/api/v1/influence/standards/{w.stays['standard'].pk}",
        {"admin", "office", "liaison_a", "leader"},
    ),
    ("api unknown register", lambda w: "/api/v1/influence/visits", set()),
    ("dashboard", lambda w: "/dashboard/?year=2026", PLAN_READERS | {"other_office", "supervisor"}),
    (
        "dashboard export",
        lambda w: "/dashboard/?year=2026&format=xlsx",
        PLAN_READERS | {"other_office", "supervisor"},
    ),
    (
        "dashboard of IT",
        lambda w: f"/dashboard/?unit={w.units['IT'].pk}",
        {"admin", "office", "leader", "liaison_b"},
    ),
    ("plans", lambda w: "/planning/", PLAN_READERS | {"other_office"}),
    ("new plan", lambda w: "/planning/new/", {"office", "other_office"}),
    ("plan of A", lambda w: f"/planning/{w.stays['plan'].pk}/", PLAN_READERS),
    ("edit plan of A", lambda w: f"/planning/{w.stays['plan'].pk}/edit/", {"office"}),
    ("assessment", lambda w: "/planning/assessment/?year=2026", PLAN_READERS | {"other_office"}),
    (
        "assessment export",
        lambda w: "/planning/assessment/?year=2026&format=xlsx",
        PLAN_READERS | {"other_office"},
    ),
    ("api plans", lambda w: "/api/v1/planning/plans", PLAN_READERS | {"other_office"}),
    ("api plan of A", lambda w: f"/api/v1/planning/plans/{w.stays['plan'].pk}", PLAN_READERS),
    ("api assessment", lambda w: "/api/v1/planning/assessment?year=2026", PLAN_READERS),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_200_where_allowed_and_404_elsewhere(world, client_for, persona):
    client = client_for(persona)
    wrong = []
    for label, url, allowed in PAGES:
        expected = 200 if persona in allowed else 404
        status = client.get(url(world)).status_code
        if status != expected:
            wrong.append(f"{label}: {status}, expected {expected}")
    assert wrong == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_by_personas_without_the_right_change_nothing(world, client_for, persona):
    client = client_for(persona)
    teacher = world.people["teacher"]
    may_change = persona in {"admin", "office", "liaison_a"}
    patch = client.patch(f"/api/v1/people/{teacher.pk}", {"position": "x"}, content_type="application/json")
    assert patch.status_code == (200 if may_change else 404)
    archive = client.post(f"/org/people/{teacher.pk}/archive/")
    assert archive.status_code == (302 if may_change else 404)
    empty_unit = factories.unit(world.a, "EMPTY")
    unit_archive = client.post(f"/org/units/{empty_unit.pk}/archive/")
    assert unit_archive.status_code == (302 if persona == "admin" else 404)
    teacher.refresh_from_db()
    empty_unit.refresh_from_db()
    assert teacher.position == ("x" if may_change else "")
    assert teacher.is_archived == may_change
    assert empty_unit.is_archived == (persona == "admin")


def test_another_institution_gets_404_on_every_object_of_the_first(world, client_for):
    client = client_for("other_office")
    urls = []
    for person in Person.objects.filter(institution=world.a):
        urls += [
            f"/org/people/{person.pk}/",
            f"/org/people/{person.pk}/edit/",
            f"/api/v1/people/{person.pk}",
            f"/api/v1/people/{person.pk}/history",
        ]
    for unit in world.a_units():
        urls += [f"/org/units/{unit.pk}/", f"/org/units/{unit.pk}/edit/", f"/api/v1/org/units/{unit.pk}"]
    for user in world.a_users():
        urls += [f"/accounts/users/{user.pk}/", f"/accounts/users/{user.pk}/edit/"]
    for agreement in Agreement.objects.filter(institution=world.a):
        urls += [
            f"/agreements/{agreement.pk}/",
            f"/agreements/{agreement.pk}/edit/",
            f"/api/v1/agreements/{agreement.pk}",
            f"/api/v1/agreements/{agreement.pk}/obligations",
        ]
    for trip in Trip.objects.filter(institution=world.a):
        urls += [
            f"/travel/{trip.pk}/",
            f"/travel/{trip.pk}/edit/",
            f"/travel/{trip.pk}/report/",
            f"/travel/{trip.pk}/settle/",
            f"/api/v1/travel/trips/{trip.pk}",
            f"/api/v1/travel/trips/{trip.pk}/approvals",
        ]
    for mobility in Mobility.objects.filter(institution=world.a):
        urls += [
            f"/mobility/{mobility.pk}/",
            f"/mobility/{mobility.pk}/edit/",
            f"/api/v1/mobility/mobilities/{mobility.pk}",
        ]
    for kind, model in (("students", InternationalStudent), ("experts", ForeignExpert)):
        for stay in model.objects.filter(institution=world.a):
            urls += [
                f"/mobility/{kind}/{stay.pk}/",
                f"/mobility/{kind}/{stay.pk}/edit/",
                f"/api/v1/mobility/{kind}/{stay.pk}",
            ]
    for event in TrainingEvent.objects.filter(institution=world.a):
        urls += [f"/mobility/training/{event.pk}/", f"/mobility/training/{event.pk}/edit/"]
    for entry in Competition.objects.filter(institution=world.a):
        urls += [f"/mobility/competitions/{entry.pk}/", f"/mobility/competitions/{entry.pk}/edit/"]
    for call in ExchangeCall.objects.filter(institution=world.a):
        urls += [
            f"/mobility/calls/{call.pk}/",
            f"/mobility/calls/{call.pk}/edit/",
            f"/api/v1/mobility/calls/{call.pk}",
        ]
    for app in Application.objects.filter(institution=world.a):
        urls += [f"/mobility/applications/{app.pk}/", f"/api/v1/mobility/applications/{app.pk}"]
    for key, model in (("posts", OrganisationPost), ("standards", AdoptedStandard), ("sites", OverseasSite)):
        for entry in model.objects.filter(institution=world.a):
            urls += [
                f"/api/v1/influence/{key}/{entry.pk}",
                f"/influence/{key}/{entry.pk}/",
                f"/influence/{key}/{entry.pk}/edit/",
            ]
            if entry.evidence_id:
                urls.append(f"/files/{entry.evidence_id}/")
    for attached in Attachment.objects.filter(institution=world.a):
        urls += [f"/files/{attached.pk}/", f"/api/v1/files/{attached.pk}"]
    for unit in world.a_units():
        urls.append(f"/indicators/awards_abroad/?unit={unit.pk}")
    for plan in Plan.objects.filter(institution=world.a):
        urls += [f"/planning/{plan.pk}/", f"/planning/{plan.pk}/edit/", f"/api/v1/planning/plans/{plan.pk}"]
    for partner in Partner.objects.filter(institution=world.a):
        urls += [
            f"/partners/{partner.pk}/",
            f"/partners/{partner.pk}/edit/",
            f"/api/v1/partners/{partner.pk}",
            f"/api/v1/partners/{partner.pk}/contacts",
            f"/partners/{partner.pk}/contacts/new/",
        ]
    answers = {url: client.get(url).status_code for url in urls}
    assert {u: s for u, s in answers.items() if s != 404} == {}
    assert len(urls) > 40


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# (persona, url): the list, dashboard and figure pages whose number of queries must not grow with the data
CONSTANT_QUERY_PAGES = [
    ("office", "/org/people/"),
    ("office", "/"),
    ("admin", "/org/units/"),
    ("admin", "/accounts/users/"),
    ("admin", "/audit/"),
    ("office", "/calendar/"),
    ("office", "/search/?q=Malaya"),
    ("teacher", "/notifications/"),
    ("supervisor", "/"),
    ("liaison_a", "/"),
    ("office", "/api/v1/people"),
    ("office", "/partners/"),
    ("office", "/api/v1/partners"),
    ("office", "/agreements/"),
    ("office", "/api/v1/agreements"),
    ("office", "/agreements/dormant/"),
    ("office", "/travel/"),
    ("office", "/approvals/"),
    ("office", "/api/v1/travel/trips"),
    ("liaison_a", "/travel/"),
    ("leader", "/approvals/"),
    ("leader", "/"),
    ("teacher", "/"),
    ("office", "/mobility/"),
    ("liaison_a", "/mobility/"),
    ("student", "/mobility/"),
    ("office", "/mobility/figures/"),
    ("office", "/api/v1/mobility/mobilities"),
    ("office", "/mobility/students/"),
    ("office", "/mobility/experts/"),
    ("office", "/api/v1/mobility/students"),
    ("office", "/mobility/training/"),
    ("office", "/mobility/calls/"),
    ("student", "/mobility/calls/"),
    ("office", "/mobility/competitions/"),
    ("office", "/mobility/figures/?year=2025"),
    ("office", f"/mobility/?counted=1&start=2025-09-01&end={dt.date.today() + dt.timedelta(days=400)}"),
    ("office", "/influence/posts/"),
    ("office", "/influence/standards/"),
    ("office", "/influence/sites/"),
    ("office", "/indicators/?year=2026"),
    ("liaison_a", "/indicators/?year=2026"),
    ("supervisor", "/indicators/?year=2026"),
    ("office", "/indicators/teachers_abroad_person_days/?year=2026"),
    ("office", "/indicators/tables/international_influence/?year=2026"),
    ("office", "/api/v1/indicators?year=2026"),
    ("office", "/api/v1/reports/international_influence?year=2026"),
    ("office", "/planning/"),
    ("office", "/dashboard/?year=2026"),
    ("liaison_a", "/dashboard/?year=2026"),
    ("supervisor", "/dashboard/?year=2026"),
    ("office", "/dashboard/?year=2026&country=MY&bri=1"),
    ("office", "/api/v1/influence/sites"),
    ("office", "/planning/assessment/?year=2026"),
    ("liaison_a", "/planning/assessment/?year=2026"),
    ("office", "/api/v1/planning/assessment?year=2026"),
]


@pytest.mark.parametrize("half", [0, 1])
def test_pages_run_the_same_number_of_queries_whatever_the_data_size(world, client_for, half):
    """Every page of CONSTANT_QUERY_PAGES, measured with one of everything and again with 31 of everything.

    The data grows once for half of the pages (growing it per page made this the slowest test of the
    suite; in two halves, two workers share it).
    """
    pages = CONSTANT_QUERY_PAGES[half::2]
    clients = {persona: client_for(persona) for persona, _url in pages}

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            factories.person(world.a, world.units["AUTO-NEV"], number=f"N{i}")
            factories.unit(world.a, f"EXTRA{i}", parent=world.units["IT"])
            partner_factories.partner(world.a, f"Extra College {i}", country="TH")
            agreement_factories.active(
                world,
                signed=dt.date(2020, 1, 1),
                valid_to=dt.date(2040, 1, 1),
                title=f"Extra {i}",
                partners=[world.partners["malaya"]],
            )
            trip = travel_factories.trip(
                world, departure=dt.date.today() + dt.timedelta(days=70), title=f"Trip {i}"
            )
            travel_services.trip_submit(trip=trip, actor=None)
            day = dt.date(2026, 1, 1) + dt.timedelta(days=20 * i)
            mobility_services.mobility_create(
                institution=world.a,
                actor=None,
                data={
                    "direction": "out",
                    "type": "internship",
                    "person": factories.person(world.a, world.units["AUTO"], kind="student", number=f"M{i}"),
                    "org_unit": world.units["AUTO"],
                    "host_partner": world.partners["changan"],
                    "country": "TH",
                    "planned_start": day,
                    "planned_end": day + dt.timedelta(days=9),
                    "start_date": day,
                    "end_date": day + dt.timedelta(days=9),
                },
            )
            stay_services.stay_create(
                model=InternationalStudent,
                institution=world.a,
                actor=None,
                data={
                    "person": factories.person(
                        world.a, world.units["AUTO"], kind="student", nationality="LA", number=f"LA{i}"
                    ),
                    "org_unit": world.units["AUTO"],
                    "programme": "degree",
                    "programme_name": "Automotive technology",
                    "enrolled_on": dt.date(2025, 9, 1),
                    "expected_end": dt.date(2028, 6, 30),
                    "visa_type": "X1",
                    "entry_date": dt.date.today(),
                },
            )
            training = events.training_create(
                institution=world.a,
                actor=None,
                data={
                    "title": f"Training {i}",
                    "org_unit": world.units["AUTO"],
                    "country": "SA",
                    "start_date": dt.date(2026, 1, 5),
                    "end_date": dt.date(2026, 1, 9),
                    "participants_count": 10,
                },
            )
            events.trainees_add(event=training, trainees=[events.Trainee(f"Trainee {i}", "SA")], actor=None)
            events.competition_save(
                institution=world.a,
                actor=None,
                data={
                    "event": f"Contest {i}",
                    "country": "SG",
                    "held_on": dt.date(2026, 5, 1),
                    "org_unit": world.units["IT"],
                    "participants": "students",
                    "award_level": "third",
                },
            )
            stay_services.stay_create(
                model=ForeignExpert,
                institution=world.a,
                actor=None,
                data={
                    "person": factories.person(world.a, world.units["IT"], nationality="DE", number=f"FE{i}"),
                    "org_unit": world.units["IT"],
                    "contract_start": dt.date.today(),
                    "contract_end": dt.date.today() + dt.timedelta(days=300),
                    "visa_type": "Z",
                },
            )

            influence_factories.post(
                world, person=factories.person(world.a, world.units["IT"], number=f"PT{i}"), post=f"Post {i}"
            )
            influence_factories.standard(world, title=f"Standard {i}")
            influence_factories.site(world, name=f"Site {i}")

    def measure() -> dict[tuple[str, str], tuple[int, int]]:
        """Per page, queries with every institution's figures to refresh (a record changed), then fresh."""
        counts = {}
        for persona, url in pages:
            RecordChange.objects.bulk_create(
                [RecordChange(institution=i, source="org") for i in (world.a, world.b)]
            )
            client = clients[persona]
            counts[(persona, url)] = (_queries(client, url), _queries(client, url))
        return counts

    grow(1, 0)  # at least one of everything: an empty list may legitimately skip a query
    before = measure()
    grow(30, 1)
    after = measure()
    assert len(after) == len(pages) == len(CONSTANT_QUERY_PAGES[half::2])
    assert {page: (before[page], n) for page, n in after.items() if n != before[page]} == {}

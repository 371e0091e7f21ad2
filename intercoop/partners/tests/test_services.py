from __future__ import annotations

import pytest

from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.partners import matching, services
from intercoop.partners.models import Partner, PartnerContact
from intercoop.partners.tests import factories

pytestmark = pytest.mark.django_db


def create(world, **data):
    base = {"kind": "university", "name": "Universität Stuttgart", "country": "DE"}
    return services.partner_create(institution=world.a, data={**base, **data}, actor=world.users["office"])


def test_a_partner_is_created_with_normalised_identifiers_and_an_audit_entry(world):
    partner = create(
        world, erasmus_code="d stuttga01", pic="999 905 758", website="https://www.uni-stuttgart.de"
    )
    assert partner.erasmus_code == "D  STUTTGA01"
    assert partner.pic == "999905758"
    assert AuditEntry.objects.filter(action="partners.partner.created", object_id=str(partner.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"erasmus_code": "BERLIN"}, "erasmus_code"),
        ({"pic": "12345"}, "pic"),
        ({"oid": "X1234"}, "oid"),
        ({"moe_code": "41500"}, "moe_code"),
        ({"credit_code": "91350100M000100Y44"}, "credit_code"),
        ({"name": "  "}, "name"),
        ({"kind": "castle"}, "kind"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, data, field):
    before = (Partner.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        create(world, **data)
    assert exc.value.field == field
    assert (Partner.objects.count(), AuditEntry.objects.count()) == before


def test_the_same_identifier_twice_is_a_conflict(world):
    create(world, erasmus_code="D  STUTTGA01")
    with pytest.raises(ConflictError) as exc:
        create(world, name="Some other name", erasmus_code="D STUTTGA01")
    assert exc.value.field == "erasmus_code"
    factories.partner(
        world.b, "Universität Stuttgart", erasmus_code="D  STUTTGA01"
    )  # another institution: fine


@pytest.mark.parametrize(
    "name", ["University of Stuttgart", "UNIVERSITAET STUTTGART", "Universitat Stuttgart"]
)
def test_a_similar_name_in_the_same_country_is_suspected_across_spellings(world, name):
    create(world)
    with pytest.raises(services.DuplicateSuspected) as exc:
        create(world, name=name)
    assert [p.name for p in exc.value.candidates] == ["Universität Stuttgart"]
    assert create(world, name=name, country="AT").country == "AT"  # another country: no suspicion


def test_chinese_names_are_compared_too_and_a_confirmation_creates_anyway(world):
    create(world, name="Universität Stuttgart", name_zh="斯图加特大学")
    with pytest.raises(services.DuplicateSuspected):
        create(world, name="Stuttgart (main campus)", name_zh="斯图加特大学")
    other = services.partner_create(
        institution=world.a,
        data={"kind": "university", "name": "Stuttgart Media", "name_zh": "斯图加特大学", "country": "DE"},
        actor=None,
        confirm_not_duplicate=True,
    )
    assert other.pk


def test_name_keys_drop_generic_words_and_company_suffixes():
    assert matching.name_key("University of Stuttgart") == "stuttgart"
    assert matching.name_key("重庆长安汽车股份有限公司") == "重庆长安汽车"
    assert matching.similar(
        matching.keys("King Mongkut's University of Technology Thonburi"),
        matching.keys("King Mongkuts Univ. of Technology Thonburi"),
    )
    assert not matching.similar(
        matching.keys("University of Colombo"), matching.keys("University of Moratuwa")
    )


def test_merge_moves_contacts_fills_identifiers_archives_the_duplicate_and_is_audited(world):
    keep = create(world)
    dupe = factories.partner(world.a, "University of Stuttgart", pic="999905758")
    contact = services.contact_create(
        partner=dupe, data={"name": "Anna Schmidt", "role": "international"}, actor=None
    )
    services.partner_merge(source=dupe, target=keep, actor=world.users["office"])
    keep.refresh_from_db()
    dupe.refresh_from_db()
    contact.refresh_from_db()
    assert contact.partner_id == keep.pk
    assert keep.pic == "999905758"
    assert dupe.merged_into_id == keep.pk and dupe.is_archived
    merged = AuditEntry.objects.get(action="partners.partner.merged", object_id=str(dupe.pk))
    assert merged.data["moved"] == {"partners.partnercontact": 1}
    assert AuditEntry.objects.filter(action="partners.partner.absorbed", object_id=str(keep.pk)).exists()
    with pytest.raises(DomainError):
        services.partner_restore(partner=dupe, actor=None)
    with pytest.raises(DomainError):
        services.partner_merge(source=keep, target=keep, actor=None)


def test_merge_across_institutions_is_refused(world):
    a = create(world)
    b = factories.partner(world.b, "Universität Stuttgart")
    with pytest.raises(DomainError):
        services.partner_merge(source=b, target=a, actor=None)
    assert not Partner.objects.filter(merged_into__isnull=False).exists()


def test_contacts_are_validated_and_archived_not_deleted(world):
    partner = create(world)
    with pytest.raises(DomainError) as exc:
        services.contact_create(partner=partner, data={"name": "x", "email": "nope"}, actor=None)
    assert exc.value.field == "email"
    contact = services.contact_create(
        partner=partner, data={"name": "Anna", "email": "anna@uni-stuttgart.de"}, actor=None
    )
    services.contact_archive(contact=contact, actor=None)
    assert PartnerContact.objects.filter(pk=contact.pk, archived_at__isnull=False).exists()

"""The influence registers: checks with the field named, duplicates, evidence, archive and restore, and
their pages for the personas who keep them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.influence import selectors, services
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.influence.registers import REGISTERS
from intercoop.influence.tests.factories import add_influence, pdf, post, site, standard


@pytest.fixture
def w(world: Any) -> Any:
    return add_influence(world)


def test_entries_are_audited_with_their_changes(w):
    entry = w.stays["site"]
    services.save(model=OverseasSite, institution=w.a, data={"city": "Kuala Lumpur"}, entry=entry, actor=None)
    actions = list(
        AuditEntry.objects.filter(object_id=str(entry.pk), action__startswith="influence.site").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["influence.site.created", "influence.site.updated"]


@pytest.mark.parametrize(
    ("make", "data", "field", "message"),
    [
        (post, {"end_on": dt.date(2025, 1, 1)}, "end_on", "cannot end before"),
        (post, {"country": "XX"}, "country", "not a known country"),
        (post, {"person_key": "student"}, "person", "Only teachers"),
        (standard, {"country": "CN", "partner": None}, "country", "adopted in China"),
        (standard, {"country": "TH"}, "country", "adopting partner is in"),
        (site, {"status": "closed"}, "closed_on", "closed"),
        (site, {"closed_on": dt.date(2025, 1, 1)}, "closed_on", "Only a closed site"),
        (site, {"status": "closed", "closed_on": dt.date(2020, 1, 1)}, "closed_on", "cannot close before"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, make, data, field, message):
    if "person_key" in data:
        data = {"person": world.people[data.pop("person_key")]}
    before = (OrganisationPost.objects.count(), AdoptedStandard.objects.count(), OverseasSite.objects.count())
    with pytest.raises(DomainError, match=message) as err:
        make(world, **data)
    assert err.value.field == field
    assert before == (
        OrganisationPost.objects.count(),
        AdoptedStandard.objects.count(),
        OverseasSite.objects.count(),
    )
    assert not AuditEntry.objects.filter(action__startswith="influence.").exists()


def test_a_standard_needs_its_evidence_and_a_fake_pdf_is_refused(world):
    data = {
        "kind": "course",
        "title": "Battery course",
        "org_unit": world.units["AUTO"],
        "adopter": "A college",
        "country": "TH",
        "adopted_on": dt.date(2026, 3, 1),
    }
    with pytest.raises(DomainError, match="evidence of adoption") as err:
        services.save(model=AdoptedStandard, institution=world.a, data=data, actor=None)
    assert err.value.field == "evidence"
    fake = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="not a file of an accepted type"):
        services.save(model=AdoptedStandard, institution=world.a, data=data, evidence=fake, actor=None)
    assert not AdoptedStandard.objects.exists()


def test_duplicates_are_refused_and_a_restore_may_not_bring_one_back(w):
    with pytest.raises(ConflictError):
        standard(w, title="nev technology programme standard ")
    services.set_entry_archived(entry=w.stays["standard"], archived=True, actor=None)
    again = standard(w)
    with pytest.raises(ConflictError):
        services.set_entry_archived(entry=w.stays["standard"], archived=False, actor=None)
    assert again.pk != w.stays["standard"].pk
    with pytest.raises(DomainError, match="archived record cannot be changed"):
        services.save(
            model=AdoptedStandard, institution=w.a, data={"title": "x"}, entry=w.stays["standard"], actor=None
        )


def test_a_post_takes_the_teachers_college_when_none_is_given(w):
    assert w.stays["post"].org_unit == w.people["teacher"].org_unit


def test_counting_rules_on_their_edges(w):
    qs = OverseasSite.objects.filter(institution=w.a)
    site(w, name="Closed on the date", status="closed", closed_on=dt.date(2026, 8, 31))
    site(w, name="Suspended", status="suspended")
    assert {s.name for s in selectors.sites_operating(qs, dt.date(2026, 8, 31))} == {
        "Kuala Lumpur digital workshop"
    }
    assert selectors.sites_operating(qs, dt.date(2026, 8, 30)).count() == 2
    posts = OrganisationPost.objects.filter(institution=w.a)
    assert selectors.posts_held(posts, dt.date(2025, 9, 1), dt.date(2025, 9, 30)).count() == 0
    assert selectors.posts_held(posts, dt.date(2025, 9, 1), dt.date(2025, 10, 1)).count() == 1


def test_pages_record_an_entry_with_its_evidence_and_show_its_history(w, client_for):
    client = client_for("liaison_a")
    response = client.post(
        "/influence/standards/new/",
        {
            "kind": "course",
            "title": "Power battery testing",
            "org_unit": w.units["AUTO"].pk,
            "adopter": "Universiti Malaya",
            "partner": w.partners["malaya"].pk,
            "country": "MY",
            "adopted_on": "2026-04-01",
            "evidence_file": pdf("adoption.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AdoptedStandard.objects.get(title="Power battery testing")
    assert entry.evidence.original_name == "adoption.pdf"
    assert entry.evidence.file.name.endswith(".pdf")
    detail = client.get(f"/influence/standards/{entry.pk}/")
    assert b"standard adopted abroad recorded" in detail.content
    assert client.get(f"/files/{entry.evidence_id}/").status_code == 200
    # The liaison of IT may neither see nor record in Automotive.
    other = client_for("liaison_b")
    assert other.get(f"/influence/standards/{entry.pk}/").status_code == 404
    assert other.get(f"/files/{entry.evidence_id}/").status_code == 404
    refused = other.post(
        "/influence/standards/new/",
        {
            "kind": "course",
            "title": "Smuggled",
            "org_unit": w.units["AUTO"].pk,
            "adopter": "X",
            "country": "MY",
            "adopted_on": "2026-04-01",
            "evidence_file": pdf(),
        },
    )
    assert refused.status_code == 400 and not AdoptedStandard.objects.filter(title="Smuggled").exists()


def test_a_wrong_date_on_the_form_is_shown_beside_its_field(w, client_for):
    client = client_for("office")
    response = client.post(
        "/influence/sites/new/",
        {
            "name": "Nairobi workshop",
            "partner": w.partners["malaya"].pk,
            "country": "MY",
            "org_unit": w.units["IT"].pk,
            "opened_on": "2026-05-01",
            "status": "closed",
            "closed_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert b'data-field-error="closed_on"' in response.content
    assert not OverseasSite.objects.filter(name="Nairobi workshop").exists()


def test_lists_and_exports(w, client_for):
    client = client_for("office")
    for key in REGISTERS:
        page = client.get(f"/influence/{key}/")
        assert page.status_code == 200 and b"1 entry" in page.content
        export = client.get(f"/influence/{key}/?format=xlsx")
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    teacher = client_for("teacher")
    assert b"1 entry" in teacher.get("/influence/posts/").content
    assert b"0 entries" in teacher.get("/influence/standards/").content

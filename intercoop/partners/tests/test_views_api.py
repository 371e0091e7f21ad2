from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from intercoop.partners.models import Partner, PartnerContact, ReferenceInstitution

pytestmark = pytest.mark.django_db


def test_liaison_adds_a_partner_and_is_warned_about_a_similar_one(world, client_for):
    client = client_for("liaison_a")
    data = {
        "kind": "university",
        "name": "University of Malaya",
        "country": "MY",
        "name_zh": "",
        "name_en": "",
        "city": "",
        "website": "",
        "erasmus_code": "",
        "pic": "",
        "oid": "",
        "moe_code": "",
        "credit_code": "",
        "notes": "",
    }
    response = client.post("/partners/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="duplicate-candidates"' in page and "Universiti Malaya" in page
    assert Partner.objects.filter(institution=world.a).count() == 2
    response = client.post(
        "/partners/new/", {**data, "name": "Hochschule der Medien", "website": "www.hdm.de"}
    )
    partner = Partner.objects.get(name="Hochschule der Medien")
    assert response["Location"] == f"/partners/{partner.pk}/"
    assert partner.website == "https://www.hdm.de"


def test_partner_page_offers_the_merge_of_a_suspected_duplicate_and_merging_works(world, client_for):
    from intercoop.partners.tests import factories

    dupe = factories.partner(world.a, "University of Malaya", country="MY")
    client = client_for("office")
    keep = world.partners["malaya"]
    page = client.get(f"/partners/{keep.pk}/").content.decode()
    assert 'data-testid="similar-partners"' in page
    client.post(f"/partners/{keep.pk}/merge/", {"source": dupe.pk})
    dupe.refresh_from_db()
    assert dupe.merged_into_id == keep.pk
    assert client_for("liaison_a").post(f"/partners/{keep.pk}/merge/", {"source": dupe.pk}).status_code == 404


def test_reference_lists_are_searched_and_prefill_the_new_partner_form(world, client_for):
    entry = ReferenceInstitution.objects.create(
        source="eche",
        name="HOCHSCHULE DER MEDIEN",
        country="DE",
        city="Stuttgart",
        erasmus_code="D  STUTTGA05",
        pic="999843165",
        website="www.hdm-stuttgart.de",
        search_key="medien",
    )
    client = client_for("office")
    results = client.get("/partners/reference/?q=medien", HTTP_HX_REQUEST="true").content.decode()
    assert "HOCHSCHULE DER MEDIEN" in results and "<html" not in results
    form = client.get(f"/partners/new/?reference={entry.pk}").content.decode()
    assert 'value="D  STUTTGA05"' in form and 'value="https://www.hdm-stuttgart.de"' in form


def test_contacts_are_added_edited_and_archived_from_the_partner_page(world, client_for):
    client = client_for("office")
    partner = world.partners["changan"]
    client.post(
        f"/partners/{partner.pk}/contacts/new/",
        {
            "name": "周敏",
            "role": "hr",
            "email": "zm@changan.com.cn",
            "name_zh": "",
            "position": "",
            "phone": "",
            "notes": "",
        },
    )
    contact = PartnerContact.objects.get(partner=partner)
    assert "周敏" in client.get(f"/partners/{partner.pk}/").content.decode()
    client.post(f"/partners/{partner.pk}/contacts/{contact.pk}/archive/")
    contact.refresh_from_db()
    assert contact.is_archived


def test_export_has_the_import_columns_and_the_filtered_rows(world, client_for):
    response = client_for("office").get("/partners/?format=xlsx&country=MY")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws["A1"].value == "名称（原文） / Name as written"
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == ["Universiti Malaya"]


def test_api_create_answers_409_with_candidates_and_confirm_creates(world, client_for):
    client = client_for("office")
    payload = {"kind": "university", "name": "University of Malaya", "country": "MY"}
    response = client.post(
        "/api/v1/partners", payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["candidates"][0]["id"] == world.partners["malaya"].pk
    response = client.post(
        "/api/v1/partners", {**payload, "confirm_not_duplicate": True}, content_type="application/json"
    )
    assert response.status_code == 201
    bad = client.post(
        "/api/v1/partners",
        {**payload, "name": "X", "credit_code": "123"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "credit_code"


def test_api_merge_and_filters(world, client_for):
    from intercoop.partners.tests import factories

    client = client_for("office")
    dupe = factories.partner(world.a, "Univ. Malaya", country="MY")
    keep = world.partners["malaya"]
    merged = client.post(
        f"/api/v1/partners/{keep.pk}/merge", {"source_id": dupe.pk}, content_type="application/json"
    )
    assert merged.status_code == 200
    listed = client.get("/api/v1/partners?country=MY").json()
    assert [p["name"] for p in listed["items"]] == ["Universiti Malaya"]
    other = client_for("other_office")
    assert (
        other.post(
            f"/api/v1/partners/{keep.pk}/merge", {"source_id": dupe.pk}, content_type="application/json"
        ).status_code
        == 404
    )


def test_reference_loader_loads_the_three_lists(db):
    from intercoop.partners import reference

    counts = reference.load()
    assert counts == {"moe": 2919, "eche": 6142, "world": 10251}
    entry = ReferenceInstitution.objects.get(source="eche", erasmus_code="A  BADEN01")
    assert entry.pic == "948821603" and entry.country == "AT"
    assert ReferenceInstitution.objects.filter(source="moe", moe_code="4150012605").exists()
    assert reference.load() == counts  # again: replaced, not doubled
    assert ReferenceInstitution.objects.count() == sum(counts.values())


def test_contacts_are_edited_and_archived_through_the_api_by_editors_only(world, client_for):
    partner = world.partners["malaya"]
    client = client_for("office")
    created = client.post(
        f"/api/v1/partners/{partner.pk}/contacts",
        {"name": "Dr. Lim", "role": "academic"},
        content_type="application/json",
    ).json()
    url = f"/api/v1/partners/{partner.pk}/contacts/{created['id']}"
    assert (
        client_for("teacher").patch(url, {"position": "x"}, content_type="application/json").status_code
        == 404
    )
    assert (
        client.patch(url, {"position": "Dean"}, content_type="application/json").json()["position"] == "Dean"
    )
    assert client.post(f"{url}/archive").status_code == 200
    assert PartnerContact.objects.get(pk=created["id"]).is_archived

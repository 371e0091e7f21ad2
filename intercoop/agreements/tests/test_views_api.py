from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from intercoop.agreements.models import Agreement, Interaction
from intercoop.agreements.tests import factories
from intercoop.attachments.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(world, **extra):
    data = {
        "title": "订单班合作协议",
        "type": "order_class",
        "partners": [world.partners["changan"].pk],
        "units": [world.units["AUTO"].pk],
        "notice_days": 90,
        "title_en": "",
        "summary": "",
    }
    data.update(extra)
    return data


def test_a_liaison_drafts_an_agreement_for_their_college_only(world, client_for):
    client = client_for("liaison_a")
    response = client.post("/agreements/new/", form_data(world))
    agreement = Agreement.objects.get(title="订单班合作协议")
    assert response["Location"] == f"/agreements/{agreement.pk}/"
    response = client.post("/agreements/new/", form_data(world, units=[world.units["IT"].pk]))
    assert response.status_code == 200
    assert 'data-field-error="units"' in response.content.decode()
    assert Agreement.objects.filter(title="订单班合作协议").count() == 1


def test_the_detail_page_offers_only_the_steps_the_user_may_take(world, client_for):
    agreement = factories.agreement(world)
    page = client_for("liaison_a").get(f"/agreements/{agreement.pk}/").content.decode()
    assert 'data-step="submit"' in page and 'data-step="approve"' not in page
    client_for("liaison_a").post(
        f"/agreements/{agreement.pk}/step/", {"step": "submit", "expected_status": "draft"}
    )
    assert 'data-step="approve"' in client_for("office").get(f"/agreements/{agreement.pk}/").content.decode()
    denied = client_for("liaison_a").post(f"/agreements/{agreement.pk}/step/", {"step": "approve"})
    assert denied.status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == "in_review"


def test_a_stale_page_is_told_that_the_agreement_changed(world, client_for):
    agreement = factories.agreement(world)
    client = client_for("office")
    client.post(f"/agreements/{agreement.pk}/step/", {"step": "submit", "expected_status": "draft"})
    response = client.post(
        f"/agreements/{agreement.pk}/step/", {"step": "submit", "expected_status": "draft"}, follow=True
    )
    assert "changed this agreement meanwhile" in response.content.decode()


def test_documents_are_uploaded_and_served_only_to_those_who_may_see_the_agreement(world, client_for):
    agreement = factories.agreement(world, confidential=True)
    client = client_for("office")
    client.post(
        f"/agreements/{agreement.pk}/documents/",
        {"kind": "signed_copy", "file": SimpleUploadedFile("签字版.pdf", PDF)},
    )
    document = Attachment.objects.get(owner_id=agreement.pk, owner_type__model="agreement")
    response = client.get(f"/files/{document.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    for persona in ("liaison_b", "teacher", "other_office", "supervisor", "student"):
        assert client_for(persona).get(f"/files/{document.pk}/").status_code == 404, persona
    bad = client.post(
        f"/agreements/{agreement.pk}/documents/",
        {"kind": "annex", "file": SimpleUploadedFile("a.pdf", b"<html>")},
        follow=True,
    )
    assert "not a file of an accepted type" in bad.content.decode()
    assert Attachment.objects.filter(owner_id=agreement.pk, owner_type__model="agreement").count() == 1


def test_the_responsible_teacher_reports_on_their_obligation(world, client_for):
    from intercoop.agreements import services

    agreement = factories.agreement(world, status="active", signed_on=dt.date(2026, 1, 1))
    obligation = services.obligation_save(
        agreement=agreement,
        actor=None,
        data={
            "title": "派出 3 名教师讲学",
            "due_on": dt.date(2026, 10, 1),
            "responsible": world.people["teacher"],
        },
    )
    client = client_for("teacher")
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/{agreement.pk}/obligations/{obligation.pk}/" in page
    client.post(
        f"/agreements/{agreement.pk}/obligations/{obligation.pk}/",
        {
            "title": obligation.title,
            "due_on": "2026-10-01",
            "status": "done",
            "done_on": "2026-10-05",
            "responsible": world.people["teacher"].pk,
            "notes": "",
        },
    )
    obligation.refresh_from_db()
    assert obligation.status == "done"
    assert (
        client_for("liaison_b").get(f"/agreements/{agreement.pk}/obligations/{obligation.pk}/").status_code
        == 404
    )


def test_interactions_are_recorded_from_the_partner_page_and_listed_there(world, client_for):
    agreement = factories.agreement(world, status="active", signed_on=dt.date(2026, 1, 1))
    client = client_for("office")
    partner = world.partners["malaya"]
    response = client.post(
        f"/agreements/interactions/new/{partner.pk}/",
        {
            "agreement": agreement.pk,
            "kind": "visit_in",
            "occurred_on": "2026-11-01",
            "subject": "来访洽谈交换生项目",
            "participants": "",
            "notes": "",
        },
    )
    assert response["Location"] == f"/agreements/{agreement.pk}/"
    assert Interaction.objects.get().agreement_id == agreement.pk
    page = client.get(f"/partners/{partner.pk}/").content.decode()
    assert "来访洽谈交换生项目" in page and agreement.number in page


def test_list_filters_by_health_and_exports_to_excel(world, client_for):
    factories.active(world, signed=dt.date(2020, 1, 1), valid_to=dt.date(2035, 1, 1), title="沉睡的协议")
    factories.agreement(world, title="草稿协议")
    client = client_for("office")
    page = client.get("/agreements/?health=dormant").content.decode()
    assert "沉睡的协议" in page and "草稿协议" not in page
    response = client.get("/agreements/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][1] == "协议名称 / Title"
    assert {r[1] for r in rows[1:]} == {"沉睡的协议", "草稿协议", "open agreement", "secret agreement"}


def test_dormant_report_groups_by_college_and_exports(world, client_for):
    factories.active(
        world,
        signed=dt.date(2020, 1, 1),
        valid_to=dt.date(2035, 1, 1),
        title="沉睡的协议",
        units=[world.units["AUTO"], world.units["IT"]],
    )
    client = client_for("office")
    page = client.get("/agreements/dormant/").content.decode()
    assert page.count("沉睡的协议") == 2
    rows = list(
        load_workbook(io.BytesIO(client.get("/agreements/dormant/?format=xlsx").content))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert len(rows) == 3 and rows[0][0] == "二级学院 / College"


def test_the_api_drafts_steps_and_reports_health(world, client_for):
    client = client_for("office")
    payload = {
        "title": "API 协议",
        "type": "mou",
        "partner_ids": [world.partners["malaya"].pk],
        "unit_ids": [world.units["IT"].pk],
        "valid_from": "2026-09-01",
        "valid_to": "2029-08-31",
    }
    created = client.post("/api/v1/agreements", payload, content_type="application/json")
    assert created.status_code == 201
    agreement_id = created.json()["id"]
    steps = f"/api/v1/agreements/{agreement_id}/steps"
    submitted = client.post(steps, {"step": "submit"}, content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    own = client.post(steps, {"step": "approve"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert own.status_code == 400 and "separation of duties" in own.json()["message"]  # who submitted it
    approved = client_for("leader").post(steps, {"step": "approve"}, content_type="application/json")
    assert approved.status_code == 200, approved.content
    unscanned = client.post(
        steps,
        {"step": "sign", "signed_on": "2026-10-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert unscanned.status_code == 400 and unscanned.json()["field"] == "signed_copy"
    stale = client.post(
        f"/api/v1/agreements/{agreement_id}/steps",
        {"step": "sign", "expected_status": "in_review", "signed_on": "2026-10-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    bad = client.post(
        "/api/v1/agreements",
        {**payload, "valid_to": "2020-01-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "valid_to"
    listed = client.get("/api/v1/agreements?status=approved").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == agreement_id
    upload = client.post(
        f"/api/v1/agreements/{agreement_id}/documents?kind=signed_copy",
        {"file": SimpleUploadedFile("scan.pdf", PDF)},
    )
    assert upload.status_code == 201
    other = client_for("other_office")
    assert other.get(f"/api/v1/agreements/{agreement_id}").status_code == 404
    assert (
        other.post(
            f"/api/v1/agreements/{agreement_id}/steps", {"step": "sign"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_history_names_obligation_fields_and_choices_not_their_codes(world, client_for):
    from intercoop.agreements import services

    agreement = factories.agreement(world)
    services.obligation_save(
        agreement=agreement, actor=None, data={"title": "接收交换生", "due_on": dt.date(2027, 1, 1)}
    )
    page = client_for("office").get(f"/agreements/{agreement.pk}/").content.decode()
    assert "due_on" not in page and "<td>due on</td>" in page
    chinese = client_for("office", "zh-hans").get(f"/agreements/{agreement.pk}/").content.decode()
    assert "<td>截止日期</td>" in chinese and "<td>未完成</td>" in chinese


def test_a_wrong_upload_is_archived_not_deleted_and_obligations_are_reported_through_the_api(
    world, client_for
):
    from intercoop.agreements import services

    agreement = factories.agreement(world)
    client = client_for("office")
    client.post(
        f"/agreements/{agreement.pk}/documents/", {"kind": "annex", "file": SimpleUploadedFile("x.pdf", PDF)}
    )
    document = Attachment.objects.get(owner_id=agreement.pk, owner_type__model="agreement")
    assert client_for("liaison_b").post(f"/files/{document.pk}/archive/").status_code == 404
    client.post(f"/files/{document.pk}/archive/")
    document.refresh_from_db()
    assert document.is_archived
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/files/{document.pk}/"' not in page  # off the list; its steps stay in the history
    assert "x.pdf" in page and "file archived" in page
    obligation = services.obligation_save(
        agreement=agreement,
        actor=None,
        data={"title": "互派教师", "due_on": dt.date(2026, 1, 1), "responsible": world.people["teacher"]},
    )
    url = f"/api/v1/agreements/{agreement.pk}/obligations/{obligation.pk}"
    assert (
        client_for("liaison_b").patch(url, {"status": "done"}, content_type="application/json").status_code
        == 404
    )
    response = client_for("teacher").patch(url, {"status": "done"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert response.json()["done_on"] is not None

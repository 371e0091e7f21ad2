from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.approvals.models import ApprovalRequest
from intercoop.travel import documents, services
from intercoop.travel.models import Trip
from intercoop.travel.tests import factories

pytestmark = pytest.mark.django_db
DEPARTURE = dt.date(2026, 5, 11)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


def _form(world, **overrides):
    data = {
        "title": "赴德国参加职业教育会议",
        "purpose": "conference",
        "org_unit": world.units["AUTO"].pk,
        "applicant": world.people["teacher"].pk,
        "departure": "2026-05-11",
        "return_on": "2026-05-15",
        "inviting_partner": world.partners["malaya"].pk,
        "fund_source": "special_fund",
        "itinerary": "Berlin",
        "members": [world.people["teacher"].pk],
        "leader": world.people["teacher"].pk,
        "country_1": "DE",
        "city_1": "Berlin",
        "days_1": "5",
        "amount_fare": "12000",
        "source_fare": "special_fund",
    }
    data.update(overrides)
    return data


def test_teacher_drafts_a_trip_through_the_form(world, client_for):
    client = client_for("teacher")
    response = client.post("/travel/new/", _form(world))
    assert response.status_code == 302
    trip = Trip.objects.get(title="赴德国参加职业教育会议")
    assert trip.destinations.get().country == "DE" and trip.budget_lines.get().amount == 12000
    page = client.get(f"/travel/{trip.pk}/")
    assert page.status_code == 200 and "outside the annual plan" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"return_on": "2026-05-10"}, "The return date is before the departure date."),
        ({"return_on": "2026-05-20", "days_1": "10"}, "at most 5 days"),
        ({"members": []}, "This field is required."),
    ],
)
def test_form_errors_are_shown_and_nothing_is_saved(world, client_for, overrides, message):
    before = Trip.objects.count()
    response = client_for("teacher").post("/travel/new/", _form(world, **overrides))
    assert response.status_code == 400  # a refused form answers 400, as every form
    assert message in response.content.decode()
    assert Trip.objects.count() == before


def test_the_chinese_form_says_the_limits_in_chinese(world, client_for):
    response = client_for("teacher", "zh-hans").post(
        "/travel/new/", _form(world, return_on="2026-05-20", days_1="10")
    )
    assert "最多" in response.content.decode()


def test_a_teacher_cannot_apply_for_someone_else(world, client_for):
    """A teacher names only themselves: a colleague is not among the choices (and nothing is written)."""
    trips = Trip.objects.count()
    response = client_for("teacher").post(
        "/travel/new/",
        _form(
            world,
            applicant=world.people["it_teacher"].pk,
            members=[world.people["it_teacher"].pk],
            leader=world.people["it_teacher"].pk,
        ),
    )
    form = response.context["form"]
    assert response.status_code == 400 and {"applicant", "members", "leader"} <= set(form.errors)
    assert "Li Ming" in str(form["applicant"]) and "王芳" not in str(form["applicant"])
    assert Trip.objects.count() == trips


def test_approver_decides_through_the_page_and_a_stale_page_is_told(world, client_for):
    trip = factories.trip(world, departure=DEPARTURE)
    services.trip_submit(trip=trip, actor=world.user("teacher"))
    step = factories.pending_step(trip)
    leader = client_for("leader")
    page = leader.get(f"/travel/{trip.pk}/").content.decode()
    assert 'data-testid="decide-form"' in page
    post = {"decision": "approve", "version": step.request.version}
    assert leader.post(f"/approvals/steps/{step.pk}/decide/", post).status_code == 302
    again = leader.post(f"/approvals/steps/{step.pk}/decide/", post, follow=True)
    assert "no longer waiting" in again.content.decode()
    finance = client_for("finance")
    step2 = factories.pending_step(trip)
    assert step2.name == "人事处审核"
    refused = finance.post(
        f"/approvals/steps/{step2.pk}/decide/",
        {"decision": "approve", "version": step2.request.version},
        follow=True,
    )
    assert "you cannot decide it" in refused.content.decode()
    assert client_for("other_office").post(f"/approvals/steps/{step2.pk}/decide/", post).status_code == 404
    assert client_for("liaison_b").post(f"/approvals/steps/{step2.pk}/decide/", post).status_code == 404


def test_mission_documents_are_word_and_pdf(world, client_for):
    trip = factories.approve_all(
        world, services.trip_submit(trip=factories.trip(world, departure=DEPARTURE), actor=None)
    )
    services.mission_issue(trip=trip, actor=None, today=dt.date(2026, 3, 9))
    client = client_for("teacher")
    docx = client.get(f"/travel/{trip.pk}/mission.docx")
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "WR-2026-001" in body and "任务批件" in body and "李明" in body
    pdf = client.get(f"/travel/{trip.pk}/mission.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for("liaison_b").get(f"/travel/{trip.pk}/mission.pdf").status_code == 404


def test_the_public_notice_is_a_word_and_pdf_document_saying_where_to_object(world, client_for):
    """公示 (issue 15 item 13): delegation, purpose, destinations, dates, budget and where to object."""
    import docx as python_docx

    draft = factories.trip(world, departure=DEPARTURE)
    office = client_for("office")
    assert office.get(f"/travel/{draft.pk}/notice.docx").status_code == 404  # no notice yet
    world.a.settings = {
        "travel": {"notice_contact": "国际交流与合作处（电话 023-65920000，io@example.edu.cn）"}
    }
    world.a.save()
    trip = factories.approve_all(world, services.trip_submit(trip=draft, actor=None))
    assert trip.notice_starts_on is not None
    response = office.get(f"/travel/{trip.pk}/notice.docx")
    assert response.status_code == 200 and response["Content-Type"] == documents.DOCX
    document = python_docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert "因公出国公示" in document.paragraphs[0].text
    assert "023-65920000" in text and "异议" in text
    assert "李明（团长" in cells["团组成员 Delegation"]
    assert "马来西亚" in cells["出访国家（地区）及停留天数 Destinations"]
    assert cells["出访日期 Dates"].startswith(f"{trip.departure:%Y-%m-%d} 至 {trip.return_on:%Y-%m-%d}")
    assert cells["经费预算及来源 Budget and funds"].startswith("¥30,000.00")
    assert (
        cells["公示期 Notice period"] == f"{trip.notice_starts_on:%Y-%m-%d} 至 {trip.notice_ends_on:%Y-%m-%d}"
    )
    pdf = office.get(f"/travel/{trip.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for("other_office").get(f"/travel/{trip.pk}/notice.pdf").status_code == 404
    assert client_for("liaison_b").get(f"/travel/{trip.pk}/notice.docx").status_code == 404


def test_plan_export_and_figures_export_are_excel(world, client_for):
    office = client_for("office")
    assert office.get("/travel/plans/?year=2027&format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    assert office.get("/travel/figures/?format=xlsx&year=2026")["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    assert client_for("liaison_a").get("/travel/plans/?year=2027&format=xlsx").status_code == 404


def test_api_walks_a_trip_to_settlement(world, client_for):
    teacher, leader, office, finance = (client_for(n) for n in ("teacher", "leader", "office", "finance"))
    body = {
        "title": "API trip",
        "purpose": "teaching",
        "org_unit_id": world.units["AUTO"].pk,
        "applicant_id": world.people["teacher"].pk,
        "departure": "2026-05-11",
        "return_on": "2026-05-15",
        "member_ids": [world.people["teacher"].pk],
        "leader_id": world.people["teacher"].pk,
        "destinations": [{"country": "MY", "city": "KL", "days": 5}],
        "budget": [{"item": "fare", "amount": "9000", "fund_source": "special_fund"}],
        "inviting_partner_id": world.partners["malaya"].pk,
        "fund_source": "special_fund",
        "itinerary": "KL",
    }
    created = teacher.post("/api/v1/travel/trips", body, content_type="application/json")
    assert created.status_code == 201, created.content
    trip_id = created.json()["id"]
    refused = teacher.post(f"/api/v1/travel/trips/{trip_id}/submit")
    assert refused.status_code == 400 and "invitation" in refused.json()["message"]
    upload = teacher.post(
        f"/api/v1/travel/trips/{trip_id}/documents?kind=invitation", {"file": factories.pdf()}
    )
    assert upload.status_code == 201
    assert teacher.post(f"/api/v1/travel/trips/{trip_id}/submit").json()["status"] == "in_approval"
    users = {"leader": leader, "finance": finance, "office": office}
    for _ in range(6):
        waiting = {name: c.get("/api/v1/approvals/waiting").json() for name, c in users.items()}
        mine = [(name, s) for name, steps in waiting.items() for s in steps if s["object_id"] == trip_id]
        if not mine:
            break
        name, step = mine[0]
        decided = users[name].post(
            f"/api/v1/approvals/steps/{step['id']}/decide",
            {"decision": "approve", "version": step["version"]},
            content_type="application/json",
        )
        assert decided.status_code == 200
    assert teacher.get(f"/api/v1/travel/trips/{trip_id}").json()["status"] == "notice"
    early = office.post(f"/api/v1/travel/trips/{trip_id}/mission")
    assert early.status_code == 400
    with time_machine.travel(dt.datetime(2026, 3, 9, 9), tick=False):
        office.force_login(world.user("office"))  # sessions expire over the week travelled
        assert (
            office.post(f"/api/v1/travel/trips/{trip_id}/mission").json()["mission_number"] == "WR-2026-001"
        )
    with time_machine.travel(dt.datetime(2026, 5, 20, 9), tick=False):
        for name, client in (("teacher", teacher), ("finance", finance), ("office", office)):
            client.force_login(world.user(name))
        reported = teacher.post(
            f"/api/v1/travel/trips/{trip_id}/report", {"text": "Done"}, content_type="application/json"
        )
        assert reported.json()["status"] == "reported"
        line = reported.json()["budget"][0]["id"]
        actuals = {"actuals": {line: {"amount": "1100", "currency": "USD", "rate": "7.1"}}}
        settlement = f"/api/v1/travel/trips/{trip_id}/settlement"
        assert teacher.post(settlement, actuals, content_type="application/json").status_code == 404
        unproven = finance.post(
            settlement, actuals, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert unproven.status_code == 400 and "attach its receipts" in unproven.json()["message"]
        receipt = finance.post(
            f"/api/v1/travel/trips/{trip_id}/documents?kind=receipt&part={line}",
            {"file": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")},
        )
        assert receipt.status_code == 201, receipt.content
        settled = finance.post(settlement, actuals, content_type="application/json")
        assert settled.json()["status"] == "settled"
        assert settled.json()["budget"][0]["actual"] == "7810.00"  # 1,100 dollars at 7.1
        assert settled.json()["budget"][0]["actual_currency"] == "USD"
        figures = office.get("/api/v1/travel/figures?year=2026").json()
        assert figures["person_days"] == 5 and figures["teaching_person_days"] == 5
        steps = teacher.get(f"/api/v1/travel/trips/{trip_id}/approvals").json()
        assert {s["status"] for s in steps} == {"approved"}
    assert ApprovalRequest.objects.get(object_id=trip_id).status == "approved"


def test_the_drill_down_of_a_figure_adds_up_to_the_figure(world, client_for):
    from intercoop.travel.tests.test_services import _done

    two = [world.people["teacher"], world.people["it_teacher"]]
    _done(
        world,
        dt.date(2025, 8, 28),
        7,
        members=two,
        destinations=[services.Destination("MY", 4), services.Destination("SG", 3)],
    )
    _done(world, dt.date(2025, 10, 6), 3)
    office = client_for("office")
    figures = office.get("/api/v1/travel/figures?year=2026").json()
    assert figures["person_days"] == 3 * 2 + 3
    page = office.get("/travel/?counted=1&start=2025-09-01&end=2026-08-31").content.decode()
    assert f"{figures['person_days']} person-days in all" in page


def test_a_receipt_names_a_line_of_its_own_trip_only_on_the_api_and_the_page(world, client_for):
    """The same answer through both doors: a budget line of another trip is not a part of this one."""
    from intercoop.attachments.models import Attachment
    from intercoop.travel import selectors

    mine, other = world.trips["auto"], world.trips["it"]
    foreign_line = selectors.budget_of(other).first()
    assert foreign_line is not None
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    office = client_for("office")
    before = Attachment.objects.count()
    api = office.post(
        f"/api/v1/travel/trips/{mine.pk}/documents?kind=receipt&part={foreign_line.pk}",
        {"file": SimpleUploadedFile("r.pdf", pdf)},
    )
    page = office.post(
        f"/travel/{mine.pk}/documents/",
        {"kind": "receipt", "part": foreign_line.pk, "file": SimpleUploadedFile("r.pdf", pdf)},
    )
    assert api.status_code == 404
    assert page.status_code in (302, 400)  # the page's refusal: the form says so
    assert Attachment.objects.count() == before
    own_line = selectors.budget_of(mine).first()
    ok = office.post(
        f"/api/v1/travel/trips/{mine.pk}/documents?kind=receipt&part={own_line.pk}",
        {"file": SimpleUploadedFile("r.pdf", pdf)},
    )
    assert ok.status_code == 201 and Attachment.objects.get(pk=ok.json()["id"]).part_id == own_line.pk

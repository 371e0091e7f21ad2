"""Issue 17 item 5: the past can be recorded. The office enters a trip that took place (or imports earlier
years from Excel) with the approval reference it had; it counts in that year's travel figures and row 4;
an approved trip's dates are corrected after the return as an audited step."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from intercoop.core.errors import DomainError
from intercoop.core.models import AuditEntry
from intercoop.core.periods import period_bounds
from intercoop.imports.models import ImportBatch
from intercoop.indicators import registry
from intercoop.indicators.engine import Engine
from intercoop.travel import selectors, services
from intercoop.travel.models import Trip
from intercoop.travel.services import Destination

pytestmark = pytest.mark.django_db


def record(world, departure: dt.date, days: int = 5, mission: str = "渝外办〔2024〕108号", **kwargs):
    teacher = world.people["teacher"]
    return services.trip_record_past(
        institution=world.a,
        data={
            "title": "赴德国开展新能源汽车课程教学",
            "purpose": "teaching",
            "org_unit": world.units["AUTO"],
            "departure": departure,
            "return_on": departure + dt.timedelta(days=days - 1),
            "fund_source": "special_fund",
        },
        members=kwargs.pop("members", [teacher]),
        leader=teacher,
        destinations=kwargs.pop("destinations", [Destination("DE", days)]),
        mission_number=mission,
        mission_issued_on=departure - dt.timedelta(days=20),
        actor=world.user("office"),
        **kwargs,
    )


def test_a_past_trip_recorded_afterwards_counts_in_its_years_figures_and_row_4(world):
    trip = record(world, dt.date(2024, 10, 14), 5)  # 14–18 Oct 2024: report year 2025
    assert trip.status == Trip.Status.APPROVED and trip.recorded_afterwards
    assert trip.mission_number == "渝外办〔2024〕108号"
    assert AuditEntry.objects.filter(
        action="travel.trip.recorded_afterwards", object_id=str(trip.pk)
    ).exists()
    start, end = period_bounds("school", 2025)
    figures = selectors.figures(user=world.user("office"), institution=world.a, start=start, end=end)
    # 5 days × 1 teacher, in the trips, the person-days and the teachers' person-days alike
    assert (figures.trips, figures.person_days, figures.teaching_person_days) == (1, 5, 5)
    assert figures.reports_due == 0  # its report was filed outside the system: not "missing"
    assert trip not in selectors.reports_due(user=world.user("office"))  # nor due, nor reminded of
    from intercoop.travel import deadlines

    teachers_deadlines = deadlines.mine(world.user("teacher"), dt.date(2026, 12, 1))
    assert f"travel-report-{trip.pk}" not in {d.uid for d in teachers_deadlines}
    row4 = Engine(world.a).value(registry.get("teachers_abroad_person_days"), 2025).computed
    assert row4 == 5


def test_a_past_trip_needs_its_approval_reference_and_to_be_over(world):
    with pytest.raises(DomainError) as exc:
        record(world, dt.date(2024, 10, 14), mission="")
    assert exc.value.field == "mission_number"
    with pytest.raises(DomainError) as exc:
        record(world, dt.date(2030, 1, 7))
    assert exc.value.field == "return_on"
    record(world, dt.date(2024, 10, 14))
    with pytest.raises(DomainError) as exc:
        record(world, dt.date(2023, 5, 8))  # the same reference again
    assert exc.value.code == "conflict"


def _xlsx(rows) -> bytes:
    wb = Workbook()
    wb.active.append(
        [
            "出访任务名称 / Title",
            "出访目的 / Purpose",
            "组团单位代码 / Unit code",
            "出境日期 / Departure",
            "入境日期 / Return",
            "出访国家（地区）及天数 / Countries and days",
            "团组成员工号 / Members' staff numbers",
            "团长工号 / Leader's staff number",
            "任务批件号 / Mission approval number",
            "批件日期 / Approval date",
            "经费来源 / Fund source",
        ]
    )
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


THREE_YEARS = [
    # report year 2022: 5 days × 2 teachers = 10 teacher person-days
    [
        "赴马来西亚教学",
        "赴境外基地开展教学培训",
        "AUTO",
        "2021-11-08",
        "2021-11-12",
        "MY",
        "T1; T2",
        "T1",
        "渝外办〔2021〕31号",
        "2021-10-15",
        "国际合作专项经费",
    ],
    # report year 2023: a conference (not row 4), 4 days × 1
    [
        "出席国际会议",
        "International conference",
        "IT",
        "2023-03-06",
        "2023-03-09",
        "DE 2; FR 2",
        "T2",
        "",
        "渝外办〔2023〕7号",
        "",
        "College budget",
    ],
    # report year 2024: guidance, 5 days × 1 teacher
    [
        "赴泰国指导学生",
        "Guidance of students or partners abroad",
        "AUTO",
        "2024-05-13",
        "2024-05-17",
        "TH 5",
        "T1",
        "T1",
        "渝外办〔2024〕19号",
        "2024-04-20",
        "special_fund",
    ],
]


def test_three_earlier_years_of_trips_come_in_from_excel_and_count_in_those_years(world, client_for):
    client = client_for("office")
    upload = SimpleUploadedFile("trips.xlsx", _xlsx(THREE_YEARS), content_type="application/octet-stream")
    response = client.post("/imports/past_trips/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.problems == [], batch.problems
    client.post(f"/imports/batch/{batch.pk}/commit/")
    trips = Trip.objects.filter(institution=world.a, recorded_afterwards=True)
    assert trips.count() == 3
    engine = Engine(world.a)
    row4 = registry.get("teachers_abroad_person_days")
    assert [engine.value(row4, year).computed for year in (2022, 2023, 2024)] == [10, 0, 5]
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    figures = client.get("/api/v1/travel/figures?year=2023", **headers).json()
    assert (figures["trips"], figures["person_days"]) == (1, 4)
    assert {r["key"]: r["person_days"] for r in figures["by_country"]} == {"DE": 2, "FR": 2}
    again = SimpleUploadedFile("trips.xlsx", _xlsx(THREE_YEARS), content_type="application/octet-stream")
    page = client.post("/imports/past_trips/", {"file": again}, follow=True).content.decode()
    assert "0 new, 3 unchanged." in page


def test_an_import_row_with_an_unknown_person_or_a_coming_trip_names_row_and_column(world, client_for):
    rows = [
        ["A", "teaching", "AUTO", "2024-05-13", "2024-05-17", "TH", "T404", "", "X-1", "", "special_fund"],
        ["B", "teaching", "AUTO", "2031-05-13", "2031-05-17", "TH", "T1", "", "X-2", "", "special_fund"],
        # the rules of every trip apply: one country, at most 5 days
        ["C", "teaching", "AUTO", "2024-06-03", "2024-06-10", "TH", "T1", "", "X-3", "", "special_fund"],
    ]
    upload = SimpleUploadedFile("trips.xlsx", _xlsx(rows), content_type="application/octet-stream")
    client_for("office").post("/imports/past_trips/", {"file": upload})
    problems = {(p["row"], p["column"]) for p in ImportBatch.objects.get().problems}
    assert problems == {(2, "G"), (3, "E"), (4, "E")}
    assert not Trip.objects.filter(recorded_afterwards=True).exists()


def test_the_dates_travelled_are_corrected_after_the_return_with_a_reason(world, client_for):
    trip = record(world, dt.date(2024, 10, 14), 5)  # 14–18 Oct 2024, 5 days in Germany
    with pytest.raises(DomainError) as exc:
        services.trip_correct_dates(
            trip=trip, departure=trip.departure, return_on=dt.date(2024, 10, 16), reason="", actor=None
        )
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:  # 3 days now, the 5 days in Germany no longer fit
        services.trip_correct_dates(
            trip=trip,
            departure=trip.departure,
            return_on=dt.date(2024, 10, 16),
            reason="came back early",
            actor=None,
        )
    assert exc.value.field == "destinations"
    response = client_for("office").post(
        f"/travel/{trip.pk}/correct-dates/",
        {"departure": "2024-10-14", "return_on": "2024-10-18", "reason": "as approved"},
    )
    assert response.status_code == 302
    services.trip_correct_dates(
        trip=trip,
        departure=trip.departure,
        return_on=dt.date(2024, 10, 16),
        reason="came back two days early",
        destinations=[Destination("DE", 3)],
        actor=world.user("office"),
    )
    trip.refresh_from_db()
    assert (trip.return_on, trip.days) == (dt.date(2024, 10, 16), 3)
    entry = AuditEntry.objects.filter(action="travel.trip.dates_corrected", object_id=str(trip.pk)).latest(
        "id"
    )
    assert entry.data["reason"] == "came back two days early"
    row4 = Engine(world.a).value(registry.get("teachers_abroad_person_days"), 2025).computed
    assert row4 == 3  # the days really travelled


def test_only_the_office_records_past_trips_and_corrects_dates_on_page_and_api(world, client_for):
    body = {
        "title": "Past trip",
        "purpose": "teaching",
        "org_unit_id": world.units["AUTO"].pk,
        "applicant_id": world.people["teacher"].pk,
        "departure": "2024-03-04",
        "return_on": "2024-03-08",
        "member_ids": [world.people["teacher"].pk],
        "leader_id": world.people["teacher"].pk,
        "destinations": [{"country": "DE", "days": 5}],
        "fund_source": "special_fund",
        "mission_number": "渝外办〔2024〕3号",
    }
    for username, expected in (("office", 201), ("liaison_a", 404), ("teacher", 404), ("other_office", 404)):
        token = (
            Client()
            .post(
                "/api/v1/auth/token",
                {"username": username, "password": "pw"},
                content_type="application/json",
            )
            .json()["token"]
        )
        response = Client().post(
            "/api/v1/travel/past-trips",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == expected, (username, response.content)
        if expected == 201:
            created = response.json()
            assert created["recorded_afterwards"] and created["status"] == "approved"
    trip_id = created["id"]
    correct = {
        "departure": "2024-03-04",
        "return_on": "2024-03-07",
        "reason": "one day less",
        "destinations": [{"country": "DE", "days": 4}],
    }
    for persona in ("liaison_a", "teacher", "leader", "finance", "other_office", "supervisor"):
        assert client_for(persona).post(f"/travel/{trip_id}/correct-dates/", correct).status_code == 404
    assert Trip.objects.get(pk=trip_id).return_on == dt.date(2024, 3, 8)  # nothing changed
    draft = world.trips["it"]  # not approved, not come back: refused with the reason, nothing changed
    refused = client_for("office").post(f"/travel/{draft.pk}/correct-dates/", correct, follow=True)
    assert "Only an approved trip" in refused.content.decode()
    assert Trip.objects.get(pk=draft.pk).departure == draft.departure
    office = client_for("office")
    page = office.get(f"/travel/{trip_id}/").content.decode()
    assert 'data-testid="correct-dates"' in page and 'data-testid="recorded-afterwards"' in page
    assert 'data-testid="import-past-trips"' in office.get("/travel/").content.decode()
    assert 'data-testid="import-past-trips"' not in client_for("teacher").get("/travel/").content.decode()


def _past_form(world, **extra):
    teacher = world.people["teacher"].pk
    return {
        "title": "赴德国开展新能源汽车课程教学",
        "purpose": "teaching",
        "org_unit": world.units["AUTO"].pk,
        "applicant": teacher,
        "departure": "2024-10-14",
        "return_on": "2024-10-18",
        "fund_source": "special_fund",
        "members": [teacher],
        "leader": teacher,
        "country_1": "DE",
        "city_1": "Berlin",
        "days_1": "5",
        "mission_number": "渝外办〔2024〕108号",
        "mission_issued_on": "2024-09-20",
        **extra,
    }


def test_the_office_records_a_past_trip_on_one_form_and_corrects_that_record(world, client_for):
    office = client_for("office")
    listing = office.get("/travel/").content.decode()
    assert 'data-testid="record-past-trip"' in listing
    form = office.get("/travel/past/new/")
    assert form.status_code == 200 and 'data-testid="past-explained"' in form.content.decode()
    # A coming trip, or no approval reference: said beside the field, nothing written.
    before = Trip.objects.count()
    refused = office.post("/travel/past/new/", _past_form(world, mission_number=""))
    assert refused.status_code == 400 and "mission_number" in refused.context["form"].errors
    coming = office.post(
        "/travel/past/new/", _past_form(world, departure="2030-01-07", return_on="2030-01-11")
    )
    assert coming.status_code == 400 and "return_on" in coming.context["form"].errors
    assert Trip.objects.count() == before
    response = office.post("/travel/past/new/", _past_form(world))
    assert response.status_code == 302
    trip = Trip.objects.get(mission_number="渝外办〔2024〕108号")
    assert trip.recorded_afterwards and trip.status == Trip.Status.APPROVED
    page = office.get(f"/travel/{trip.pk}/").content.decode()
    # Not an application: no edit that would send it to approval, no report to file, no passports.
    assert 'data-testid="correct-record"' in page
    for absent in ('data-testid="edit-trip"', 'data-testid="file-report"', 'data-testid="issue-passport"'):
        assert absent not in page, absent
    assert office.get(f"/travel/{trip.pk}/edit/").url.endswith(f"/travel/{trip.pk}/edit-record/")
    # Correcting the record: a second member and the other country; no approval, audited.
    it_teacher = world.people["it_teacher"].pk
    corrected = office.post(
        f"/travel/{trip.pk}/edit-record/",
        _past_form(world, members=[world.people["teacher"].pk, it_teacher], country_1="FR"),
    )
    assert corrected.status_code == 302
    trip.refresh_from_db()
    assert trip.status == Trip.Status.APPROVED and trip.revision == 0
    assert list(trip.destinations.filter(archived_at__isnull=True).values_list("country", flat=True)) == [
        "FR"
    ]
    assert trip.members.filter(archived_at__isnull=True).count() == 2
    entry = AuditEntry.objects.get(action="travel.trip.record_corrected", object_id=str(trip.pk))
    assert "members" in entry.changes or "destinations" in entry.changes
    # The application doors refuse it with the reason.
    with pytest.raises(DomainError, match="recorded afterwards"):
        services.report_submit(trip=trip, text="report", actor=None)
    with pytest.raises(DomainError, match="recorded afterwards"):
        services.trip_update(
            trip=trip,
            data={"title": "x"},
            members=[world.people["teacher"]],
            leader=world.people["teacher"],
            destinations=[Destination("DE", 5)],
            actor=None,
        )
    # Its settlement happened outside too: the finance office may record it without a report.
    assert Trip.Status.APPROVED in services.settleable_statuses(trip)
    # Nobody else records or corrects past trips; another institution's office records its own only.
    for persona in ("liaison_a", "teacher", "finance", "leader", "other_office", "supervisor"):
        client = client_for(persona)
        expected = 200 if persona == "other_office" else 404
        assert client.get("/travel/past/new/").status_code == expected, persona
        assert client.post(f"/travel/{trip.pk}/edit-record/", _past_form(world)).status_code == 404, persona
    # An application is not corrected as a record.
    assert office.get(f"/travel/{world.trips['auto'].pk}/edit-record/").status_code == 404

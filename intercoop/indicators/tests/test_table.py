"""The international influence table from a small known set, checked row by row against values computed by
hand; the freeze, the adjustments, and the page, API and export command agreeing."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.indicators import selectors, services
from intercoop.indicators.models import Adjustment, Report
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.indicators.tests.factories import EXPECTED_2026, EXPECTED_COUNTRIES_2026, known_set
from intercoop.influence import services as influence
from intercoop.travel.tests.factories import pdf

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    return known_set(world)


def rows(data: dict[str, Any]) -> dict[int, Any]:
    return {r["number"]: r["current"] for r in data["rows"]}


def test_every_row_equals_its_hand_computed_value(world, known):
    data = selectors.build_table(world.a, INTERNATIONAL_INFLUENCE, 2026, selectors.Engine(world.a, TODAY))
    assert rows(data) == EXPECTED_2026
    countries = {r["number"]: r["countries"] for r in data["rows"] if r["countries"]}
    assert countries == EXPECTED_COUNTRIES_2026
    assert data["institution"]["code"] == world.a.code
    assert [r["number"] for r in data["rows"]] == list(range(1, 10))


def test_the_previous_year_column_and_no_data_before_anything_was_recorded(world, known):
    data = selectors.build_table(world.a, INTERNATIONAL_INFLUENCE, 2026, selectors.Engine(world.a, TODAY))
    previous = {r["number"]: r["previous"] for r in data["rows"]}
    # 2025: the student who left on 31 Aug 2026 was enrolled on 31 Aug 2025; 12 days of the internship
    # before 1 Sep; 4 days of the training before 1 Sep; the old post and WFCP; the standard adopted on
    # 31 Aug 2025; the Saudi base and the Thai centre (closed a year later). Trainings, course standards
    # and competitions were first recorded after that school year: no data, not 0.
    assert previous == {1: 1, 2: None, 3: 12, 4: 4, 5: 2, 6: 1, 7: None, 8: None, 9: 2}


def test_the_drill_down_of_every_row_adds_up_and_names_the_overlap(world, known):
    engine = selectors.Engine(world.a, TODAY)
    for row in INTERNATIONAL_INFLUENCE.version_for(2026).rows:
        indicator = selectors.indicator_or_404(row.indicator)
        comp, _period = engine.computation(indicator, 2026)
        assert sum(i.amount for i in comp.items) == EXPECTED_2026[row.number], row.indicator
    comp, _period = engine.computation(selectors.indicator_or_404("teachers_abroad_person_days"), 2026)
    overlap = next(i for i in comp.items if i.label.startswith(known["overlap"].reference))
    assert overlap.amount == 4
    assert known["trip"].number in overlap.detail and "3" in overlap.detail


def test_college_values_split_the_institution_value(world, known):
    engine = selectors.Engine(world.a, TODAY)
    indicator = selectors.indicator_or_404("teachers_abroad_person_days")
    auto = engine.value(indicator, 2026, world.units["AUTO"]).computed
    it = engine.value(indicator, 2026, world.units["IT"]).computed
    assert (auto, it) == (9, 3)
    assert auto + it == engine.value(indicator, 2026).computed


def test_submitting_freezes_the_table_and_later_edits_show_as_differences(world, known):
    office = world.user("office")
    report = services.submit(
        institution=world.a, table=INTERNATIONAL_INFLUENCE, year=2026, actor=office, today=TODAY
    )
    influence.set_entry_archived(entry=known["Saudi base"], archived=True, actor=office)
    data, frozen = selectors.table_for(world.a, INTERNATIONAL_INFLUENCE, 2026)
    assert frozen == report and rows(data)[9] == 1
    today = selectors.build_table(world.a, INTERNATIONAL_INFLUENCE, 2026)
    assert rows(today)[9] == 0
    diff = selectors.differences(data, today)
    assert [(d["number"], d["submitted"]["current"], d["today"]["current"]) for d in diff] == [(9, 1, 0)]
    with pytest.raises(ConflictError):
        services.submit(
            institution=world.a, table=INTERNATIONAL_INFLUENCE, year=2026, actor=office, today=TODAY
        )
    assert AuditEntry.objects.filter(action="indicators.report.submitted", object_id=str(report.pk)).exists()
    # Next year's table shows the submitted value as its previous year, not today's computation.
    nxt = selectors.build_table(world.a, INTERNATIONAL_INFLUENCE, 2027)
    row9 = next(r for r in nxt["rows"] if r["number"] == 9)
    assert (row9["previous"], row9["previous_source"]) == (1, "report")
    # Reopening keeps the submission (archived, with its reason) and computes again.
    with pytest.raises(DomainError, match="Say why"):
        services.reopen(report=report, reason=" ", actor=office)
    services.reopen(report=report, reason="Site archived by mistake?", actor=office)
    assert Report.objects.filter(pk=report.pk, archived_at__isnull=False).exists()
    assert selectors.table_for(world.a, INTERNATIONAL_INFLUENCE, 2026)[1] is None


def test_a_table_cannot_be_submitted_before_its_school_year_ends(world):
    with pytest.raises(DomainError, match="31 August 2026"):
        services.submit(
            institution=world.a,
            table=INTERNATIONAL_INFLUENCE,
            year=2026,
            actor=None,
            today=dt.date(2026, 8, 31),
        )
    assert not Report.objects.exists()


def test_an_adjustment_needs_a_reason_and_evidence_and_shows_beside_the_computed_value(world, known):
    office = world.user("office")
    kwargs = {"institution": world.a, "code": "awards_abroad", "year": 2026, "actor": office, "today": TODAY}
    with pytest.raises(DomainError, match="Say why") as err:
        services.adjust(value=2, reason="  ", evidence=pdf(), **kwargs)
    assert err.value.field == "reason"
    with pytest.raises(DomainError, match="evidence") as err:
        services.adjust(value=2, reason="A paper certificate", evidence=None, **kwargs)
    assert err.value.field == "evidence"
    with pytest.raises(DomainError, match="not a known indicator"):
        services.adjust(**{**kwargs, "code": "nonsense"}, value=2, reason="x", evidence=pdf())
    with pytest.raises(DomainError, match="zero or more"):
        services.adjust(value=-1, reason="x", evidence=pdf(), **kwargs)
    assert not Adjustment.objects.exists()
    first = services.adjust(value=2, reason="A paper certificate", evidence=pdf(), **kwargs)
    value = selectors.Engine(world.a, TODAY).value(selectors.indicator_or_404("awards_abroad"), 2026)
    assert (value.computed, value.reported, value.adjustment) == (1, 2, first)
    second = services.adjust(value=3, reason="Two certificates", evidence=pdf(), **kwargs)
    first.refresh_from_db()
    assert first.archived_at is not None and second.computed == 1
    data = selectors.build_table(world.a, INTERNATIONAL_INFLUENCE, 2026, selectors.Engine(world.a, TODAY))
    row8 = next(r for r in data["rows"] if r["number"] == 8)
    assert (row8["current"], row8["computed"], row8["adjusted"]) == (3, 1, True)
    assert AuditEntry.objects.filter(
        action="indicators.adjustment.replaced", object_id=str(first.pk)
    ).exists()
    services.adjustment_withdraw(adjustment=second, actor=office)
    value = selectors.Engine(world.a, TODAY).value(selectors.indicator_or_404("awards_abroad"), 2026)
    assert (value.reported, value.adjustment) == (1, None)


def test_an_institution_only_indicator_refuses_a_college_adjustment(world):
    with pytest.raises(DomainError, match="whole institution only"):
        services.adjust(
            institution=world.a,
            code="overseas_sites",
            year=2026,
            value=1,
            reason="x",
            evidence=pdf(),
            unit=world.units["AUTO"],
            actor=None,
            today=TODAY,
        )


def test_page_api_and_export_command_give_the_same_numbers(world, known, client_for, tmp_path):
    office = client_for("office")
    page = office.get("/indicators/tables/international_influence/?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    for number, value in EXPECTED_2026.items():
        assert f'data-testid="current-{number}">{value}' in html
    api = office.get("/api/v1/reports/international_influence?year=2026").json()
    assert rows(api) == EXPECTED_2026 and api["submitted"] is False
    out = io.StringIO()
    call_command(
        "export_report",
        "international_influence",
        institution=world.a.code,
        year=2026,
        format="json",
        output="-",
        stdout=out,
    )
    assert rows(json.loads(out.getvalue())) == EXPECTED_2026
    target = tmp_path / "table.xlsx"
    call_command(
        "export_report",
        "international_influence",
        institution=world.a.code,
        year=2026,
        format="xlsx",
        output=str(target),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[3]][:5] == ["序号", "指标", "单位", "上一年", "本年"]
    assert world.a.code in sheet["A2"].value
    values = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=5).value for r in range(4, 13)}
    assert values == EXPECTED_2026
    assert sheet.cell(row=10, column=6).value  # adopting countries beside row 7
    download = office.get("/indicators/tables/international_influence/?year=2026&format=xlsx")
    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.worksheets[0].cell(row=12, column=5).value == EXPECTED_2026[9]


def test_the_export_of_a_submitted_year_serves_the_snapshot(world, known, client_for):
    services.submit(institution=world.a, table=INTERNATIONAL_INFLUENCE, year=2026, actor=None, today=TODAY)
    influence.set_entry_archived(entry=known["Saudi base"], archived=True, actor=None)
    office = client_for("office")
    api = office.get("/api/v1/reports/international_influence?year=2026").json()
    assert api["submitted"] is True and rows(api)[9] == 1
    download = office.get("/indicators/tables/international_influence/?year=2026&format=xlsx")
    assert load_workbook(io.BytesIO(download.content)).worksheets[0].cell(row=12, column=5).value == 1
    page = office.get("/indicators/tables/international_influence/?year=2026").content.decode()
    assert 'data-testid="frozen"' in page and 'data-testid="differences"' in page


def test_indicator_api_items_add_up_to_the_value(world, known, client_for):
    body = client_for("office").get("/api/v1/indicators/teachers_abroad_person_days?year=2026").json()
    assert body["value"] == 12 and body["items_total"] == 12
    assert sum(i["amount"] for i in body["items"]) == 12
    college = client_for("liaison_b").get("/api/v1/indicators/teachers_abroad_person_days?year=2026").json()
    assert (college["unit_id"], college["value"]) == (world.units["IT"].pk, 3)


def test_the_office_is_asked_on_the_home_page_to_submit_the_last_years_table(world, client_for):
    from intercoop.indicators.selectors import default_year

    office = client_for("office")
    year = default_year()
    item = f"International influence table {year}"  # the work-queue entry (the menu names the table too)
    assert item in office.get("/").content.decode()
    assert item not in client_for("liaison_a").get("/").content.decode()
    services.submit(institution=world.a, table=INTERNATIONAL_INFLUENCE, year=year, actor=None)
    assert item not in office.get("/").content.decode()


def test_a_supervisor_sees_every_institutions_figures_and_no_person(world, known, client_for):
    page = client_for("supervisor").get("/indicators/?year=2026").content.decode()
    assert world.a.code in page and world.b.code in page
    assert 'data-testid="supervision-others"' in page
    for name in ("Li Ming", "李明", "Student 1", "周强", "王芳"):
        assert name not in page
    api = (
        client_for("supervisor").get("/api/v1/reports/international_influence/institutions?year=2026").json()
    )
    by_code = {entry["institution"]["code"]: entry for entry in api}
    assert rows(by_code[world.a.code]) == EXPECTED_2026
    assert all(row["current"] is None for row in by_code[world.b.code]["rows"])
    assert client_for("supervisor").get("/indicators/awards_abroad/?year=2026").status_code == 404


def test_a_liaison_of_a_department_does_not_read_its_whole_college(world, known, client_for):
    """The college's figures and records include other departments: a department's liaison gets 404."""
    from intercoop.accounts import services as accounts
    from intercoop.accounts.models import User
    from intercoop.core.roles import Role

    user = accounts.user_create(
        institution=world.a, data={"username": "dept"}, password="pw", actor=None, check_password=False
    )
    accounts.membership_grant(
        user=user,
        role=Role.COLLEGE_LIAISON,
        institution=world.a,
        org_unit=world.units["AUTO-NEV"],
        actor=None,
    )
    client = client_for("office")
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get("/indicators/?year=2026").status_code == 404
    assert (
        client.get(f"/indicators/awards_abroad/?year=2026&unit={world.units['AUTO'].pk}").status_code == 404
    )
    assert client.get("/api/v1/indicators?year=2026").status_code == 404

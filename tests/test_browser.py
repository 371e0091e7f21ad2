"""Drive Debian's Chromium through the app: login, language switch, people, the history panel, a chart.

Needs /usr/bin/chromium (`apt-get install chromium`); skipped with that reason where it is missing.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("demo"),  # with the other tests that start from the demo snapshot
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
    # The flag is set for these tests only and removed afterwards (other tests share the worker).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def db() -> None:
    """Overrides pytest-django's ``db`` for these tests: asking for it makes pytest-django create the test
    database, but the tests do not run inside its rolled-back transaction (the live server could not see
    their data on PostgreSQL); ``page`` restores a committed snapshot of the demo instead."""


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    """The demo each test starts from (``page`` restores it, committed); the state before the module, the
    persona world, is put back when the module ends, so no later test has to build it again."""
    from tests.personas import restore_snapshot, take_snapshot

    with django_db_blocker.unblock():
        before = take_snapshot()
    yield demo_snapshot
    with django_db_blocker.unblock():
        restore_snapshot(before)


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """A live server that does not empty the database after each test (pytest-django's ``live_server``
    flushes it, and the demo would have to be seeded again): each test restores the demo instead."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        live = LiveServer("localhost")
    live._live_server_modified_settings.enable()
    yield live
    live._live_server_modified_settings.disable()
    live.stop()


@pytest.fixture
def page(db, browser, server, demo, django_db_blocker):
    from tests.personas import restore_snapshot

    with django_db_blocker.unblock():
        restore_snapshot(demo)  # whatever the previous test changed through the browser is undone
        context = browser.new_context(
            base_url=server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        # Every page of every browser test runs under the Content-Security-Policy: anything it blocks (an
        # inline script or handler, a <style> element, a load from elsewhere) fails the test. (Script errors
        # are not collected: ECharts sometimes reports drawing into a canvas of size 0 while resizing.)
        blocked: list[str] = []
        page.on(
            "console",
            lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        yield page
        context.close()
        assert not blocked, blocked


def login(page, username: str, password: str = "demo") -> None:
    page.context.clear_cookies()  # log the previous user out
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_login_language_switch_and_history_panel(page):
    from playwright.sync_api import expect

    login(page, "office")
    expect(page.get_by_test_id("home-title")).to_contain_text("欢迎")
    chart = page.get_by_test_id("college-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    assert chart.locator("canvas").count() >= 1
    shot(page, "home-office-zh")

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("home-title")).to_contain_text("Welcome")
    shot(page, "home-office-en")

    page.click("[data-nav=people]")
    page.fill("main input[name=q]", "Li Ming")
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^1 person$"))
    page.get_by_role("link", name="Li Ming").click()
    history = page.get_by_test_id("history-panel")
    expect(history).to_contain_text("person changed")
    expect(history).to_contain_text("position or title")

    page.get_by_test_id("edit-person").click()
    page.fill("input[name=position]", "二级教授")
    page.get_by_test_id("save").click()
    expect(page.locator(".alert-success")).to_contain_text("The person was saved.")
    first = history.locator("li").first
    expect(first).to_contain_text("国际处 谭敏")
    expect(first).to_contain_text("二级教授")
    expect(first).to_contain_text("教授")
    shot(page, "person-history-en")

    page.get_by_test_id("lang-zh-hans").click()
    expect(page.get_by_test_id("history-panel")).to_contain_text("变更历史")
    expect(page.get_by_test_id("history-panel")).to_contain_text("修改人员")


def test_a_liaison_sees_only_their_college_and_masked_passports(page):
    from playwright.sync_api import expect

    login(page, "liaison_auto")
    expect(page.get_by_test_id("my-units")).to_contain_text("汽车工程学院")
    page.click("[data-nav=people]")
    page.fill("main input[name=q]", "李明")
    page.get_by_role("link", name="李明").first.click()
    expect(page.get_by_test_id("passport")).to_have_text("••••")
    shot(page, "person-liaison-zh")
    page.goto("/org/units/")
    assert page.locator("[data-nav=users]").count() == 0


def test_partner_to_active_agreement_with_signed_scan_turns_dormant_as_time_passes(page, tmp_path):
    import datetime as dt

    import time_machine
    from django.utils import timezone
    from playwright.sync_api import expect

    today = timezone.localdate()
    login(page, "office")
    page.get_by_test_id("lang-en").click()
    page.goto("/partners/new/")
    page.fill("input[name=name]", "Hochschule Aalen")
    page.select_option("select[name=kind]", "university")
    page.select_option("select[name=country]", "DE")
    page.fill("input[name=erasmus_code]", "d aalen01")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("partner-name")).to_have_text(re.compile("Hochschule Aalen"))
    expect(page.locator("code.erasmus")).to_have_text("D  AALEN01")

    page.get_by_role("link", name="New agreement").click()
    page.fill("input[name=title]", "Student exchange with Hochschule Aalen")
    page.select_option("select[name=type]", "student_exchange")
    page.select_option("select[name=units]", label="School of Automotive Engineering")
    page.fill("input[name=valid_from]", today.isoformat())
    page.fill("input[name=valid_to]", (today + dt.timedelta(days=3 * 365)).isoformat())
    page.get_by_test_id("save").click()
    status = page.get_by_test_id("agreement-status")
    expect(status).to_have_attribute("data-status", "draft")
    page.locator("[data-step=submit]").click()
    expect(status).to_have_attribute("data-status", "in_review")
    # Who submitted it does not approve it (separation of duties): the office sees why, the leader approves.
    expect(page.locator("[data-step=approve]")).to_have_count(0)
    expect(page.get_by_test_id("approval-conflict")).to_contain_text("separation of duties")
    url = page.url
    login(page, "leader")
    page.goto(url)
    page.locator("[data-step=approve]").click()
    expect(status).to_have_attribute("data-status", "approved")
    login(page, "office")
    page.goto(url)
    # Signing asks for the scan of the signed agreement and keeps it among the documents.
    scan = tmp_path / "signed-agreement.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.fill("input[name=signed_on]", today.isoformat())
    page.set_input_files("[data-testid=signed-copy]", str(scan))
    page.locator("[data-step=sign]").click()
    expect(status).to_have_attribute("data-status", "signed")
    expect(page.get_by_test_id("documents")).to_contain_text("signed-agreement.pdf")
    page.locator("[data-step=activate]").click()
    expect(status).to_have_attribute("data-status", "active")
    expect(page.locator("[data-health]")).to_have_attribute("data-health", "in_use")
    shot(page, "agreement-active-en")
    url = page.url

    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=True):
        login(page, "office")  # a login lasts hours, not a year
        page.goto(url)
        expect(page.locator("[data-health]")).to_have_attribute("data-health", "dormant")
        expect(page.locator("[data-health]")).to_have_text("Dormant")
        page.goto("/agreements/dormant/")
        expect(page.locator("main")).to_contain_text("Student exchange with Hochschule Aalen")
        shot(page, "dormant-report-en")


def test_one_trip_from_the_plan_to_settlement_with_four_users(page, tmp_path):
    """A liaison applies under the approved plan, approvers decide, the office runs notice and mission,
    the liaison reports after the return, finance settles."""
    import datetime as dt

    import time_machine
    from playwright.sync_api import expect

    from intercoop.org.models import Person
    from intercoop.partners.models import Partner
    from intercoop.travel.models import PlannedTrip, Trip

    today = dt.date.today()
    departure = today + dt.timedelta(days=60)
    teacher = Person.objects.get(number="T2011045")
    line = PlannedTrip.objects.filter(
        plan__year=today.year, plan__org_unit__code="AUTO", plan__status="approved"
    ).first()
    partner = Partner.objects.filter(country="DE", institution=teacher.institution).first()

    login(page, "liaison_auto")
    page.goto("/travel/new/")
    page.fill("input[name=title]", "赴德国开展新能源汽车师资研修（浏览器测试）")
    page.select_option("select[name=purpose]", "study")
    page.select_option("select[name=org_unit]", str(teacher.org_unit.parent_id))
    page.select_option("select[name=applicant]", str(teacher.pk))
    page.fill("input[name=departure]", departure.isoformat())
    page.fill("input[name=return_on]", (departure + dt.timedelta(days=4)).isoformat())
    page.select_option("select[name=inviting_partner]", str(partner.pk))
    if line is not None:
        page.select_option("select[name=planned_trip]", str(line.pk))
    page.select_option("select[name=fund_source]", "special_fund")
    page.fill("textarea[name=itinerary]", "Day 1 Stuttgart; days 2-4 Esslingen; day 5 return")
    page.select_option("select[name=members]", [str(teacher.pk)])
    page.select_option("select[name=leader]", str(teacher.pk))
    page.select_option("select[name=country_1]", "DE")
    page.fill("input[name=days_1]", "5")
    page.fill("input[name=amount_fare]", "18000")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("trip-status")).to_have_attribute("data-status", "draft")
    trip = Trip.objects.get(title__contains="浏览器测试")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "邀请函.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    page.select_option("select[name=kind]", "invitation")
    page.get_by_test_id("upload").click()
    page.get_by_test_id("submit-trip").click()
    expect(page.get_by_test_id("trip-status")).to_have_attribute("data-status", "in_approval")
    shot(page, "trip-in-approval-zh")

    for _ in range(8):
        trip.refresh_from_db()
        if trip.status != "in_approval":
            break
        for name in ("leader", "finance", "office"):
            login(page, name)
            page.goto(f"/travel/{trip.pk}/")
            if page.get_by_test_id("decide-form").count():
                page.get_by_test_id("approve").click()
                expect(page.locator(".alert-success")).to_be_visible()
                break
    expect(page.get_by_test_id("trip-status")).to_have_attribute("data-status", "notice")
    trip.refresh_from_db()

    with time_machine.travel(
        dt.datetime.combine(trip.notice_ends_on + dt.timedelta(days=1), dt.time(10)), tick=True
    ):
        login(page, "office")
        page.goto(f"/travel/{trip.pk}/")
        page.get_by_test_id("issue-mission").click()
        expect(page.get_by_test_id("mission-number")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_test_id("mission-pdf").click()
        assert download.value.suggested_filename.endswith(".pdf")
        page.get_by_test_id("issue-passport").click()
        expect(page.get_by_test_id("passports")).to_contain_text(teacher.name)
        shot(page, "trip-approved-zh")

    with time_machine.travel(
        dt.datetime.combine(trip.return_on + dt.timedelta(days=5), dt.time(10)), tick=True
    ):
        login(page, "liaison_auto")
        page.goto(f"/travel/{trip.pk}/")
        page.get_by_test_id("file-report").click()
        page.fill("textarea[name=text]", "完成研修，商定下一年度互派教师。")
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("trip-status")).to_have_attribute("data-status", "reported")
        login(page, "finance")
        page.goto(f"/travel/{trip.pk}/")
        page.get_by_test_id("settle").click()
        # Nothing is prefilled: the approved budget is not what was spent.
        page.get_by_test_id("save").click()  # the browser refuses empty amounts
        expect(page.get_by_test_id("settle-form")).to_be_visible()
        rows = page.locator("[data-testid=settle-form] tbody tr[data-line]")
        receipt = tmp_path / "receipt.pdf"
        receipt.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        for i in range(rows.count()):
            rows.nth(i).locator("input[name^=amount_]").fill("1000")
        page.get_by_test_id("save").click()  # no receipts: refused, what was typed is kept
        expect(page.get_by_test_id("form-errors")).to_contain_text("发票")
        expect(rows.first.locator("input[name^=amount_]")).to_have_value("1000")
        first = rows.first
        first.locator("select[name^=currency_]").select_option("EUR")
        first.locator("input[name^=rate_]").fill("7.72")
        for i in range(rows.count()):
            rows.nth(i).locator("input[type=file]").set_input_files(str(receipt))
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("trip-status")).to_have_attribute("data-status", "settled")
        expect(page.get_by_test_id("spent-in-currency").first).to_contain_text(
            "EUR 1000.00 × 7.72"
        )  # the rate as entered, without trailing zeros
        page.get_by_test_id("lang-en").click()
        expect(page.get_by_test_id("settlement")).to_contain_text("Settled on")
        shot(page, "trip-settled-en")


def test_an_exchange_call_from_publication_to_nomination_with_a_student_and_a_liaison(page):
    """The office publishes a call with one place per partner, the student applies (a GPA below the
    call's minimum is refused beside the field), the college liaison approves, the office nominates."""
    import datetime as dt

    from playwright.sync_api import expect

    from intercoop.mobility.models import Application, CallPlace, ExchangeCall

    today = dt.date.today()
    login(page, "office")
    page.goto("/mobility/calls/new/")
    page.fill("input[name=title]", "2027 春季德国交换（浏览器测试）")
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=closes_on]", (today + dt.timedelta(days=14)).isoformat())
    page.fill("input[name=mobility_start]", (today + dt.timedelta(days=120)).isoformat())
    page.fill("input[name=mobility_end]", (today + dt.timedelta(days=240)).isoformat())
    page.fill("input[name=min_year]", "1")
    page.fill("input[name=min_gpa]", "3.00")
    page.select_option("select[name=partner_1]", index=1)
    page.fill("input[name=places_1]", "1")
    page.select_option("select[name=partner_2]", index=2)
    page.fill("input[name=places_2]", "1")
    page.get_by_test_id("save").click()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("call-status")).to_be_visible()
    call = ExchangeCall.objects.get(title__contains="浏览器测试")
    assert call.status == "open"
    shot(page, "call-published-zh")

    login(page, "student")
    page.goto("/mobility/calls/")
    page.get_by_role("link", name=call.title).click()
    page.get_by_test_id("apply").click()
    page.select_option("select[name=first_choice]", index=1)
    page.fill("input[name=year_of_study]", "2")
    page.fill("input[name=gpa]", "2.80")
    page.fill("input[name=language_level]", "德语 B1")
    page.fill("textarea[name=statement]", "希望学习德国的新能源汽车维修技术。")
    page.get_by_test_id("submit").click()
    expect(page.locator("[data-field-error=gpa]")).to_contain_text("3.00")
    assert not Application.objects.filter(call=call).exists()
    page.fill("input[name=gpa]", "3.40")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("application-status")).to_have_attribute("data-status", "in_review")
    app = Application.objects.get(call=call)
    shot(page, "call-applied-zh")

    login(page, "liaison_auto")
    page.goto(f"/mobility/applications/{app.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("application-status")).to_have_attribute("data-status", "eligible")

    login(page, "office")
    page.goto(f"/mobility/calls/{call.pk}/")
    row = page.locator(f"[data-application='{app.pk}']")
    row.locator("input[name=score]").fill("91")
    row.get_by_role("button", name=re.compile("保存|Save")).click()
    page.locator(f"[data-application='{app.pk}']").get_by_test_id("nominate").click()
    expect(page.locator(f"[data-application='{app.pk}'] [data-status]")).to_have_attribute(
        "data-status", "nominated"
    )
    place = CallPlace.objects.get(pk=Application.objects.get(pk=app.pk).place_id)
    assert (place.nominated, place.free) == (1, 0)
    expect(page.locator(f"[data-place='{place.partner_id}'] [data-testid=free]")).to_have_text("0")
    shot(page, "call-nominated-zh")

    login(page, "student")
    page.goto(f"/mobility/applications/{app.pk}/")
    expect(page.get_by_test_id("application-status")).to_have_attribute("data-status", "nominated")


def test_the_national_table_from_records_to_a_frozen_submission_and_the_assessment(page, tmp_path):
    """The office reads the international influence table in Chinese, opens a row's records (they add up),
    adjusts a value (refused without a reason, then recorded with evidence), submits and freezes the table,
    and reads the assessment of colleges; a liaison sees only their college; a supervisor sees figures."""
    from playwright.sync_api import expect

    from intercoop.indicators.models import Adjustment, Report
    from intercoop.indicators.selectors import default_year

    year = default_year()
    login(page, "office")
    page.click("[data-nav=indicators]")
    page.get_by_test_id("open-table").click()
    table = page.get_by_test_id("national-table")
    expect(table).to_contain_text("全日制国（境）外留学生人数（一年以上）")
    expect(page.get_by_test_id("live")).to_be_visible()
    values = {n: page.get_by_test_id(f"current-{n}").inner_text().split()[0] for n in range(1, 10)}
    assert all(v.isdigit() for v in values.values()), values
    shot(page, "national-table-zh")

    page.get_by_test_id("source-4").click()
    expect(page.get_by_test_id("definition")).to_contain_text("只计一次")
    total = page.get_by_test_id("items-total").inner_text()
    amounts = page.locator("[data-amount]").evaluate_all("els => els.map(e => Number(e.dataset.amount))")
    assert sum(amounts) == int(total) == int(values[4])
    shot(page, "indicator-row4-zh")

    adjustments = Adjustment.objects.count()  # the demo has one, of last year
    page.goto(f"/indicators/awards_abroad/?year={year}")
    page.locator("details summary").first.click()
    page.fill("input[name=value]", "9")
    page.get_by_test_id("adjust").click()
    expect(page.locator("[data-field-error=reason]")).to_be_visible()
    assert Adjustment.objects.count() == adjustments
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.fill("input[name=value]", "9")
    page.fill("textarea[name=reason]", "一项获奖证书为纸质，尚未登记。")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.get_by_test_id("adjust").click()
    expect(page.get_by_test_id("adjustment")).to_contain_text("纸质")
    expect(page.get_by_test_id("value")).to_contain_text("9")

    page.goto(f"/indicators/tables/international_influence/?year={year}")
    expect(page.get_by_test_id("current-8")).to_contain_text("9")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("frozen")).to_be_visible()
    assert Report.objects.filter(year=year, archived_at__isnull=True).count() == 1
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("national-table")).to_contain_text("Previous year")
    expect(page.get_by_test_id("no-differences")).to_be_visible()
    shot(page, "national-table-frozen-en")

    page.goto(f"/planning/assessment/?year={year}")
    radar = page.get_by_test_id("radar").first
    expect(radar).to_have_attribute("data-rendered", "true")
    assert radar.locator("canvas").count() >= 1
    expect(page.get_by_test_id("ranking")).to_contain_text("School of Automotive Engineering")
    shot(page, "assessment-en")

    login(page, "liaison_auto")
    page.goto(f"/indicators/?year={year}")
    expect(page.get_by_test_id("indicator-table")).to_contain_text("汽车工程学院")
    expect(page.get_by_test_id("indicator-table")).not_to_contain_text("信息工程学院")
    assert page.goto(f"/indicators/tables/international_influence/?year={year}").status == 404

    login(page, "supervisor")
    page.goto(f"/indicators/?year={year}")
    expect(page.get_by_test_id("supervision-table")).to_contain_text("4150099901")
    shot(page, "indicators-supervisor-zh")


def test_the_dashboard_draws_every_chart_for_each_persona_in_both_languages(page):
    """Every chart renders with data (no empty chart on the demo data); a data-table link opens the records
    behind it; a liaison sees their college; a supervisor sees figures only."""
    from playwright.sync_api import expect

    charts = ("map-chart", "health-chart", "trend-chart", "ranking-chart")

    def rendered() -> None:
        for chart in charts:
            element = page.get_by_test_id(chart)
            expect(element).to_have_attribute("data-rendered", "true", timeout=20000)
            assert element.locator("canvas").count() >= 1, chart

    login(page, "office")
    page.click("[data-nav=dashboard]")
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("一览")
    rendered()
    for code in ("intl_students_fulltime", "teachers_abroad_person_days", "overseas_sites"):
        assert page.get_by_test_id(f"kpi-{code}").inner_text().split()[0].isdigit(), code
    shot(page, "dashboard-office-zh")
    page.locator("details:has([data-testid=partners-table]) summary").click()
    page.get_by_test_id("partners-table").locator("a").first.click()
    expect(page.get_by_test_id("result-count")).to_be_visible()
    assert "country=" in page.url

    page.goto("/dashboard/?wall=1")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("at a glance")
    rendered()
    assert page.locator("aside.shell-nav").is_hidden()
    shot(page, "dashboard-wall-en")

    login(page, "liaison_auto")
    page.goto("/dashboard/")
    expect(page.locator("select[name=unit] option[selected]")).to_have_text("汽车工程学院")
    rendered()
    shot(page, "dashboard-liaison-zh")

    login(page, "supervisor")
    page.goto("/dashboard/")
    for chart in ("map-chart", "health-chart", "trend-chart", "ranking-chart"):
        expect(page.get_by_test_id(chart)).to_have_attribute("data-rendered", "true", timeout=20000)
    assert page.get_by_test_id("partners-table").locator("a").count() == 0
    shot(page, "dashboard-supervisor-zh")


EXPORT_PAGES = [
    "/dashboard/",
    "/partners/",
    "/agreements/",
    "/travel/",
    "/travel/figures/",
    "/mobility/",
    "/mobility/figures/",
    "/mobility/students/",
    "/mobility/experts/",
    "/mobility/training/",
    "/mobility/competitions/",
    "/influence/posts/",
    "/influence/standards/",
    "/influence/sites/",
]


def test_every_export_button_downloads_a_workbook_that_opens(page, tmp_path):
    """Each "导出 Excel" button, clicked as a user would, gives a file openpyxl reads, with a header row
    in the page's language and the rows the page lists (before, the links said ``??format=xlsx`` and the
    page only reloaded)."""
    import openpyxl

    login(page, "office")
    opened = {}
    for url in EXPORT_PAGES:
        page.goto(url)
        button = page.locator("a:has(i.bi-file-earmark-excel)").first
        with page.expect_download(timeout=10000) as download:
            button.click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.suffix == ".xlsx", url
        workbook = openpyxl.load_workbook(path, read_only=True)
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows and any(isinstance(v, str) and v for v in rows[0]), url
        opened[url] = len(rows)
    assert len(opened) == len(EXPORT_PAGES)
    assert opened["/partners/"] > 1 and opened["/agreements/"] > 1 and opened["/travel/"] > 1
    page.goto("/dashboard/")
    page.get_by_test_id("wall").click()
    page.wait_for_url(re.compile(r"wall=1"))
    assert "??" not in page.url


def test_on_a_phone_the_menu_folds_away_and_tables_scroll_instead_of_squeezing(page):
    """At 390×844 (a phone): the 22-entry menu is behind the top bar's button, the page is no wider than
    the screen, and a wide table scrolls inside itself with readable columns."""
    from playwright.sync_api import expect

    from intercoop.demo import data
    from intercoop.travel.models import Trip

    trip = Trip.objects.filter(institution__code=data.MAIN_CODE).order_by("pk").first()
    login(page, "office")
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (
        ("dashboard", "/dashboard/"),
        ("list", "/travel/"),
        ("record", f"/travel/{trip.pk}/"),
        ("form", "/travel/new/"),
    ):
        assert page.goto(url).status == 200, url
        expect(page.get_by_test_id("shell-nav")).to_have_count(1)
        expect(page.get_by_test_id("shell-nav")).to_be_hidden()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        shot(page, f"phone-{name}-zh")
    page.goto("/travel/")
    table = page.locator("main table.table").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # it scrolls sideways
    narrowest = table.locator("thead th").evaluate_all("ths => Math.min(...ths.map(th => th.offsetWidth))")
    assert narrowest >= 40  # no column squeezed to a character
    page.get_by_test_id("menu-toggle").click()
    nav = page.get_by_test_id("shell-nav")
    expect(nav).to_be_visible()
    nav.locator("[data-nav=partners]").click()
    page.wait_for_url(re.compile(r"/partners/$"))
    expect(page.get_by_test_id("shell-nav")).to_be_hidden()


def test_records_and_the_national_table_print_without_menu_or_buttons(page):
    """Printed (Chromium's print media, then to PDF as a user's "Save as PDF" would): the national table,
    a trip with its mission approval, an agreement and a mobility show their content alone, headed by the
    institution and the time of printing; the menu, buttons and forms are left out."""
    from playwright.sync_api import expect

    from intercoop.agreements.models import Agreement
    from intercoop.demo import data
    from intercoop.mobility.models import Mobility
    from intercoop.travel.models import Trip

    trip = Trip.objects.filter(institution__code=data.MAIN_CODE, mission_number__gt="").order_by("pk").first()
    agreement = (
        Agreement.objects.filter(institution__code=data.MAIN_CODE, status="active").order_by("pk").first()
    )
    mobility = Mobility.objects.filter(institution__code=data.MAIN_CODE).order_by("pk").first()
    login(page, "office")
    pages = {
        "national-table": "/indicators/tables/international_influence/",
        "trip": f"/travel/{trip.pk}/",
        "agreement": f"/agreements/{agreement.pk}/",
        "mobility": f"/mobility/{mobility.pk}/",
    }
    for name, url in pages.items():
        page.emulate_media(media="screen")
        page.goto(url)
        expect(page.get_by_test_id("shell-nav")).to_be_visible()
        expect(page.get_by_test_id("print-header")).to_be_hidden()
        page.emulate_media(media="print")
        expect(page.get_by_test_id("shell-nav")).to_be_hidden()
        expect(page.get_by_test_id("print-header")).to_be_visible()
        expect(page.get_by_test_id("print-header")).to_contain_text("重庆")
        assert page.locator("main .btn:visible, main form:visible").count() == 0, name
        assert page.evaluate("document.querySelector('main').getBoundingClientRect().left") < 40, name
        shot(page, f"print-{name}-zh")
        pdf = page.pdf(format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000, name
        (ARTIFACTS / f"print-{name}-zh.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")


def test_long_and_multiple_choice_lists_are_searchable_pickers(page):
    """Issue 15 item 16: the agreement's partners and colleges are chosen by typing, not by Ctrl+click in a
    list box, and the colleges come first among the units."""
    from playwright.sync_api import expect

    login(page, "office")
    page.goto("/agreements/new/")
    partners = page.locator("select[name=partners] + .ts-wrapper")
    expect(partners).to_be_visible()
    partners.locator("input").fill("埃斯林根")
    option = page.locator(".ts-dropdown .option", has_text="埃斯林根").first
    expect(option).to_be_visible()
    option.click()
    expect(partners.locator(".item")).to_contain_text("埃斯林根")
    assert page.locator("select[name=partners] option:checked").count() == 1
    units = page.locator("select[name=units] option")
    first = units.first.inner_text()
    assert "学院" in first and "处" not in first, first  # a secondary college, not an office
    partners.locator("input").fill("zzzz-nothing")
    expect(page.locator(".ts-dropdown .no-results")).to_have_text("没有匹配的选项")
    shot(page, "picker-agreement-zh")


def test_statuses_stay_on_one_line_in_the_agreement_list(page):
    """Issue 15 item 21: "已签署", "已到期" were broken over two lines in a narrow status column."""
    login(page, "office")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/agreements/")
    lines = page.locator("td[data-status]").evaluate_all(
        "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; })"
    )
    assert lines and max(lines) == 1, lines  # the status text's line boxes all on one line


def test_a_large_erasmus_file_is_checked_by_the_worker_while_the_page_shows_its_progress(
    page, django_db_blocker, settings
):
    """Issue 18 item 6: the office uploads a year's file; the page shows the worker's progress and turns
    into the result by itself when the worker is done; the import is the worker's too."""
    import threading

    from django_tasks_db.management.commands.db_worker import Worker
    from playwright.sync_api import expect

    from intercoop.accounts.models import User
    from intercoop.mobility.models import Mobility
    from intercoop.partners.models import Partner
    from tests.test_erasmus_files import csv_bytes, row

    settings.IMPORT_BACKGROUND_BYTES = 50_000
    with django_db_blocker.unblock():
        institution = User.objects.get(username="office").institution
        institution.settings = {**(institution.settings or {}), "mobility": {"erasmus_code": "CZ PRAHA07"}}
        institution.save()
        Partner.objects.create(
            institution=institution, kind="university", name="Freie Universität Berlin", country="DE",
            erasmus_code="D  BERLIN01",
        )  # fmt: skip
        before = Mobility.objects.filter(external_key__startswith="erasmus:").count()
    others = [
        row(home_institution="A  WIEN01", host_institution="F  PARIS007", age=str(20 + n % 9))
        for n in range(6000)
    ]
    ours = [row(age=str(19 + n % 7), gender="MF"[n % 2]) for n in range(300)]
    path = ARTIFACTS / "erasmus-2008.csv"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(csv_bytes(others + ours))

    def worker() -> threading.Thread:
        w = Worker(
            queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id="browser-test", excluded_queue_names=[],
        )  # fmt: skip
        thread = threading.Thread(target=w.run, daemon=True)
        return thread

    login(page, "office")
    page.goto("/imports/mobility_erasmus/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_test_id("upload-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("work-progress")).to_be_visible()
    expect(page.get_by_test_id("work-state")).to_have_attribute("data-state", "queued")
    shot(page, "import-worker-queued")
    thread = worker()
    thread.start()
    # The page polls the worker and, once it is done, shows the check's result without a reload by hand.
    expect(page.get_by_test_id("batch-summary")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("batch-skipped")).to_contain_text("6000")
    expect(page.get_by_test_id("batch-skipped")).to_contain_text("其他院校的行")  # in the reader's language
    thread.join(timeout=60)
    shot(page, "import-worker-checked")
    page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("work-progress")).to_be_visible()
    thread = worker()
    thread.start()
    expect(page.get_by_test_id("batch-status")).to_have_attribute(
        "class", re.compile("text-bg-success"), timeout=60_000
    )
    thread.join(timeout=60)
    with django_db_blocker.unblock():
        assert Mobility.objects.filter(external_key__startswith="erasmus:").count() == before + 300
    page.goto("/notifications/")
    expect(page.locator("body")).to_contain_text("erasmus-2008.csv")

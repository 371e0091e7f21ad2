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
def page(browser, live_server, transactional_db):
    from intercoop.demo import seed

    seed.build()
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, username: str, password: str = "demo") -> None:
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
    page.fill("input[name=q]", "Li Ming")
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
    page.fill("input[name=q]", "李明")
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
    for step in ("submit", "approve"):
        page.locator(f"[data-step={step}]").click()
    page.fill("input[name=signed_on]", today.isoformat())
    page.locator("[data-step=sign]").click()
    expect(status).to_have_attribute("data-status", "signed")
    page.locator("[data-step=activate]").click()
    expect(status).to_have_attribute("data-status", "active")

    scan = tmp_path / "signed-agreement.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.select_option("[data-testid=upload-form] select[name=kind]", "signed_copy")
    page.set_input_files("[data-testid=upload-form] input[name=file]", str(scan))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("documents")).to_contain_text("signed-agreement.pdf")
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

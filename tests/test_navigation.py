"""The menu: one entry highlighted at a time, the national table reachable from it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

ACTIVE = re.compile(r'class="nav-link active" aria-current="page"[^>]*data-nav="([\w-]+)"')

PAGES = {
    "/": None,  # the home entry is not one of the registered items
    "/travel/": "trips",
    "/travel/plans/": "travel_plans",
    "/travel/figures/": "travel_figures",
    "/approvals/": "approvals",
    "/approvals/chains/": "approval_chains",
    "/mobility/": "mobility",
    "/mobility/figures/": "mobility_figures",
    "/mobility/calls/": "exchange_calls",
    "/indicators/": "indicators",
    "/indicators/tables/international_influence/?year=2026": "national_table",
    "/partners/": "partners",
    "/agreements/": "agreements",
    "/planning/": "plans",
    "/planning/assessment/": "assessment",
}


def test_one_menu_entry_is_highlighted_on_each_page(client_for):
    """Prefixes overlap ("travel:" and "travel:plan", "approvals:" and "approvals:chain",
    "indicators:" and "indicators:table"): the longest match wins, so exactly one entry is lit."""
    client = client_for("office")
    lit = {}
    for url, expected in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        lit[url] = ACTIVE.findall(response.content.decode())
        assert lit[url] == ([expected] if expected else []), (url, lit[url])


def test_the_national_table_is_in_the_menu_in_both_languages(client_for):
    for language, label in (("zh-hans", "国际影响表"), ("en", "International influence table")):
        page = client_for("office", language).get("/").content.decode()
        entry = re.search(
            r'<a class="nav-link[^"]*"[^>]*href="([^"]+)"[^>]*data-nav="national_table">(.*?)</a>', page
        )
        assert entry is not None, language
        assert entry.group(1) == "/indicators/tables/international_influence/"
        assert label in entry.group(2)


def test_chinese_labels_say_what_the_page_means(client_for):
    """Labels a Chinese reader tripped over (issue 15, item 5): the exchange-call list's first column was
    "电话" (the English "Call" read as a phone call), an approval step's level "办学层次", the student's
    empty exchange queue spoke of trips abroad, the national table's subtitle was "2017 版指标行"."""
    from intercoop.approvals.models import ApprovalChain

    office = client_for("office", "zh-hans")
    calls = office.get("/mobility/calls/").content.decode()
    head = calls[calls.index("<thead>") : calls.index("</thead>")]
    assert "交流项目" in head and "电话" not in head
    admin = client_for("admin", "zh-hans")
    assert admin.get("/approvals/chains/").status_code == 200  # sets up each kind's chain
    chain = ApprovalChain.objects.filter(institution__code="4159900001").first()
    assert chain is not None
    form = admin.get(f"/approvals/chains/{chain.pk}/").content.decode()
    assert "审批层级" in form and "办学层次" not in form
    table = office.get("/indicators/tables/international_influence/?year=2026").content.decode()
    assert "指标口径" in table and "版指标行" not in table
    student = client_for("student", "zh-hans").get("/").content.decode()
    assert "您没有未办结的交流项目申请。" in student and "出访申请" not in student

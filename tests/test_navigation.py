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


def test_the_national_table_entry_shows_only_to_readers_of_the_whole_institution(client_for):
    """A liaison reads indicators of their college but not the national table, which answers them 404:
    the menu no longer offers it (it did, issue 15 item 6)."""
    for persona, shown in (("office", True), ("leader", True), ("liaison_a", False)):
        client = client_for(persona)
        page = client.get("/").content.decode()
        assert ('data-nav="national_table"' in page) is shown, persona
        status = client.get("/indicators/tables/international_influence/").status_code
        assert status == (200 if shown else 404), persona


def test_links_to_records_and_lists_show_only_where_they_open(world):
    """``core.links`` answers by the target page's own gate and access function."""
    from intercoop.core.links import href_if_open

    partner = world.partners["malaya"].pk
    agreement = world.agreements["open"].pk
    office, student = world.user("office"), world.user("student")
    assert href_if_open(office, "partners:detail", partner) == f"/partners/{partner}/"
    assert href_if_open(student, "partners:detail", partner) == ""
    assert href_if_open(office, "agreements:detail", agreement) == f"/agreements/{agreement}/"
    assert href_if_open(student, "agreements:detail", agreement) == ""
    assert href_if_open(office, "org:person_list") == "/org/people/"
    assert href_if_open(student, "org:person_list") == ""
    b_partner = world.partners["b_partner"].pk  # another institution's partner: never linked
    assert href_if_open(office, "partners:detail", b_partner) == ""
    with pytest.raises(LookupError):
        href_if_open(office, "travel:detail", world.trips[next(iter(world.trips))].pk)


def test_a_student_sees_the_partner_and_agreement_of_their_mobility_as_text(world, client_for):
    """The student's own mobility names its host and agreement, which only staff may open (a dead
    link for the student before, issue 15 item 6); the office gets the links."""
    mobility = world.mobilities["student"]
    links = (f'href="/partners/{mobility.host_partner_id}/"', f'href="/agreements/{mobility.agreement_id}/"')
    page = client_for("office").get(f"/mobility/{mobility.pk}/").content.decode()
    assert all(link in page for link in links)
    response = client_for("student").get(f"/mobility/{mobility.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert not any(link in page for link in links)
    assert mobility.host_partner.display_name in page

"""The dashboard's figures agree with the indicators, follow the filters and the reader's role."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from intercoop.agreements.tests import factories as agreement_factories
from intercoop.dashboard import geo, selectors
from intercoop.indicators.tests.factories import known_set
from intercoop.planning.tests.factories import add_plans

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    return known_set(world)


def kpis(board: selectors.Board) -> dict[str, Any]:
    return {k.indicator.code: k.value for k in board.kpis}


def test_the_office_sees_the_table_values_and_the_country_filter_keeps_that_countrys_records(world, known):
    board = selectors.board(world.user("office"), selectors.Filters(year=2026), TODAY)
    values = kpis(board)
    assert (
        values["teachers_abroad_person_days"] == 12 and values["cn_enterprise_internship_person_days"] == 41
    )
    assert values["overseas_sites"] == 1 and values["awards_abroad"] == 1
    # Thailand: both internships were there; no teacher taught there.
    thai = kpis(selectors.board(world.user("office"), selectors.Filters(year=2026, country="TH"), TODAY))
    assert thai["cn_enterprise_internship_person_days"] == 41 and thai["teachers_abroad_person_days"] == 0
    # Malaysia: the trip (5), the overlapping mobility (4) and the training in Malaysia (3).
    malaysia = kpis(selectors.board(world.user("office"), selectors.Filters(year=2026, country="MY"), TODAY))
    assert (
        malaysia["teachers_abroad_person_days"] == 12
        and malaysia["cn_enterprise_internship_person_days"] == 0
    )
    assert [(p["code"], p["value"]) for p in board.partners] == [("MY", 1)]
    out = {(f["code"], f["direction"]): f["value"] for f in board.flows}
    # Began in the school year: the world's exchange (1 Sep 2025) and the teaching stay (4 Mar 2026) in
    # Malaysia, the July internship in Thailand; the training from 28 Aug 2025 began the year before.
    assert out == {("MY", "out"): 2, ("TH", "out"): 1}
    assert all(f["url"] and "country=" in f["url"] for f in board.flows)


def test_belt_and_road_keeps_the_countries_of_belt_and_road_partners(world, known):
    board = selectors.board(world.user("office"), selectors.Filters(year=2026, bri=True), TODAY)
    assert board.bri_countries == {"MY"}  # Universiti Malaya is a Belt-and-Road partner
    assert kpis(board)["cn_enterprise_internship_person_days"] == 0
    assert {f["code"] for f in board.flows} == {"MY"}


def test_a_liaison_sees_their_college_only(world, known):
    board = selectors.board(world.user("liaison_b"), selectors.Filters(year=2026), TODAY)
    assert board.filters.unit == world.units["IT"]
    assert kpis(board)["teachers_abroad_person_days"] == 3
    assert "overseas_sites" not in kpis(board)  # an institution-only indicator
    assert all(r["label"] == world.units["IT"].display_name for r in board.ranking)


def test_a_supervisor_sees_figures_of_their_institutions_and_no_links_to_records(world, known):
    board = selectors.board(world.user("supervisor"), selectors.Filters(year=2026), TODAY)
    assert board.aggregate and {i.code for i in board.institutions} == {world.a.code, world.b.code}
    assert kpis(board)["teachers_abroad_person_days"] == 12
    assert all(k.url is None for k in board.kpis)
    assert all(p["url"] is None for p in board.partners + board.flows + board.health + board.ranking)
    assert board.alerts == []


def test_the_page_draws_every_chart_from_json_and_exports_every_table(world, known, client_for):
    add_plans(world)
    agreement_factories.active(world, signed=dt.date(2025, 1, 1), valid_to=dt.date(2028, 12, 31))
    office = client_for("office")
    page = office.get("/dashboard/?year=2026").content.decode()
    for name in ("map-option", "trend-option", "ranking-option", "health-option"):
        match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S)
        assert match, name
        option = json.loads(match.group(1))
        assert option["series"], name
    assert 'data-map="/static/vendor/echarts-world/world.json"' in page
    book = load_workbook(io.BytesIO(office.get("/dashboard/?year=2026&format=xlsx").content))
    titles = [sheet.title for sheet in book.worksheets]
    for title in (
        "Key indicators",
        "Trends",
        "Partners by country",
        "Mobility flows",
        "Ranking",
        "Agreement health",
    ):
        assert title in titles
    kpi_rows = {row[0].value: row[2].value for row in book["Key indicators"].iter_rows(min_row=2)}
    assert kpi_rows["Full-time teachers' time abroad guiding and delivering training"] == 12
    assert client_for("office").get("/dashboard/?country=XX").status_code == 404
    assert client_for("liaison_a").get(f"/dashboard/?unit={world.units['IT'].pk}").status_code == 404
    wall = office.get("/dashboard/?wall=1&refresh=60").content.decode()
    assert 'class="wall"' in wall and 'http-equiv="refresh" content="60"' in wall


def test_the_vendored_world_map_knows_the_partner_countries():
    for code in ("CN", "MY", "TH", "SA", "LK", "LA", "DE", "FI", "KE", "ET", "ID", "AT", "DK", "KR", "RU"):
        assert geo.map_name(code) and geo.point(code), code
    lon, lat = geo.point("TH")
    assert 97 < lon < 106 and 5 < lat < 21


def test_an_institution_without_records_is_told_what_is_missing_and_how_to_add_it(world, client_for):
    """Issue 15 item 10: no bare axes or lone slice. Institution B has one partner and nothing else."""
    page = client_for("other_office", "zh-hans").get("/dashboard/?year=2026").content.decode()
    for testid in ("no-trend", "no-health"):
        assert f'data-testid="{testid}"' in page, testid
    assert 'id="trend-option"' not in page and 'id="health-option"' not in page
    assert 'href="/travel/new/"' in page and 'href="/agreements/new/"' in page  # the office may add them
    assert "近五年尚无可统计的记录" in page
    assert 'data-testid="map-chart"' in page  # its partner is on the map


def test_a_slice_of_no_agreements_is_left_out_of_the_health_chart(world, known, client_for):
    agreement_factories.active(world, signed=dt.date(2025, 1, 1), valid_to=dt.date(2028, 12, 31))
    page = client_for("office").get("/dashboard/?year=2026").content.decode()
    option = json.loads(
        re.search(r'<script id="health-option" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    assert option["series"][0]["data"] and all(d["value"] > 0 for d in option["series"][0]["data"])

"""Histories and the audit log read in the page's language: labels, never stored codes or ids."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from intercoop.travel import services as travel_services
from intercoop.travel.services import Destination, Line
from intercoop.travel.tests import factories as travel_factories

pytestmark = pytest.mark.django_db


def test_a_trip_s_history_shows_budget_destinations_and_people_by_their_labels(world, client_for):
    import datetime as dt

    trip = travel_factories.trip(
        world, departure=dt.date.today() + dt.timedelta(days=60), title="History trip"
    )
    travel_services.trip_update(
        trip=trip,
        actor=world.user("office"),
        data={"title": "History trip"},
        members=[world.people["teacher"]],
        leader=world.people["teacher"],
        destinations=[Destination(country="ET", city="Addis Ababa", days=5)],
        lines=[Line(item="fare", amount=Decimal("14025"), fund_source="special_fund")],
    )
    page = client_for("office", "zh-hans").get(f"/travel/{trip.pk}/").content.decode()
    history = page[page.index('data-testid="history"') :] if 'data-testid="history"' in page else page
    from django.utils import translation

    from intercoop.travel.models import FundSource

    with translation.override("zh-hans"):
        fund = str(FundSource.SPECIAL_FUND.label)
    assert f"国际旅费 14,025.00 元 · {fund}" in history
    assert "埃塞俄比亚 Addis Ababa · 5天" in history and "马来西亚 Kuala Lumpur · 5天" in history
    assert "（团长）" in history
    assert "special_fund" not in history and "ET Addis Ababa 5" not in history
    assert not re.search(r" #\d+<", history)  # a related record by its name, not "汽车工程学院 #8"


def test_the_audit_log_names_each_change_and_filters_by_label(client_for):
    from django.utils import translation

    from intercoop.core import audit

    with translation.override("zh-hans"):
        added = audit.action_label("org.person.created")
    page = client_for("admin", "zh-hans").get("/audit/").content.decode()
    body = page[page.index("<tbody>") :]
    assert "<code" not in body  # no "accounts.user.changed" beside the label
    assert 'data-testid="action-filter"' in page
    assert f'<option value="org.person.created">{added}</option>' in page
    filtered = client_for("admin", "zh-hans").get("/audit/?action=org.person.created").content.decode()
    assert f'<option value="org.person.created" selected>{added}</option>' in filtered


def test_an_indicator_named_in_a_history_reads_by_its_name(world, client_for):
    """A plan's target recorded its indicator's code ("awards_abroad"); the log shows the indicator."""
    from django.utils import translation

    from intercoop.indicators import registry
    from intercoop.planning import services as planning

    plan = planning.plan_save(
        institution=world.a,
        actor=world.user("office"),
        data={
            "kind": "development",
            "title": "发展规划",
            "first_year": 2025,
            "last_year": 2028,
            "status": "adopted",
        },
    )
    planning.target_save(
        plan=plan, actor=world.user("office"), data={"indicator": "awards_abroad", "year": 2026, "value": 5}
    )
    with translation.override("zh-hans"):
        name = str(registry.get("awards_abroad").name)
    page = client_for("admin", "zh-hans").get("/audit/?action=planning.target").content.decode()
    body = page[page.index("<tbody>") :]
    assert name in body and "awards_abroad" not in body
    detail = client_for("office", "zh-hans").get("/indicators/awards_abroad/?year=2026").content.decode()
    assert "<code>awards_abroad</code>" not in detail

"""Issue 18 item 8: the office sets the institution's Erasmus code, and the other rules its indicators and
workflows read, on a page, audited, each value checked by the setting's own declaration."""

from __future__ import annotations

import datetime as dt

import pytest

from intercoop.core.errors import DomainError
from intercoop.core.models import AuditEntry
from intercoop.indicators import registry
from intercoop.indicators.engine import Engine
from intercoop.mobility.stays.services import statistical_date
from intercoop.org import services
from intercoop.org.models import Institution

pytestmark = pytest.mark.django_db


def form(**changes):
    page = {"mobility.statistical_date": "08-31", "mobility.reference_prefix": "MOB"}
    return {**page, **changes}


def test_the_office_sets_the_erasmus_code_on_a_page_and_the_change_is_audited(world, client_for):
    office = client_for("office")
    page = office.get("/org/settings/")
    assert page.status_code == 200 and 'name="mobility.erasmus_code"' in page.content.decode()
    response = office.post("/org/settings/", {**_all_fields(page), "mobility.erasmus_code": "cz  praha07"})
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.settings["mobility"]["erasmus_code"] == "CZ PRAHA07"  # read as codes are
    entry = AuditEntry.objects.get(action="org.institution.settings_changed", object_id=str(world.a.pk))
    assert entry.changes == {"mobility.erasmus_code": ["", "CZ PRAHA07"]}
    history = office.get("/org/settings/").content.decode()
    assert "CZ PRAHA07" in history


def _all_fields(page) -> dict:
    """The form as the browser would send it back: every field with its shown value."""
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.widget.input_type == "checkbox":
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


def test_a_bad_value_is_said_beside_its_setting_and_nothing_is_saved(world, client_for):
    office = client_for("office")
    data = _all_fields(office.get("/org/settings/"))
    before = Institution.objects.get(pk=world.a.pk).settings
    for name, value, message in (
        ("mobility.erasmus_code", "NO OSLO01", "country prefix"),
        ("mobility.statistical_date", "02-30", "08-31"),
        ("travel.max_delegation", "0", "at least 1"),
        ("travel.min_lead_days", "many", "whole number"),
    ):
        response = office.post("/org/settings/", {**data, name: value})
        assert response.status_code == 400
        assert message in " ".join(response.context["form"].errors[name]), name
    assert Institution.objects.get(pk=world.a.pk).settings == before
    assert not AuditEntry.objects.filter(action="org.institution.settings_changed").exists()


def test_the_statistical_date_moves_the_headcount_and_an_unknown_setting_is_refused(world):
    indicator = registry.get("overseas_sites")
    Engine(world.a).value(indicator, 2026)  # stored under the old date
    services.institution_settings_save(
        institution=world.a, values={"mobility.statistical_date": "06-30"}, actor=world.user("office")
    )
    world.a.refresh_from_db()
    assert statistical_date(world.a, 2026) == dt.date(2026, 6, 30)
    with pytest.raises(DomainError) as exc:
        services.institution_settings_save(institution=world.a, values={"travel.nonsense": 1}, actor=None)
    assert exc.value.field == "travel.nonsense"


@pytest.mark.parametrize("persona", ["liaison_a", "teacher", "finance", "leader", "supervisor", "student"])
def test_nobody_but_the_office_and_the_administrator_opens_or_changes_the_settings(
    world, client_for, persona
):
    client = client_for(persona)
    before = Institution.objects.get(pk=world.a.pk).settings
    assert client.get("/org/settings/").status_code == 404
    assert client.post("/org/settings/", {"mobility.erasmus_code": "CZ PRAHA07"}).status_code == 404
    assert Institution.objects.get(pk=world.a.pk).settings == before


def test_another_institutions_office_changes_its_own_settings_only(world, client_for):
    other = client_for("other_office")
    page = other.get("/org/settings/")
    other.post("/org/settings/", {**_all_fields(page), "mobility.erasmus_code": "D  BERLIN01"})
    world.a.refresh_from_db()
    world.b.refresh_from_db()
    assert world.b.settings["mobility"]["erasmus_code"] == "D  BERLIN01"
    assert (world.a.settings or {}).get("mobility", {}).get("erasmus_code", "") != "D  BERLIN01"


def test_the_api_reads_and_changes_the_same_settings_with_the_same_checks(world, client_for):
    office = client_for("office")
    listed = {s["key"]: s for s in office.get("/api/v1/org/settings").json()}
    assert listed["mobility.erasmus_code"]["value"] == "" and listed["travel.max_delegation"]["default"] == 6
    refused = office.patch(
        "/api/v1/org/settings", {"mobility.erasmus_code": "PALMA01"}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "mobility.erasmus_code"
    changed = office.patch(
        "/api/v1/org/settings", {"travel.max_delegation": 8}, content_type="application/json"
    ).json()
    assert {s["key"]: s["value"] for s in changed}["travel.max_delegation"] == 8
    for persona in ("liaison_a", "teacher", "supervisor"):
        client = client_for(persona)
        assert client.get("/api/v1/org/settings").status_code == 404
        answer = client.patch(
            "/api/v1/org/settings", {"travel.max_delegation": 2}, content_type="application/json"
        )
        assert answer.status_code == 404
    world.a.refresh_from_db()
    assert world.a.settings["travel"]["max_delegation"] == 8

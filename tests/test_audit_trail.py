from __future__ import annotations

import datetime as dt
import decimal

import pytest

from intercoop.core import audit
from intercoop.core.models import AuditEntry
from intercoop.org import services
from intercoop.org.models import Person


def test_diff_lists_only_changed_fields_with_before_and_after():
    assert audit.diff({"a": 1, "b": "x"}, {"a": 2, "b": "x", "c": None}) == {"a": [1, 2]}


def test_jsonable_turns_dates_decimals_and_collections_into_plain_values():
    value = {"d": dt.date(2026, 1, 2), "m": decimal.Decimal("1.50"), "s": {3}}
    assert audit.to_jsonable(value) == {"d": "2026-01-02", "m": "1.50", "s": [3]}


@pytest.mark.django_db
def test_person_update_writes_one_entry_with_actor_and_before_after(world):
    person = world.people["teacher"]
    actor = world.users["office"]
    services.person_update(person=person, data={"position": "教授"}, actor=actor)
    entry = AuditEntry.objects.filter(action="org.person.changed", object_id=str(person.pk)).get()
    assert entry.actor_id == actor.pk
    assert entry.institution_id == world.a.pk
    assert entry.changes == {"position": ["", "教授"]}


@pytest.mark.django_db
def test_saving_without_changes_writes_no_entry(world):
    person = world.people["teacher"]
    before = AuditEntry.objects.count()
    services.person_update(person=person, data={"name": person.name}, actor=None)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_history_masks_sensitive_values_for_readers_who_may_not_see_them(world):
    person = world.people["teacher"]
    services.person_update(
        person=person, data={"passport_number": "E99999999", "position": "讲师"}, actor=None
    )
    masked = audit.history_for(person, can_see_sensitive=False)[0]
    lines = {line.field: line for line in masked.lines}
    assert lines["passport_number"].after == audit.MASK
    assert lines["passport_number"].before == audit.MASK
    assert lines["position"].after == "讲师"
    clear = audit.history_for(person, can_see_sensitive=True)[0]
    assert {line.field: line.after for line in clear.lines}["passport_number"] == "E99999999"


@pytest.mark.django_db
def test_history_is_newest_first_and_labels_actions(world):
    person = world.people["it_teacher"]
    services.person_archive(person=person, actor=None)
    services.person_restore(person=Person.objects.get(pk=person.pk), actor=None)
    history = audit.history_for(person, can_see_sensitive=False)
    assert [h.entry.action for h in history] == [
        "org.person.restored",
        "org.person.archived",
        "org.person.created",
    ]
    assert history[0].label == "person restored"


@pytest.mark.django_db
def test_history_shows_yes_no_for_booleans_and_registered_labels_for_link_changes(world):
    from intercoop.agreements import services as agreement_services

    agreement = agreement_services.agreement_create(
        institution=world.a,
        actor=None,
        partners=[world.partners["malaya"]],
        units=[world.units["AUTO"]],
        data={"title": "t", "type": "mou", "confidential": True},
    )
    lines = {line.field: line for line in audit.history_for(agreement, can_see_sensitive=False)[0].lines}
    assert lines["confidential"].after == "yes"
    assert lines["parties"].label == "Partners"
    assert lines["parties"].after == "马来亚大学"

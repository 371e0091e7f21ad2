"""The notification centre and the iCalendar feed of one's deadlines (issue 15 item 18)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from intercoop.agreements.tests import factories as agreement_factories
from intercoop.core import notifications, reminders
from intercoop.core.models import CalendarFeed, Notification
from intercoop.core.reminders import Reminder

pytestmark = pytest.mark.django_db


def _teacher_with_mail(world):
    teacher = world.user("teacher")
    teacher.email = "liming@example.edu.cn"
    teacher.save()
    return teacher


def test_a_mailed_reminder_waits_in_the_app_with_an_unread_count_once(world, client_for, monkeypatch):
    teacher = _teacher_with_mail(world)
    reminder = Reminder(
        key="test:one",
        institution_id=world.a.pk,
        subject="请交回因公护照",
        body="应于 2026-12-08 交回国际处。",
        recipients=("LiMing@example.edu.cn", "someone@else.example"),
        url=f"/travel/{world.trips['auto'].pk}/",
    )
    monkeypatch.setattr(reminders, "due", lambda today: [reminder])
    assert reminders.send_due(dt.date(2026, 12, 1)) == (1, 0)
    assert reminders.send_due(dt.date(2026, 12, 1)) == (0, 1)  # sent once, noted once
    assert len(mail.outbox) == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [teacher.pk]
    client = client_for("teacher", "zh-hans")
    home = client.get("/").content.decode()
    assert re.search(r'data-testid="unread-count">1<', home)
    page = client.get("/notifications/").content.decode()
    assert "请交回因公护照" in page and 'data-read="0"' in page
    notification = Notification.objects.get()
    opened = client.get(f"/notifications/{notification.pk}/")
    assert opened.status_code == 302 and opened["Location"] == reminder.url
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
    assert client_for("office").get(f"/notifications/{notification.pk}/").status_code == 404  # not theirs


def test_the_feed_lists_ones_own_deadlines_behind_a_secret_address(world, client_for):
    person = world.people["teacher"]
    agreement = agreement_factories.active(
        world, signed=dt.date(2025, 1, 1), valid_to=dt.date(2027, 6, 30), school_responsible=person
    )
    other = agreement_factories.active(world, signed=dt.date(2025, 1, 1), valid_to=dt.date(2027, 3, 31))
    client = client_for("teacher")
    made = client.post("/notifications/feed/")
    url = re.search(r'value="(http://testserver/feeds/[^"]+\.ics)"', made.content.decode()).group(1)
    assert CalendarFeed.objects.filter(user=world.user("teacher"), revoked_at__isnull=True).count() == 1
    assert url.split("/")[-1][:-4] not in str(CalendarFeed.objects.values_list("digest", flat=True)[0])
    response = Client().get(url.replace("http://testserver", ""))  # a calendar application, not logged in
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert f"agreement-end-{agreement.pk}@intercoop" in events
    assert f"agreement-end-{other.pk}@intercoop" not in events  # not theirs to watch
    assert events[f"agreement-end-{agreement.pk}@intercoop"].decoded("dtstart") == dt.date(2027, 6, 30)
    assert client.post("/notifications/feed/").status_code == 200  # a new address ends the old one
    assert Client().get(url.replace("http://testserver", "")).status_code == 404
    assert Client().get("/feeds/not-a-token.ics").status_code == 404


def test_deadlines_come_through_each_apps_access_rules(world):
    """Another institution's user responsible for nothing here gets nothing; a user without a person none."""
    assert notifications.deadlines_of(world.user("other_office"), dt.date(2026, 12, 1)) == []
    assert notifications.deadlines_of(world.user("norole"), dt.date(2026, 12, 1)) == []

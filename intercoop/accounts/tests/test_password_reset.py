"""Forgotten password (issue 15 item 19): an e-mailed one-day link, throttled, audited, and the same answer
whether or not the address belongs to an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from intercoop.accounts.models import LoginAttempt
from intercoop.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _client(language: str = "en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def test_the_link_in_the_mail_sets_a_new_password_once(world):
    teacher = world.user("teacher")
    teacher.email = "liming@example.edu.cn"
    teacher.save()
    client = _client()
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/forgotten/"' in login
    sent = client.post("/accounts/password/forgotten/", {"email": "LiMing@example.edu.cn"})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/password/forgotten/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["liming@example.edu.cn"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    assert AuditEntry.objects.filter(
        action="accounts.password_reset.requested", object_id=str(teacher.pk)
    ).exists()
    form = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert form.status_code == 200 and 'data-testid="reset-confirm-form"' in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Chongqing-2027!", "new_password2": "Chongqing-2027!"}
    )
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Chongqing-2027!")
    assert AuditEntry.objects.filter(
        action="accounts.password_reset.done", object_id=str(teacher.pk)
    ).exists()
    again = _client().get(link, follow=True).content.decode()
    assert 'data-testid="reset-link-invalid"' in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world):
    response = _client().post("/accounts/password/forgotten/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/forgotten/sent/"
    assert mail.outbox == []


@override_settings(
    PASSWORD_RESET_THROTTLE={"WINDOW_SECONDS": 3600, "MAX_PER_EMAIL": 3, "MAX_PER_ADDRESS": 10}
)
def test_requests_are_throttled_per_address_and_do_not_count_as_failed_logins(world):
    teacher = world.user("teacher")
    teacher.email = "liming@example.edu.cn"
    teacher.save()
    client = _client("zh-hans")
    for _ in range(3):
        assert (
            client.post("/accounts/password/forgotten/", {"email": "liming@example.edu.cn"}).status_code
            == 302
        )
    refused = client.post("/accounts/password/forgotten/", {"email": "liming@example.edu.cn"})
    assert refused.status_code == 429 and "请求重置密码的次数过多" in refused.content.decode()
    assert len(mail.outbox) == 3
    assert LoginAttempt.objects.filter(channel="reset").count() == 3
    # A reset request is no failed login: the teacher still logs in.
    assert _client().post("/accounts/login/", {"username": "teacher", "password": "pw"}).status_code == 302

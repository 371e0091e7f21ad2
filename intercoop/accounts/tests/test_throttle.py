from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from intercoop.accounts import services
from intercoop.accounts.models import LoginAttempt

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, ip: str = "10.0.0.1"):
    return services.login_check(
        request=None, username=username, password=password, ip_address=ip, channel="web"
    )


def test_five_failures_lock_the_user_name_even_for_the_right_password(world):
    for _ in range(5):
        with pytest.raises(services.LoginFailed):
            attempt("office", "wrong")
    with pytest.raises(services.LoginThrottled) as exc:
        attempt("office", "pw")
    assert 1 <= exc.value.seconds <= 900
    assert exc.value.status_code == 429
    assert attempt("teacher", "pw") == world.users["teacher"]  # other names are not affected


def test_the_lock_lifts_when_the_window_has_passed(world):
    for _ in range(5):
        with pytest.raises(services.LoginFailed):
            attempt("office", "wrong")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert attempt("office", "pw") == world.users["office"]


def test_a_successful_login_starts_the_count_afresh(world):
    for _ in range(4):
        with pytest.raises(services.LoginFailed):
            attempt("office", "wrong")
    attempt("office", "pw")
    for _ in range(4):
        with pytest.raises(services.LoginFailed):
            attempt("office", "wrong")
    assert attempt("office", "pw") == world.users["office"]


@override_settings(
    LOGIN_THROTTLE={"WINDOW_SECONDS": 900, "MAX_FAILURES_PER_USERNAME": 50, "MAX_FAILURES_PER_ADDRESS": 3}
)
def test_many_failures_from_one_address_lock_that_address_across_user_names(world):
    for name in ("a1", "a2", "a3"):
        with pytest.raises(services.LoginFailed):
            attempt(name, "x", ip="10.9.9.9")
    with pytest.raises(services.LoginThrottled):
        attempt("office", "pw", ip="10.9.9.9")
    assert attempt("office", "pw", ip="10.9.9.8") == world.users["office"]


def test_user_names_are_counted_case_insensitively(world):
    for name in ("Office", "OFFICE", " office", "oFFice", "office"):
        with pytest.raises(services.LoginFailed):
            attempt(name, "wrong")
    assert LoginAttempt.objects.filter(username="office", succeeded=False).count() == 5
    with pytest.raises(services.LoginThrottled):
        attempt("office", "pw")

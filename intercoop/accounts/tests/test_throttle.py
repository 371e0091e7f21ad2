"""The login throttle (accounts.throttle): nobody can lock out someone else, a NAT'd campus still logs in,
and a guesser is slowed down more and more."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from intercoop.accounts import services, throttle
from intercoop.accounts.models import LoginAttempt

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, ip: str = "10.0.0.1"):
    return services.login_check(
        request=None, username=username, password=password, ip_address=ip, channel="web"
    )


def fail(username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        with pytest.raises(services.LoginFailed):
            attempt(username, "wrong", ip)


def test_after_the_free_failures_that_pair_waits_even_for_the_right_password(world):
    fail("office", 5)
    with pytest.raises(services.LoginThrottled) as exc:
        attempt("office", "pw")
    assert 25 <= exc.value.seconds <= 30
    assert exc.value.status_code == 429
    assert "30 seconds" in str(exc.value)
    assert attempt("teacher", "pw") == world.users["teacher"]  # other names are not affected


def test_a_stranger_cannot_lock_out_the_office_from_its_own_address(world):
    for _ in range(20):  # someone else, elsewhere, guessing until slowed down
        with pytest.raises((services.LoginFailed, services.LoginThrottled)):
            attempt("office", "wrong", ip="198.51.100.66")
    with pytest.raises(services.LoginThrottled):
        attempt("office", "pw", ip="198.51.100.66")
    assert attempt("office", "pw", ip="10.0.0.1") == world.users["office"]


def test_the_delays_grow_with_each_further_failure_up_to_the_ceiling(world):
    assert [throttle.pair_delay(n) for n in (0, 4, 5, 6, 7, 8)] == [0, 0, 30, 60, 120, 240]
    assert throttle.pair_delay(40) == 900
    start = timezone.now()
    fail("office", 5)
    with time_machine.travel(start + dt.timedelta(seconds=31)):
        fail("office", 1)  # the sixth failure, once the first delay had passed
        with pytest.raises(services.LoginThrottled) as exc:
            attempt("office", "pw")
        assert 55 <= exc.value.seconds <= 60
    with time_machine.travel(start + dt.timedelta(seconds=31 + 61)):
        assert attempt("office", "pw") == world.users["office"]


def test_a_successful_login_starts_the_count_afresh(world):
    fail("office", 4)
    attempt("office", "pw")
    fail("office", 4)
    assert attempt("office", "pw") == world.users["office"]


@override_settings(LOGIN_THROTTLE={"MAX_FAILURES_PER_ADDRESS": 300})
def test_a_campus_behind_one_address_is_not_locked_out_by_its_users_mistakes(world):
    for index in range(60):
        with pytest.raises(services.LoginFailed):
            attempt(f"student{index}", "typo", ip="10.8.8.8")
    assert attempt("office", "pw", ip="10.8.8.8") == world.users["office"]


@override_settings(LOGIN_THROTTLE={"MAX_FAILURES_PER_ADDRESS": 3})
def test_many_failures_from_one_address_reach_its_ceiling_across_user_names(world):
    for name in ("a1", "a2", "a3"):
        fail(name, 1, ip="10.9.9.9")
    with pytest.raises(services.LoginThrottled):
        attempt("office", "pw", ip="10.9.9.9")
    assert attempt("office", "pw", ip="10.9.9.8") == world.users["office"]


@override_settings(LOGIN_THROTTLE={"MAX_FAILURES_PER_USERNAME": 10})
def test_guessing_one_name_from_many_addresses_reaches_the_name_ceiling(world):
    for index in range(10):
        fail("office", 1, ip=f"203.0.113.{index}")
    with pytest.raises(services.LoginThrottled) as exc:
        attempt("office", "pw", ip="10.0.0.1")
    assert 800 <= exc.value.seconds <= 900
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert attempt("office", "pw") == world.users["office"]


def test_user_names_are_counted_case_insensitively(world):
    for name in ("Office", "OFFICE", " office", "oFFice", "office"):
        with pytest.raises(services.LoginFailed):
            attempt(name, "wrong")
    assert LoginAttempt.objects.filter(username="office", succeeded=False).count() == 5
    with pytest.raises(services.LoginThrottled):
        attempt("office", "pw")

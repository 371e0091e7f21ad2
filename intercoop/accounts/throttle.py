"""Failed-login throttling, shared by the login page and the API token endpoint.

After ``MAX_FAILURES_PER_USERNAME`` failures for one user name (or ``MAX_FAILURES_PER_ADDRESS`` from one
address) within ``WINDOW_SECONDS``, further attempts are refused until the window has passed, whether
the password is right or not. A successful login starts the user name's count afresh. Attempts are
kept in the database so that every worker process agrees.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from intercoop.accounts.models import LoginAttempt


def _conf() -> dict[str, int]:
    conf: dict[str, int] = settings.LOGIN_THROTTLE
    return conf


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _wait(failures: QuerySet[LoginAttempt], *, since: dt.datetime, limit: int, now: dt.datetime) -> int:
    times = list(failures.filter(at__gte=since).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    oldest_counted = times[-1]
    wait = (oldest_counted + dt.timedelta(seconds=_conf()["WINDOW_SECONDS"]) - now).total_seconds()
    return max(1, math.ceil(wait))


def seconds_until_allowed(*, username: str, ip_address: str | None) -> int:
    """0 if an attempt may be made now; otherwise how many seconds until it may."""
    conf = _conf()
    now = timezone.now()
    window_start = now - dt.timedelta(seconds=conf["WINDOW_SECONDS"])
    name = normalise_username(username)
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True, at__gte=window_start)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    waits = [
        _wait(
            LoginAttempt.objects.filter(username=name, succeeded=False).exclude(channel=RESET),
            since=max(window_start, last_success) if last_success else window_start,
            limit=conf["MAX_FAILURES_PER_USERNAME"],
            now=now,
        )
    ]
    if ip_address:
        waits.append(
            _wait(
                LoginAttempt.objects.filter(ip_address=ip_address, succeeded=False).exclude(channel=RESET),
                since=window_start,
                limit=conf["MAX_FAILURES_PER_ADDRESS"],
                now=now,
            )
        )
    return max(waits)


RESET = "reset"  # a request for a password-reset e-mail, kept beside the login attempts


def reset_wait(*, email: str, ip_address: str | None) -> int:
    """0 if a password-reset e-mail may be asked for now, else the seconds to wait: at most
    ``MAX_PER_EMAIL`` requests for one address and ``MAX_PER_ADDRESS`` from one client per window."""
    conf = settings.PASSWORD_RESET_THROTTLE
    now = timezone.now()
    since = now - dt.timedelta(seconds=conf["WINDOW_SECONDS"])
    resets = LoginAttempt.objects.filter(channel=RESET)
    waits = [
        _reset_wait(
            resets.filter(username=normalise_username(email)), since, conf["MAX_PER_EMAIL"], conf, now
        )
    ]
    if ip_address:
        waits.append(
            _reset_wait(resets.filter(ip_address=ip_address), since, conf["MAX_PER_ADDRESS"], conf, now)
        )
    return max(waits)


def _reset_wait(
    qs: QuerySet[LoginAttempt], since: dt.datetime, limit: int, conf: dict, now: dt.datetime
) -> int:
    times = list(qs.filter(at__gte=since).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    return max(1, math.ceil((times[-1] + dt.timedelta(seconds=conf["WINDOW_SECONDS"]) - now).total_seconds()))


def note_attempt(*, username: str, ip_address: str | None, succeeded: bool, channel: str) -> None:
    LoginAttempt.objects.create(
        username=normalise_username(username), ip_address=ip_address, succeeded=succeeded, channel=channel
    )

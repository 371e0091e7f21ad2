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
            LoginAttempt.objects.filter(username=name, succeeded=False),
            since=max(window_start, last_success) if last_success else window_start,
            limit=conf["MAX_FAILURES_PER_USERNAME"],
            now=now,
        )
    ]
    if ip_address:
        waits.append(
            _wait(
                LoginAttempt.objects.filter(ip_address=ip_address, succeeded=False),
                since=window_start,
                limit=conf["MAX_FAILURES_PER_ADDRESS"],
                now=now,
            )
        )
    return max(waits)


def note_attempt(*, username: str, ip_address: str | None, succeeded: bool, channel: str) -> None:
    LoginAttempt.objects.create(
        username=normalise_username(username), ip_address=ip_address, succeeded=succeeded, channel=channel
    )

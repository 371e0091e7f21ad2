"""Failed-login throttling, shared by the login page, the API token endpoint and the admin's login.

Three limits, so that nobody can lock out someone else and a campus behind one NAT address still works:

- **a user name from one address** (the pair): the first ``FREE_FAILURES_PER_PAIR`` failures cost nothing;
  each further one makes that pair wait, ``FIRST_DELAY_SECONDS`` after the first and twice as long after
  each next, up to ``MAX_DELAY_SECONDS``. Failures count for ``PAIR_WINDOW_SECONDS`` and since the user's
  last successful login. The same user from another address is not slowed down.
- **a user name from every address**: ``MAX_FAILURES_PER_USERNAME`` failures within ``WINDOW_SECONDS`` stop
  further attempts on that name until the window has passed (a guessing attack spread over many
  addresses); high enough that a colleague's mistakes never reach it.
- **one address for every user name**: ``MAX_FAILURES_PER_ADDRESS`` within ``WINDOW_SECONDS``, high enough
  for a campus's users behind one NAT.

Attempts are kept in the database so that every worker process agrees. The address is the one
``core.middleware.client_ip`` gives: a forwarded header counts only from a configured proxy.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from intercoop.accounts.models import LoginAttempt

DEFAULTS = {
    "WINDOW_SECONDS": 900,
    "PAIR_WINDOW_SECONDS": 86400,
    "FREE_FAILURES_PER_PAIR": 5,
    "FIRST_DELAY_SECONDS": 30,
    "MAX_DELAY_SECONDS": 900,
    "MAX_FAILURES_PER_USERNAME": 100,
    "MAX_FAILURES_PER_ADDRESS": 300,
}


def _conf() -> dict[str, int]:
    return {**DEFAULTS, **getattr(settings, "LOGIN_THROTTLE", {})}


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _ceiling_wait(
    failures: QuerySet[LoginAttempt], *, since: dt.datetime, limit: int, now: dt.datetime
) -> int:
    """Seconds until fewer than ``limit`` failures since ``since`` remain in the window, else 0."""
    times = list(failures.filter(at__gte=since).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    oldest_counted = times[-1]
    wait = (oldest_counted + dt.timedelta(seconds=_conf()["WINDOW_SECONDS"]) - now).total_seconds()
    return max(1, math.ceil(wait))


def pair_delay(failures: int) -> int:
    """The wait after ``failures`` failures of one user name from one address: 0 for the free ones, then
    growing (30 s, 60 s, 120 s ... with the defaults) up to the ceiling."""
    conf = _conf()
    extra = failures - conf["FREE_FAILURES_PER_PAIR"]
    if extra < 0:
        return 0
    return int(min(conf["MAX_DELAY_SECONDS"], conf["FIRST_DELAY_SECONDS"] * 2 ** min(extra, 30)))


def seconds_until_allowed(*, username: str, ip_address: str | None) -> int:
    """0 if an attempt may be made now; otherwise how many seconds until it may."""
    conf = _conf()
    now = timezone.now()
    window_start = now - dt.timedelta(seconds=conf["WINDOW_SECONDS"])
    name = normalise_username(username)
    failures = LoginAttempt.objects.filter(succeeded=False).exclude(channel=RESET)
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    name_since = max(window_start, last_success) if last_success else window_start
    waits = [
        _ceiling_wait(
            failures.filter(username=name), since=name_since, limit=conf["MAX_FAILURES_PER_USERNAME"], now=now
        )
    ]
    if ip_address:
        pair_start = now - dt.timedelta(seconds=conf["PAIR_WINDOW_SECONDS"])
        pair_since = max(pair_start, last_success) if last_success else pair_start
        pair = list(
            failures.filter(username=name, ip_address=ip_address, at__gte=pair_since)
            .order_by("-at")
            .values_list("at", flat=True)[: conf["FREE_FAILURES_PER_PAIR"] + 32]
        )
        delay = pair_delay(len(pair))
        if delay:
            waits.append(max(0, math.ceil((pair[0] + dt.timedelta(seconds=delay) - now).total_seconds())))
        waits.append(
            _ceiling_wait(
                failures.filter(ip_address=ip_address),
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

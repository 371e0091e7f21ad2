"""Bulk actions on list pages (issue 15 item 20): the rows a user ticked, each one read through the
record's access function and changed through its service, one at a time.

Each row is its own transaction and its own audit entry: a row that is refused (not yours, a rule) is
reported by name with the reason and leaves the others as they are done. The result says what happened
to every row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intercoop.core.errors import DomainError

MAX_ROWS = 500


@dataclass
class Result:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (row, why)

    def summary(self, done_label: str) -> tuple[str, str]:
        """(what was done, what was refused and why), for the page's messages."""
        ok = (
            ngettext("%(n)s %(what)s.", "%(n)s %(what)s.", len(self.done))
            % {"n": len(self.done), "what": done_label}
            if self.done
            else ""
        )
        bad = "; ".join(f"{row}: {why}" for row, why in self.refused)
        return ok, (_("Not done: %(rows)s") % {"rows": bad}) if bad else ""


def selected_ids(request: HttpRequest) -> list[int]:
    """The ticked rows' ids (at most ``MAX_ROWS``); anything that is not an id is not found."""
    ids: list[int] = []
    for raw in request.POST.getlist("selected"):
        if not str(raw).isdigit():
            raise Http404
        ids.append(int(raw))
    if len(ids) > MAX_ROWS:
        raise DomainError(_("Choose at most %(n)s rows at a time.") % {"n": MAX_ROWS})
    return sorted(set(ids))


def apply(
    ids: Iterable[int],
    *,
    read: Callable[[int], Any],
    act: Callable[[Any], Any],
    label: Callable[[Any], str],
) -> Result:
    """For each id: the record through ``read`` (the access function), then ``act`` (the service)."""
    result = Result()
    for pk in ids:
        try:
            record = read(pk)
        except Http404:
            result.refused.append((f"#{pk}", _("not found")))
            continue
        try:
            with transaction.atomic():
                act(record)
        except DomainError as exc:
            result.refused.append((label(record), str(exc.message)))
            continue
        result.done.append(label(record))
    return result


def selection(request: HttpRequest, list_path: str, nothing_ticked: str) -> tuple[str, list[int]]:
    """Where to go back to, and the ticked ids; with no ids (too many, or none) the page's message says
    why and the caller goes back."""
    back = back_to(request, list_path)
    try:
        ids = selected_ids(request)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return back, []
    if not ids:
        messages.error(request, nothing_ticked)
    return back, ids


def back_to(request: HttpRequest, list_path: str) -> str:
    """Where the list was (its filters and page), if the form says so and it is that list; else the list."""
    target = request.POST.get("next") or ""
    return target if target.startswith(list_path) and "//" not in target else list_path


def report(request: HttpRequest, result: Result, done_label: str) -> None:
    ok, bad = result.summary(done_label)
    if ok:
        messages.success(request, ok)
    if bad:
        messages.error(request, bad)

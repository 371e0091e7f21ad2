"""Page actions in one shape: a valid form goes to its service, a broken rule comes back as a message.

* ``submitted(request, form, save)``: the POST of a form page. When the form is valid, ``save(data)`` runs
  (``data`` is the form's cleaned data); its result comes back as ``Done(value)``. A ``DomainError`` is
  shown beside its field, or above the form when the field is not on it, and ``None`` is returned, as for
  a GET or an invalid form: render the page again.
* ``acted(request, act, done=...)``: the POST of a button (submit, archive, a lifecycle step). Runs
  ``act()``; flashes ``done`` on success and the rule's message on a ``DomainError``; returns ``Done`` or
  ``None`` as ``submitted`` does. Redirect afterwards either way.

What a view does not catch, ``core.middleware.DomainErrorMiddleware`` still shows to the user: a broken
rule is never a 500. The service's transaction was rolled back, so a refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from intercoop.core.errors import DomainError
from intercoop.core.forms import add_domain_error

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T


def submitted(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: Any = None,
) -> Done[T] | None:
    """Run ``save`` for a valid POSTed form; ``None`` when there is nothing to save or a rule refused it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        value = save(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    if done:
        messages.success(request, done(value) if callable(done) else done)
    return Done(value)


def acted(request: HttpRequest, act: Callable[[], T], *, done: Any = None) -> Done[T] | None:
    """Run a button's service call and say what happened in a message; ``None`` when a rule refused it.

    A refusal that means "not yours" (``status_code`` 404, as ``core.choices.NotAChoiceError``) is a 404
    page, as on the API, not a message about a record the user was never shown."""
    try:
        value = act()
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
        return None
    if done:
        messages.success(request, done(value) if callable(done) else done)
    return Done(value)

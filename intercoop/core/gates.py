"""What each page declares about who may open it (as pretix's ``event_permission_required``).

Every view says how its access is decided, so nobody has to read its body to know, and a test
(``core/tests/test_gates.py``) walks every URL pattern and fails on a view that declares nothing:

* ``@requires(CODE)``: the page needs ``CODE`` somewhere in the user's institution (404 otherwise). Checks
  that go further (a unit, a record) stay in the view's selectors and the services.
* ``@requires(CODE, across_institutions=True)``: the same, or a supervisor holding ``CODE`` over
  institutions (aggregate pages: the dashboard, the indicators).
* ``@signed_in``: any signed-in user; the page shows what their own roles allow (the home page, one's
  own profile).
* ``@record_access``: the page shows or changes one record, and the record's access function
  (``<entity>_get_for_user`` in the app's selectors) decides: 404 for "missing" and "not yours" alike.
* ``@public``: open without a role (the login page, the health check, the language switch, the error
  pages); say why beside it.

The API's endpoints are not views of this kind: each resolves its records through the same access
functions and choices (``core.choices``), and ``api.urls`` authenticates every call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest

from intercoop.core.access import access_for

View = TypeVar("View", bound=Callable[..., Any])

ATTRIBUTE = "intercoop_access"
ACROSS = "intercoop_across_institutions"
RECORD = "record"
PUBLIC = "public"
SIGNED_IN = "signed_in"


def requires(code: str, *, across_institutions: bool = False) -> Callable[[View], View]:
    """404 unless the user belongs to an institution and holds ``code`` somewhere in it (or, with
    ``across_institutions``, holds it over institutions as a supervisor)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not passes(request.user, code, across_institutions=across_institutions):
                raise Http404
            return view(request, *args, **kwargs)

        setattr(gated, ATTRIBUTE, code)
        setattr(gated, ACROSS, across_institutions)
        return gated  # type: ignore[return-value]

    return decorate


def passes(user: Any, code: str, *, across_institutions: bool = False) -> bool:
    """Does ``@requires(code, across_institutions=...)`` let the user in?"""
    access = access_for(user)
    if across_institutions and access.institution_id is None and access.institutions_with(code):
        return True
    return access.institution_id is not None and access.can_anywhere(code)


def opens(user: Any, view: Any) -> bool | None:
    """Would the view let the user in? None for a record page: only the record's access function knows
    (``core.links``)."""
    gate = declared(view)
    if gate == RECORD:
        return None
    if gate == PUBLIC:
        return True
    if gate == SIGNED_IN:
        return bool(getattr(user, "is_authenticated", False))
    if gate is None:
        return False
    return passes(user, gate, across_institutions=getattr(view, ACROSS, False))


def signed_in(view: View) -> View:
    """Any signed-in user (the login middleware sees to that); the page shows what their roles allow."""
    setattr(view, ATTRIBUTE, SIGNED_IN)
    return view


def record_access(view: View) -> View:
    """The record's access function decides (the view reads the record through it first)."""
    setattr(view, ATTRIBUTE, RECORD)
    return view


def public(view: View) -> View:
    """Open without a role."""
    setattr(view, ATTRIBUTE, PUBLIC)
    return view


def declared(view: Any) -> str | None:
    """What a view declares (a permission code, ``record``, ``signed_in`` or ``public``), or None."""
    return getattr(view, ATTRIBUTE, None)

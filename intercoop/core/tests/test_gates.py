"""Every page declares who may open it (core.gates); a new view that declares nothing fails here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from intercoop.core import gates
from intercoop.core.permissions import all_definitions

# Not our views: Django's admin (read-only, staff login), the language switch, the API (django-ninja
# authenticates every call and resolves records through the same access functions).
FOREIGN = ("admin/", "i18n/", "api/v1/")


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(FOREIGN):
                continue
            yield from _patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def test_every_url_declares_its_permission_or_is_marked_public():
    routes = list(_patterns(get_resolver().url_patterns))
    assert len(routes) > 100
    codes = {d.code for d in all_definitions()}
    undeclared, unknown = [], []
    for route, view in routes:
        declared = gates.declared(view)
        if declared is None:
            undeclared.append(f"{route} → {view.__module__}.{view.__name__}")
        elif declared not in (gates.RECORD, gates.PUBLIC, gates.SIGNED_IN) and declared not in codes:
            unknown.append(f"{route}: {declared}")
    assert undeclared == [] and unknown == []


def test_the_error_pages_are_declared_too():
    from django.urls import get_callable

    for handler in ("intercoop.core.views.page_not_found", "intercoop.core.views.permission_denied"):
        assert gates.declared(get_callable(handler)) == gates.PUBLIC


def test_no_view_gates_itself_in_its_body():
    """The page-level gate is the declaration; a view body no longer calls require_anywhere."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    calls = [
        f"{p.relative_to(package)}:{n}"
        for p in package.rglob("*views.py")
        if "tests" not in p.parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\brequire_anywhere\(", line)
    ]
    assert calls == []


@pytest.mark.django_db
def test_a_declared_gate_answers_404_to_a_user_without_the_code(world, client_for):
    assert client_for("student").get("/audit/").status_code == 404
    assert client_for("admin").get("/audit/").status_code == 200
    assert client_for("supervisor").get("/dashboard/").status_code == 200  # across institutions
    assert client_for("supervisor").get("/audit/").status_code == 404

"""The API fuzzed from its own OpenAPI document (schemathesis, bounded): no generated request, valid or
not, is answered with a 5xx, and every answer with a documented schema matches it (issue 16 items 7, 8).

A new endpoint is fuzzed as soon as it is in the document. The run is derandomised (the same requests
each time, so CI cannot flake) and bounded: ``FUZZ_EXAMPLES`` requests per operation (default 12; set it
higher for a deeper local run: ``FUZZ_EXAMPLES=200 make pytest PYTEST_ARGS=tests/test_api_fuzz.py``).
It runs as the international office, whose writes reach every operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("fuzz")]


@pytest.fixture
def bearer(world) -> Iterator[dict[str, str]]:
    """The office's token. The requests then go through the WSGI handler, not Django's test client: the
    handler is kept from closing the test's database connection (inside its rolled-back transaction)
    after each request, as the test client does (after the token is made: the test client reconnects
    it)."""
    response = Client().post(
        "/api/v1/auth/token", {"username": "office", "password": "pw"}, content_type="application/json"
    )
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {response.json()['token']}", "Accept-Language": "en"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_no_request_is_a_server_error_and_answers_match_the_document(case, bearer):
    if case.operation.path == "/api/v1/auth/token" and case.method.upper() == "POST":
        pytest.skip("logging in is fuzzed by the throttle tests; generated guesses would throttle the office")
    case.headers = {**(case.headers or {}), **bearer}
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:500])
    if 200 <= response.status_code < 300:
        case.validate_response(response, checks=[response_schema_conformance])


def test_no_two_schemas_of_the_document_share_a_name():
    """Ninja merges every operation's definitions by name; two different schemas of one name would
    document one as the other (partner ``kind`` shown as ``teacher|expert``)."""
    import json

    from ninja import Schema

    from intercoop.api.schema_names import QualifiedNames
    from intercoop.api.urls import api

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    api.get_openapi_schema()  # every router imported
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for model in set(subclasses(Schema)):
        if not model.__module__.startswith("intercoop."):
            continue
        document = model.model_json_schema(
            ref_template="#/components/schemas/{model}", schema_generator=QualifiedNames
        )
        definitions = {**document.pop("$defs", {}), model.__name__: document}
        for name, definition in definitions.items():
            text = json.dumps(definition, sort_keys=True)
            where = f"{model.__module__}.{model.__qualname__}"
            if name in seen and seen[name][0] != text:
                clashes.append((name, seen[name][1], where))
            seen.setdefault(name, (text, where))
    assert clashes == []

"""The pages' last boundary: a DomainError a view did not catch is shown to the user, never a 500."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from intercoop.core.choices import NotAChoiceError
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.middleware import DomainErrorMiddleware

pytestmark = pytest.mark.django_db


def _request(method: str, path: str = "/travel/1/", referer: str | None = None):
    factory = RequestFactory()
    extra = {"HTTP_REFERER": referer} if referer else {}
    request = getattr(factory, method)(path, **extra)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def _boundary():
    return DomainErrorMiddleware(lambda request: None)


def test_a_refused_post_goes_back_to_its_page_with_the_message():
    request = _request("post", referer="http://testserver/travel/1/")
    response = _boundary().process_exception(request, DomainError("Give the trip a title.", field="title"))
    assert response.status_code == 302 and response["Location"] == "http://testserver/travel/1/"
    assert [str(m) for m in get_messages(request)] == ["Give the trip a title."]


def test_without_a_page_to_go_back_to_the_message_is_shown_with_the_error_s_status():
    request = _request("post", referer="https://evil.example/")
    response = _boundary().process_exception(request, ConflictError("The trip changed since you looked."))
    assert response.status_code == 409
    assert "The trip changed since you looked." in response.content.decode()
    assert "evil.example" not in response.content.decode()


def test_a_record_one_may_not_name_is_not_found_and_the_api_keeps_its_own_answers():
    response = _boundary().process_exception(
        _request("get"), NotAChoiceError("Zhang Yue is in another college", field="person")
    )
    assert response.status_code == 404 and "Zhang Yue" not in response.content.decode()
    assert _boundary().process_exception(_request("post", "/api/v1/travel/trips"), DomainError("x")) is None
    assert _boundary().process_exception(_request("get"), ValueError("not ours")) is None

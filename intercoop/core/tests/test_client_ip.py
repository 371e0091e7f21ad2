from __future__ import annotations

from django.test import RequestFactory, override_settings

from intercoop.core.middleware import client_ip


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **meta)


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended_last():
    assert client_ip(request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="not-an-address")) == "127.0.0.1"
    assert client_ip(request()) == "127.0.0.1"


@override_settings(BEHIND_PROXY=False)
def test_without_a_proxy_forwarded_headers_are_ignored():
    assert client_ip(request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "127.0.0.1"

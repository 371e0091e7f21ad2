from __future__ import annotations

from django.test import RequestFactory, override_settings

from intercoop.core.middleware import client_ip


def request(remote: str = "127.0.0.1", **meta):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_from_a_trusted_proxy_the_client_is_the_address_the_proxy_appended_last():
    assert client_ip(request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="not-an-address")) == "127.0.0.1"
    assert client_ip(request()) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_chain_of_trusted_proxies_is_skipped_from_the_right():
    # load balancer 10.0.0.5 -> nginx 10.0.0.7 -> gunicorn: the client is left of both
    chain = "6.6.6.6, 198.51.100.4, 10.0.0.5"
    assert client_ip(request("10.0.0.7", HTTP_X_FORWARDED_FOR=chain)) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_client_that_reaches_the_server_directly_cannot_forge_its_address():
    assert client_ip(request("198.51.100.77", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "198.51.100.77"


@override_settings(TRUSTED_PROXIES=[])
def test_without_a_proxy_forwarded_headers_are_ignored():
    assert client_ip(request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "127.0.0.1"

"""The app as it runs in production (issue 16 item 11): DEBUG=0, collected static files, gunicorn, over
plain HTTP on 127.0.0.1, as ``make serve-prod`` starts it; the security checks and a bounded fuzz run of
the API go through that server, not through the test client.

One server for the module: a fresh SQLite file with the demo, static files collected into a temporary
folder, gunicorn on a free port. Environment as in the Makefile's ``PROD_ENV``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TIMEOUT = 60
EXAMPLES = int(os.environ.get("FUZZ_PROD_EXAMPLES", "4"))

pytestmark = pytest.mark.xdist_group("production_like")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("prod")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "local-production-like-run-for-the-tests-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_PROXY": "0",
        "INTERCOOP_ALLOW_DEMO": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'prod.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    for command in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "120"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        else:
            raise RuntimeError((folder / "gunicorn.log").read_text())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _login(url: str, username: str = "office") -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/accounts/login/", timeout=TIMEOUT)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{url}/accounts/login/",
        {"username": username, "password": "demo", "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{url}/accounts/login/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, response.text[:300]
    return session


def test_pages_and_static_files_are_served_with_debug_off(server):
    login = requests.get(f"{server}/accounts/login/", timeout=TIMEOUT)
    assert login.status_code == 200
    css = re.search(r'href="(/static/intercoop/app\.[0-9a-f]+\.css)"', login.text)
    assert css, "static files are not the collected, hashed ones"
    assert requests.get(f"{server}{css.group(1)}", timeout=TIMEOUT).status_code == 200
    session = _login(server)
    for path in ("/", "/partners/", "/agreements/", "/travel/", "/mobility/", "/dashboard/", "/search/?q=a"):
        response = session.get(f"{server}{path}", timeout=TIMEOUT)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
        assert response.headers["Cache-Control"] == "no-store", path
        assert response.headers["X-Frame-Options"] == "DENY"


def test_bad_input_through_the_real_server_is_never_a_500(server):
    session = _login(server)
    for path in ("/partners/?q=%00", "/travel/figures/?year=0", "/partners/99999999999999999999/"):
        assert session.get(f"{server}{path}", timeout=TIMEOUT).status_code < 500, path
    assert (
        requests.get(f"{server}/api/v1/partners?limit=99999999999999999999", timeout=TIMEOUT).status_code
        < 500
    )


@pytest.fixture
def prod_token(server) -> str:
    response = requests.post(
        f"{server}/api/v1/auth/token", json={"username": "office", "password": "demo"}, timeout=TIMEOUT
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def test_the_api_fuzzed_through_gunicorn_has_no_server_error(server, prod_token):
    """Every operation of the served document, ``FUZZ_PROD_EXAMPLES`` generated requests each (derandomised),
    as the office. One test over all operations (schemathesis's lazy fixture loader does not run on pytest
    9), collecting every operation that answered with a 5xx."""
    schema = schemathesis.openapi.from_url(f"{server}/api/v1/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/auth/token" and operation.method.upper() == "POST":
            continue  # generated guesses would throttle the office's token
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {prod_token}"}
            response = case.call(timeout=TIMEOUT)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])

        try:
            run()
        except AssertionError as exc:
            failures.append(str(exc)[:400])
    assert operations > 90
    assert failures == []

"""Fixtures shared by every test: the persona world, logged-in clients.

The persona world (2 institutions, 7 units, 12 users, partners, agreements, trips, mobilities, all made
through the services) is built **once per test database**, when pytest-django creates it, and committed.
Every test then runs inside a transaction that is rolled back (pytest-django's ``db``), so each test
starts from the same world without paying for it again, as Zulip's pre-populated test database does.
``world`` reads the world's rows afresh for each test. A transactional test (``transactional_db``)
empties the tables when it ends; pytest-django runs those after the others, and a ``world`` asked for
after one of them is built again the slow way.

The demo is seeded once per test database too (``demo_snapshot``): the tests of its content and the
browser tests restore that snapshot (``tests.personas.restore_snapshot``, about a second) instead of
seeding it (about eight). The browser tests run against committed data through their own live server,
which does not empty the tables, and put the world back when their module ends. The tests that start from
the demo share one xdist group, so one worker seeds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from tests.personas import (
    Snapshot,
    World,
    WorldKeys,
    build_world,
    language_client,
    load_world,
    mark_rows,
    remove_world,
    restore_snapshot,
    take_snapshot,
)

_KEYS: WorldKeys | None = None


@pytest.fixture(autouse=True)
def english_messages() -> object:
    """Services and unit tests read English messages; tests of the Chinese UI switch explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Create the test database as pytest-django does, then build the persona world in it once."""
    global _KEYS
    with django_db_blocker.unblock(), translation.override("en"):  # type: ignore[attr-defined]
        mark_rows()
        _KEYS = WorldKeys.of(build_world())
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _end_other_sessions()


def _end_other_sessions() -> None:
    """PostgreSQL drops the test database only when nobody else is connected to it; the browser tests'
    live server (its request threads, and the browser's Playwright loop) may leave a connection behind."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Snapshot:
    """The demo (without the public reference lists), seeded once per test database and kept as a
    snapshot; the database is left as it was. Tests of the demo's content and the browser tests start
    from it (``tests.personas.restore_snapshot``) instead of seeding it again."""
    from intercoop.demo import seed

    with django_db_blocker.unblock(), translation.override("en"):  # type: ignore[attr-defined]
        before = take_snapshot()
        remove_world()
        seed.build(reference_lists=False)
        snapshot = take_snapshot()
        restore_snapshot(before)
    return snapshot


@pytest.fixture
def world(db: None) -> World:
    loaded = load_world(_KEYS) if _KEYS is not None else None
    if loaded is None:  # emptied by a transactional test that ran before this one
        return build_world()
    return loaded


@pytest.fixture
def empty_db(db: None) -> None:
    """A database without the persona world (for tests of whole-database commands such as seed_demo).

    Every row added since the migrations is deleted. Inside a test's transaction the rollback brings the
    world back for the next test; a transactional test (they run last) leaves it deleted, and the next
    ``world`` is built again.
    """
    remove_world()


@pytest.fixture
def anon() -> Client:
    return language_client("en")


@pytest.fixture
def client_for(world: World) -> Callable[..., Client]:
    """A client logged in as a persona: ``client_for("liaison_a")``, ``client_for("office", "zh-hans")``."""

    def make(name: str, language: str = "en") -> Client:
        client = language_client(language)
        client.force_login(world.user(name))
        return client

    return make

"""Fixtures shared by every test: the persona world, logged-in clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tests.personas import World, build_world


@pytest.fixture(autouse=True)
def english_messages() -> object:
    """Services and unit tests read English messages; tests of the Chinese UI switch explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client logged in as a persona (``client_for("liaison_a")``)."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(world.user(name))
        return client

    return make

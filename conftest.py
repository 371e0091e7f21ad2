"""Fixtures shared by every test: the persona world, logged-in clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tests.personas import World, build_world, language_client


@pytest.fixture(autouse=True)
def english_messages() -> object:
    """Services and unit tests read English messages; tests of the Chinese UI switch explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()


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

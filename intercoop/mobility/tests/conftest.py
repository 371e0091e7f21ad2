from __future__ import annotations

from typing import Any

import pytest

from intercoop.mobility.tests.factories import add_stays


@pytest.fixture
def world(world: Any) -> Any:
    """The persona world with an international student (AUTO) and a foreign expert (IT)."""
    return add_stays(world)

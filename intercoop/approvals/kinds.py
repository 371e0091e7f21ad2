"""Kinds of request that go through approval chains. The app that owns the subject registers its kind.

The engine knows nothing of trips or agreements: a kind tells it the default chain for a new institution,
how to find the subject for a user (404 when not theirs), where its page is, and what to do when the
request ends (approved, rejected, returned, withdrawn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StepDefault:
    name: str
    name_en: str
    role: str
    level: str
    unit_function: str = ""  # for Level.UNIT: the unit's function (hr, finance, international) ...
    unit_kind: str = ""  # ... or kind (leadership)
    condition: str = "always"
    threshold: str | None = None


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    chain_name: tuple[str, str]  # (Chinese, English) name of the default chain
    default_steps: tuple[StepDefault, ...]
    subject: Callable[[int], Any]  # the subject by id (no access check)
    subject_for_user: Callable[[Any, int], Any]  # raises Http404 when the user may not see it
    url: Callable[[int], str]
    on_outcome: Callable[[Any, Any, str, Any], None]  # (request, subject, outcome, actor)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def get(key: str) -> Kind:
    return _KINDS[key]


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)

"""What each app adds to the shared registries, declared as data and handed on once.

An app declares its contributions in ``<app>/declarations.py`` as one ``DECLARATIONS`` value: the labels of
its audit actions, its navigation entries, home-page work queues, reminder providers, importers, record
panels, the access functions of its record pages (``core.links``), and which of its actions change no
figure. Its ``AppConfig.ready()`` is one line, ``declarations.hand_on(self)``, so what an app contributes
is read in one place, not in code that runs.

Registries of apps above core take their own declarations from the same module, by name:
``APPROVAL_KINDS`` (``approvals.kinds``), ``ACTIVITY_SOURCES`` (``agreements.activity``); files are
declared in ``attachables.py`` (``attachments.registry``). Each of those apps collects them in its own
``ready()`` with ``declared(name)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps

from intercoop.core import (
    audit,
    importing,
    links,
    navigation,
    notifications,
    panels,
    reminders,
    settings_registry,
    workqueue,
)


@dataclass(frozen=True)
class Declarations:
    actions: Mapping[str, Any] = field(default_factory=dict)  # audit action → its label
    field_labels: Mapping[str, Any] = field(default_factory=dict)  # names in histories without a field
    value_displays: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)  # composed values
    neutral: Sequence[str] = ()  # audit action prefixes that change no figure (core.changes)
    neutral_source: bool = False  # no record of this app is one a figure is computed from
    navigation: Sequence[navigation.NavItem] = ()
    queues: Sequence[workqueue.Queue] = ()
    reminders: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    importers: Sequence[importing.Importer] = ()
    panels: Sequence[panels.Panel] = ()
    readers: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # record page → access function
    deadlines: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # one user's deadlines (iCal)
    settings: Sequence[settings_registry.Setting] = ()  # institution settings an office may change


def module_of(config: AppConfig, module: str = "declarations") -> ModuleType | None:
    """The app's ``module`` (``<app>.declarations``, ``<app>.attachables``), None when it has none."""
    try:
        return import_module(f"{config.name}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.{module}":
            raise
        return None


def hand_on(config: AppConfig) -> None:
    """Register what ``config``'s app declares (called from its ``ready()``)."""
    module = module_of(config)
    if module is None:
        return
    declared: Declarations = module.DECLARATIONS
    audit.register_actions(dict(declared.actions))
    if declared.field_labels:
        audit.register_field_labels(dict(declared.field_labels))
    if declared.value_displays:
        audit.register_value_displays(dict(declared.value_displays))
    if declared.neutral:
        audit.register_neutral(*declared.neutral)
    if declared.neutral_source:
        audit.register_neutral_source(config.label)
    for item in declared.navigation:
        navigation.register(item)
    for queue in declared.queues:
        workqueue.register(queue)
    for key, provider in declared.reminders.items():
        reminders.register(key, provider)
    for importer in declared.importers:
        importing.register(importer)
    for panel in declared.panels:
        panels.register(panel)
    if declared.readers:
        links.register_readers(dict(declared.readers))
    if declared.deadlines:
        notifications.register_deadlines(dict(declared.deadlines))
    for setting in declared.settings:
        settings_registry.register(setting)
    if declared.settings:  # a change of a setting reads in the history under the setting's label
        audit.register_field_labels({setting.key: setting.label for setting in declared.settings})


def declared(name: str, module: str = "declarations") -> Iterable[Any]:
    """Every installed app's ``name`` list in its ``module`` (for registries above core)."""
    for config in apps.get_app_configs():
        if config.name.startswith("intercoop."):
            found = module_of(config, module)
            yield from getattr(found, name, ()) if found is not None else ()

"""An institution's settings are read by its figures (the statistical date of mobility's rules, the
travel and agreement rules): when they change, however they are changed (a service, the shell, a
migration), every stored figure of the institution is stale (issue 17 item 2).

Every indicator depends on source ``org`` (``indicators.registry.Indicator.depends_on``), so one
``core.changes.record_changed(institution, "org")`` after a save that changed ``settings`` makes the next
read recompute them all; a save that leaves the settings as they were changes nothing.
"""

from __future__ import annotations

from typing import Any

from intercoop.core import changes


def remember(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        instance._settings_before = None
        return
    instance._settings_before = (
        sender._default_manager.filter(pk=instance.pk).values_list("settings", flat=True).first()
    )


def compare(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or created:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "settings" not in update_fields:
        return
    if getattr(instance, "_settings_before", None) != instance.settings:
        changes.record_changed(instance.pk, "org")

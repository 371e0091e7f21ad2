"""The single audit log. Services call ``record`` for every change they make.

::

    before = audit.snapshot(person, PERSON_FIELDS)
    ...change and save...
    audit.record(person, "org.person.changed", actor=actor, changes=audit.diff(before, audit.snapshot(...)))

Sensitive fields (a model's ``SENSITIVE_FIELDS``) are stored as they were, and masked when shown to a
reader who may not see them (``history_for``).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intercoop.core import changes
from intercoop.core.models import AuditEntry

# The client address of the current request, set by ``core.middleware.AuditContextMiddleware``.
request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("intercoop_request_ip", default=None)

_ACTION_LABELS: dict[str, Any] = {
    "created": _("created"),
    "changed": _("changed"),
    "archived": _("archived"),
    "restored": _("restored"),
}

MASK = "••••"

# Labels of changes that are not model fields (an agreement's "parties"), by key.
_FIELD_LABELS: dict[str, Any] = {}


def register_field_labels(labels: Mapping[str, Any]) -> None:
    _FIELD_LABELS.update(labels)


# How a stored value of a named change reads, for values composed by a service (a trip's budget lines
# "fare 14025.00 special_fund"): each element of a list is shown through the function.
_VALUE_DISPLAYS: dict[str, Callable[[Any], str]] = {}


def register_value_displays(displays: Mapping[str, Callable[[Any], str]]) -> None:
    _VALUE_DISPLAYS.update(displays)


def register_actions(labels: Mapping[str, Any]) -> None:
    """Give actions a translatable label (``{"accounts.membership.granted": _("role granted")}``)."""
    _ACTION_LABELS.update(labels)


# Which actions leave derived figures as they are: registered with core.changes (the one hook).
register_neutral = changes.register_neutral
register_neutral_source = changes.register_neutral_source


def _records_changed(institution_id: int | None, obj: models.Model, action: str) -> None:
    """Every audited change of a counted record reaches the invalidation hook (core.changes)."""
    if not changes.is_neutral(action, obj._meta.app_label):
        changes.record_changed(institution_id, obj._meta.app_label)


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every labelled action, grouped by the app that records it (for the audit log's filter), each group
    and label in the reader's language, sorted by label."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in _ACTION_LABELS.items():
        app = code.split(".", 1)[0]
        try:
            group = str(apps.get_app_config(app).verbose_name)
        except LookupError:
            group = app
        groups.setdefault(group, []).append((code, str(label)))
    return [(g, sorted(items, key=lambda item: item[1])) for g, items in sorted(groups.items())]


def action_label(action: str) -> str:
    if action in _ACTION_LABELS:
        return str(_ACTION_LABELS[action])
    return str(_ACTION_LABELS.get(action.rsplit(".", 1)[-1], action))


def to_jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return str(value)


RELATED_ID = re.compile(r" #\d+$")


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``obj`` as JSON-friendly data.

    A related record is kept as its label at the time of the change with its id (``"汽车工程学院 #7"``),
    so the history reads as the user saw it even after the record is renamed.
    """
    result: dict[str, Any] = {}
    for name in fields:
        f = obj._meta.get_field(name)
        if f.is_relation and (f.many_to_one or f.one_to_one):
            related = getattr(obj, name)
            result[name] = f"{stored_label(related)} #{related.pk}" if related is not None else None
        else:
            result[name] = to_jsonable(getattr(obj, getattr(f, "attname", name)))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [before, after]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def stored_label(obj: Any) -> str:
    """How a record is named in the log: in the site's language, whatever the actor's language was."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj)


def _actor_label(actor: Any) -> str:
    if actor is None:
        return ""  # the system itself; shown as "system" in the reader's language
    label = getattr(actor, "display_label", None)
    return str(label() if callable(label) else label or actor)


def record(
    obj: models.Model | None,
    action: str,
    *,
    actor: Any,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
    institution_id: int | None = None,
    fields_of: type[models.Model] | None = None,
) -> AuditEntry:
    """Write one audit entry about ``obj`` (or about nothing in particular, e.g. a failed login).

    ``fields_of`` names the model whose fields ``changes`` describes when that is not ``obj``'s own
    (an obligation's fields, shown in its agreement's history), for labels and choice names.
    """
    if institution_id is None and obj is not None:
        institution_id = getattr(obj, "institution_id", None)
    if fields_of is not None:
        data = {**(data or {}), "_fields": fields_of._meta.label_lower}
    entry = AuditEntry(
        institution_id=institution_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor)[:200],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_label=stored_label(obj)[:300] if obj is not None else "",
        changes=to_jsonable(dict(changes or {})),
        data=to_jsonable(dict(data or {})),
        ip_address=request_ip.get(),
    )
    entry.save()
    if obj is not None:
        _records_changed(institution_id, obj, action)
    return entry


def record_many(
    objs: Iterable[models.Model], action: str, *, actor: Any, data: Mapping[str, Any] | None = None
) -> int:
    """One entry per object, written in bulk (an import of thousands of rows); no field changes."""
    objs = list(objs)
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(objs[0])
    label = _actor_label(actor)[:200]
    stored_actor = actor if getattr(actor, "pk", None) else None
    stored_data = to_jsonable(dict(data or {}))
    ip_address = request_ip.get()
    with translation.override(settings.LANGUAGE_CODE):  # labels in the site's language (``stored_label``)
        entries = [
            AuditEntry(
                institution_id=getattr(obj, "institution_id", None),
                actor=stored_actor,
                actor_label=label,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_label=str(obj)[:300],
                data=stored_data,
                ip_address=ip_address,
            )
            for obj in objs
        ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    for institution_id in {e.institution_id for e in entries}:
        _records_changed(institution_id, objs[0], action)
    return len(entries)


@dataclass(frozen=True)
class ChangeLine:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    entry: AuditEntry
    label: str
    lines: list[ChangeLine]


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return None


def _display(field: Any, value: Any, name: str = "") -> Any:
    """A stored value as the reader should see it: the label of a choice in the reader's language, a
    related record by its name (its id, kept in the log, is not for readers), a composed value through the
    display its app registered."""
    if name in _VALUE_DISPLAYS and value not in (None, ""):
        shown = _VALUE_DISPLAYS[name]
        return "; ".join(shown(v) for v in value) if isinstance(value, list) else shown(value)
    if getattr(field, "is_relation", False) and isinstance(value, str):
        return RELATED_ID.sub("", value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value not in (None, "") and value in choices:
        return str(choices[value])
    return value


def present(entries: Iterable[AuditEntry], *, can_see_sensitive: bool) -> list[HistoryEntry]:
    """Entries ready for a history panel, with sensitive values masked where the reader may not see them."""
    result = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type is not None else None
        if (entry.data or {}).get("_fields"):
            with contextlib.suppress(LookupError):  # a model removed since the entry was written
                model = apps.get_model(entry.data["_fields"])
        sensitive = set(getattr(model, "SENSITIVE_FIELDS", ()))
        lines = []
        for name, pair in (entry.changes or {}).items():
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            field = _field(model, name)
            if name in sensitive and not can_see_sensitive:
                before = MASK if before not in (None, "") else before
                after = MASK if after not in (None, "") else after
            else:
                before, after = _display(field, before, name), _display(field, after, name)
            # Registered labels first: "parties" names both a change and an unlabelled reverse relation.
            label = str(_FIELD_LABELS.get(name) or getattr(field, "verbose_name", None) or name)
            lines.append(ChangeLine(field=name, label=label, before=before, after=after))
        result.append(HistoryEntry(entry=entry, label=action_label(entry.action), lines=lines))
    return result


def history_for(obj: models.Model, *, can_see_sensitive: bool, limit: int = 100) -> list[HistoryEntry]:
    """The history panel of one record (newest first). The caller has already checked access to ``obj``."""
    ct = ContentType.objects.get_for_model(obj)
    entries = (
        AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk))
        .select_related("content_type")
        .order_by("-at", "-id")[:limit]
    )
    return present(entries, can_see_sensitive=can_see_sensitive)


def actors_of(obj: models.Model, *actions: str) -> set[int]:
    """Who (user ids) wrote any of ``actions`` on ``obj`` (separation of duties: who drafted it)."""
    ct = ContentType.objects.get_for_model(obj)
    return set(
        AuditEntry.objects.filter(
            content_type=ct, object_id=str(obj.pk), action__in=actions, actor__isnull=False
        ).values_list("actor_id", flat=True)
    )


def entries_of(institution_id: int, *, action: str = "", actor: str = "") -> Any:
    """The institution's audit log, newest first; ``action`` a prefix, ``actor`` part of the actor's name."""
    qs = AuditEntry.objects.filter(institution_id=institution_id).select_related("content_type")
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    return qs.order_by("-at", "-id")

"""The one hook through which derived data learns that records changed (ADR 0011).

Stored indicator figures (``indicators.engine``) are valid until a record they are computed from
changes. Every such change calls ``record_changed(institution_id, source)``, which inserts a
``RecordChange`` row naming the record's app (inserts only: writers never wait for each other or for a
reader); the next read of the institution's figures takes the changes in and recomputes what they touch.

* ``core.audit.record`` and ``record_many`` call it for every audited change, so a service that audits
  its writes (all of them should) needs nothing more.
* A service that changes a counted record *without* an audit entry calls it itself.
* Actions that change no record a figure reads (logins, roles, adjustments, submissions, plans) are
  registered with ``register_neutral(prefix)`` in their ``AppConfig.ready`` and call nothing.
"""

from __future__ import annotations

from intercoop.core.models import RecordChange

_NEUTRAL_PREFIXES: set[str] = set()


def register_neutral(*prefixes: str) -> None:
    """Audited actions starting with one of ``prefixes`` leave derived figures as they are."""
    _NEUTRAL_PREFIXES.update(prefixes)


def is_neutral(action: str) -> bool:
    return any(action.startswith(p) for p in _NEUTRAL_PREFIXES)


def record_changed(institution_id: int | None, source: str) -> None:
    """A record of app ``source`` of this institution changed: its derived figures are stale."""
    if institution_id is not None:
        RecordChange.objects.create(institution_id=institution_id, source=source)

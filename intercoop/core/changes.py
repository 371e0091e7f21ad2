"""The one hook through which derived data learns that records changed (ADR 0011).

Stored indicator figures (``indicators.engine``) are valid until a record they are computed from
changes. Every such change calls ``record_changed(institution_id, source)``, which inserts a
``RecordChange`` row naming the record's app (inserts only: writers never wait for each other or for a
reader); the next read of the institution's figures takes the changes in and recomputes what they touch.

* ``core.audit.record`` and ``record_many`` call it for every audited change, so a service that audits
  its writes (all of them should) needs nothing more.
* A service that changes a counted record *without* an audit entry calls it itself.
* Actions that change no record a figure reads (logins, roles, adjustments, submissions, plans) are
  registered with ``register_neutral(prefix)`` in their ``AppConfig.ready`` and call nothing; an app
  none of whose records a figure reads (indicators, planning) registers itself with
  ``register_neutral_source(app_label)``, which also covers files attached to its records.
"""

from __future__ import annotations

from intercoop.core.models import RecordChange

_NEUTRAL_PREFIXES: set[str] = set()
_NEUTRAL_SOURCES: set[str] = set()


def register_neutral(*prefixes: str) -> None:
    """Audited actions starting with one of ``prefixes`` leave derived figures as they are."""
    _NEUTRAL_PREFIXES.update(prefixes)


def register_neutral_source(*app_labels: str) -> None:
    """No audited change of a record of these apps changes a derived figure."""
    _NEUTRAL_SOURCES.update(app_labels)


def is_neutral(action: str, source: str = "") -> bool:
    return source in _NEUTRAL_SOURCES or any(action.startswith(p) for p in _NEUTRAL_PREFIXES)


def record_changed(institution_id: int | None, source: str) -> None:
    """A record of app ``source`` of this institution changed: its derived figures are stale."""
    if institution_id is not None:
        RecordChange.objects.create(institution_id=institution_id, source=source)

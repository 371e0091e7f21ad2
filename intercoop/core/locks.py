"""Serialising locks, for the rules no database constraint can express (a person's stays must not
overlap; a partner that looks like another needs a confirmation).

``serialise(row)`` locks that row until the transaction ends (``SELECT ... FOR UPDATE`` on PostgreSQL), so
that a second request checking the same rule waits for the first and then sees what it wrote. On SQLite
every write transaction already holds the database's write lock from its start
(``transaction_mode=IMMEDIATE`` in settings), which serialises the same checks. Call it inside the
service's transaction, before the check it protects.
"""

from __future__ import annotations

from django.db import models, transaction


def serialise(*rows: models.Model | None) -> None:
    """Lock these rows (in a stable order, so that two callers cannot deadlock) until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locks.serialise needs a transaction")
    for row in sorted((r for r in rows if r is not None and r.pk), key=lambda r: (r._meta.label, r.pk)):
        type(row)._default_manager.select_for_update().filter(pk=row.pk).values_list("pk", flat=True).first()

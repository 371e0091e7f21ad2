"""The imports' work in the background (ADR 0018): checking and importing a large file, run by the worker
(`manage.py db_worker`). Each task is idempotent: it does its work only while its batch waits for it."""

from __future__ import annotations

from django_tasks import task


@task()
def check_batch(batch_id: int) -> None:
    from intercoop.imports import services

    services.run_check(batch_id)


@task()
def commit_batch(batch_id: int) -> None:
    from intercoop.imports import services

    services.run_commit(batch_id)

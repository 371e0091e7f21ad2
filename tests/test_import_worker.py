"""Issue 18 item 6: a large file is checked and imported by the worker, the page following its progress,
its uploader told when it is done; never a request that outlives the web worker's timeout."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from intercoop.core.models import Notification
from intercoop.imports import services
from intercoop.imports.models import ImportBatch
from intercoop.mobility.models import Mobility
from tests.test_erasmus_files import csv_bytes, erasmus, row  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def work() -> int:
    """What `manage.py db_worker` does, until nothing is left to do: claim the next ready task and run
    it with the worker's own code (its loop closes connections between tasks, which a test's
    transaction cannot have)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is not None:
                task.claim(worker.worker_id)
        if task is None:
            return ran
        worker.run_task(task)
        ran += 1


@pytest.fixture
def large(settings: Any) -> None:
    settings.IMPORT_BACKGROUND_BYTES = 100  # every file of these tests counts as large


def upload(client: Any, data: bytes) -> Any:
    return client.post(
        "/imports/mobility_erasmus/", {"file": SimpleUploadedFile("2008.csv", data)}, follow=True
    )


def test_a_large_file_is_checked_by_the_worker_and_the_page_follows_it(erasmus, large, client_for):  # noqa: F811
    office = client_for("office")
    data = csv_bytes([row(), row(age="30"), row(host_institution="PALMA01")])
    page = upload(office, data).content.decode()
    batch = ImportBatch.objects.get()
    assert (batch.work, batch.work_state, batch.checked_at) == ("check", "queued", None)
    assert 'data-testid="work-progress"' in page and 'data-testid="commit"' not in page
    assert batch.progress_total == 3  # the file's lines below its header, known before reading it
    polled = office.get(f"/imports/batch/{batch.pk}/progress/")
    assert polled.status_code == 200 and 'data-state="queued"' in polled.content.decode()
    work()
    batch.refresh_from_db()
    assert (batch.work_state, batch.rows_total, batch.new_rows, batch.problems_count) == ("done", 3, 2, 1)
    assert batch.progress_rows == 3
    done = office.get(f"/imports/batch/{batch.pk}/progress/")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"  # the page reloads with the result
    note = Notification.objects.get(user=erasmus.user("office"), key=f"import:{batch.pk}:check")
    assert "2" in note.subject and "1" in note.subject and note.url.endswith(f"/imports/batch/{batch.pk}/")
    # Run twice, a task does nothing the second time.
    services.run_check(batch.pk)
    assert ImportBatch.objects.get(pk=batch.pk).checked_at == batch.checked_at
    # The import itself is the worker's too.
    office.post(f"/imports/batch/{batch.pk}/commit/", {"partial": "1"})
    batch.refresh_from_db()
    assert (batch.work, batch.work_state, batch.status) == ("commit", "queued", "checked")
    assert not Mobility.objects.filter(external_key__startswith="erasmus:").exists()
    work()
    batch.refresh_from_db()
    assert (batch.status, batch.imported, batch.work_state) == ("committed", 2, "done")
    assert Mobility.objects.filter(external_key__startswith="erasmus:").count() == 2
    assert Notification.objects.filter(key=f"import:{batch.pk}:commit").exists()


def test_a_worker_that_fails_says_so_on_the_page(erasmus, large, client_for, monkeypatch):  # noqa: F811
    from intercoop.core import importing

    office = client_for("office")
    upload(office, csv_bytes([row()]))
    batch = ImportBatch.objects.get()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "preview", broken)
    work()
    batch.refresh_from_db()
    assert batch.work_state == "failed" and "disk full" in batch.work_error
    page = office.get(f"/imports/batch/{batch.pk}/").content.decode()
    assert 'data-testid="work-failed"' in page and "disk full" in page
    note = Notification.objects.get(key=f"import:{batch.pk}:check")
    assert "disk full" in note.body and batch.filename in note.subject  # in the uploader's language


def test_nobody_else_follows_or_imports_anothers_file(erasmus, large, client_for):  # noqa: F811
    upload(client_for("office"), csv_bytes([row()]))
    batch = ImportBatch.objects.get()
    for persona in ("other_office", "teacher", "liaison_b", "supervisor"):
        client = client_for(persona)
        assert client.get(f"/imports/batch/{batch.pk}/progress/").status_code == 404, persona
        assert client.post(f"/imports/batch/{batch.pk}/commit/").status_code == 404, persona
        assert client.post(f"/imports/batch/{batch.pk}/recheck/").status_code == 404, persona
    batch.refresh_from_db()
    assert (batch.work, batch.work_state, batch.checked_at) == ("check", "queued", None)

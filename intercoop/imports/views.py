"""Import pages: download the template, upload, see every problem, import all or nothing."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intercoop.core.actions import acted, submitted
from intercoop.core.forms import BootstrapFormMixin
from intercoop.core.gates import record_access
from intercoop.core.spreadsheets import ENCODING_CHOICES, Sheet, write_xlsx, xlsx_response
from intercoop.imports import selectors, services
from intercoop.org.selectors import institution_of


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=[("", gettext_lazy("Detect from the content")), *ENCODING_CHOICES],
        required=False,
        help_text=gettext_lazy("Leave as it is unless the check says the text reads wrongly."),
    )

    def __init__(self, *args: object, csv: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if csv:
            self.fields["file"].label = gettext_lazy("Excel (.xlsx) or CSV file")
        else:
            del self.fields["encoding"]


@record_access
def template(request: HttpRequest, key: str) -> HttpResponse:
    importer = selectors.importer_for_user(user=request.user, key=key)
    data = write_xlsx(
        [
            Sheet(
                title=importer.key, columns=importer.columns, rows=importer.example_rows, notes=importer.notes
            )
        ]
    )
    return xlsx_response(data, f"{importer.key}-template")


@record_access
def upload(request: HttpRequest, key: str) -> HttpResponse:
    importer = selectors.importer_for_user(user=request.user, key=key)
    form = UploadForm(request.POST or None, request.FILES or None, csv=importer.accepts_csv)
    if checked := submitted(
        request,
        form,
        lambda data: services.batch_upload(
            institution=institution_of(request.user),
            importer=importer,
            upload=data["file"],
            actor=request.user,
            encoding=data.get("encoding") or "",
        ),
    ):
        return redirect("imports:batch", pk=checked.value.pk)
    return render(
        request,
        "imports/upload.html",
        {
            "importer": importer,
            "form": form,
            "batches": selectors.recent_batches(user=request.user, key=key),
        },
        status=400 if form.errors else 200,
    )


@record_access
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch, importer = selectors.batch_get_for_user(user=request.user, pk=pk)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(services.report_xlsx(batch), f"import-{batch.pk}-report")
    # What the check found is kept on the batch: the page never reads the file again (issue 18 item 5).
    checked = batch.status == batch.Status.CHECKED
    return render(
        request,
        "imports/batch.html",
        {
            "batch": batch,
            "importer": importer,
            "problems": batch.problems[:500],
            "unchanged": batch.unchanged,
            "new": batch.new_rows if checked else None,
            "skipped": sorted((importer.skip_label(k), n) for k, n in (batch.skipped or {}).items()),
        },
    )


@record_access
@require_POST
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    batch, importer = selectors.batch_get_for_user(user=request.user, pk=pk)
    acted(
        request,
        lambda: services.batch_recheck(batch=batch, importer=importer, actor=request.user),
        done=_("The file was checked again against today's records."),
    )
    return redirect("imports:batch", pk=batch.pk)


@record_access
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch, importer = selectors.batch_get_for_user(user=request.user, pk=pk)
    partial = importer.allows_partial and request.POST.get("partial") == "1"
    acted(
        request,
        lambda: services.commit_or_queue(batch=batch, importer=importer, actor=request.user, partial=partial),
        done=lambda done: (
            _("The worker imports the file; this page follows it.")
            if done.working
            else _("%(n)s rows were imported, %(u)s were imported before and left unchanged.")
            % {"n": done.imported, "u": done.unchanged}
        ),
    )
    return redirect("imports:batch", pk=batch.pk)


@record_access
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker's progress on a file, polled by the batch page; once it is done, the page reloads."""
    batch, _importer = selectors.batch_get_for_user(user=request.user, pk=pk)
    if not batch.working:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/_progress.html", {"batch": batch})

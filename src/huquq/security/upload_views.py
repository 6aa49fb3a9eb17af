"""Staff upload a file to a case, and download one as an attachment (never shown inline)."""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from huquq.cases.models import Attachment
from huquq.cases.selectors import case_get
from huquq.security import audit
from huquq.security.decorators import staff_required
from huquq.security.uploads import UploadError, attachment_read, attachment_store, download_name


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Photo, PDF or voice message"),
        error_messages={"required": gettext_lazy("Choose a file (it may be too large).")},
    )


@require_POST
@staff_required("attachment.upload")
def attachment_upload(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:case", code=case.code)
    upload = form.cleaned_data["file"]
    try:
        attachment_store(
            case=case, data=upload.read(), declared_name=upload.name or "", actor=request.user
        )
    except UploadError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File saved."))
    return redirect("cases:case", code=case.code)


@require_GET
@staff_required("attachment.view")
def attachment_download(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    """Only for staff who may see the case; always a download, never rendered by the browser."""
    attachment = Attachment.objects.select_related("case").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    case_get(viewer=request.user, code=attachment.case.code)  # 404 unless visible; audited
    original = request.GET.get("original") == "1"
    audit.record(
        request.user,
        "security.attachment.original_viewed" if original else "security.attachment.viewed",
        attachment,
    )
    response = HttpResponse(
        attachment_read(attachment, original=original), content_type=attachment.content_type
    )
    name = download_name(attachment, original=original)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response

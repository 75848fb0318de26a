"""Staff page: convert a resource's file to a machine-readable CSV, review the log, publish it."""

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.catalog import permissions, services as catalog
from kanmin.catalog.models import Resource
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from . import services

LOG_ROWS_SHOWN = 500


def _editable(request, resource_id) -> Resource:
    try:
        resource = catalog.get_resource(resource_id)
    except Resource.DoesNotExist:
        raise Http404 from None
    if not permissions.can_edit(request.user, resource.dataset.organization):
        raise PermissionDenied
    return resource


def _run(resource, standard_names: bool):
    tmp = tempfile.TemporaryDirectory(prefix="kanmin-convert-")
    try:
        conv = services.convert_resource(resource, Path(tmp.name), standard_names=standard_names)
    except BaseException:
        tmp.cleanup()
        raise
    return tmp, conv


@login_required
def convert(request, resource_id):
    resource = _editable(request, resource_id)
    standard_names = request.GET.get("standard_names") == "1"
    error = None
    conv = None
    try:
        tmp, conv = _run(resource, standard_names)
        tmp.cleanup()
    except UserError as exc:
        error = exc.message(request_lang(request))
    context = {
        "resource": resource, "dataset": resource.dataset, "conv": conv, "error": error,
        "standard_names": standard_names, "changes": conv.changes[:LOG_ROWS_SHOWN] if conv else [],
        "ambiguous": conv.ambiguous[:LOG_ROWS_SHOWN] if conv else [], "shown": LOG_ROWS_SHOWN,
        "summary": sorted(conv.summary.items()) if conv else [],
        "resource_url": reverse("web:resource", args=[resource.dataset.name, resource.pk]),
    }
    return render(request, "quality/convert.html", context, status=400 if error else 200)


@login_required
def download(request, resource_id, what):
    if what not in ("csv", "json"):
        raise Http404
    resource = _editable(request, resource_id)
    standard_names = request.GET.get("standard_names") == "1"
    try:
        tmp, conv = _run(resource, standard_names)
    except UserError as exc:
        return HttpResponse(exc.message(request_lang(request)), status=400, content_type="text/plain; charset=utf-8")
    try:
        if what == "csv":
            body = conv.output.read_bytes()
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{resource.pk}.csv"'
            return response
        body = json.dumps(conv.as_dict() | {"output": conv.output.name}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{resource.pk}-changes.json"'
        return response
    finally:
        tmp.cleanup()


@login_required
@require_POST
def publish(request, resource_id):
    """Add the converted CSV to the same dataset as a new resource (the original stays)."""
    resource = _editable(request, resource_id)
    standard_names = request.POST.get("standard_names") == "1"
    name = (request.POST.get("name") or "").strip()[:300] or f"{resource.name}（機械判読用 CSV）"
    try:
        tmp, conv = _run(resource, standard_names)
    except UserError as exc:
        messages.error(request, exc.message(request_lang(request)))
        return redirect("quality:convert", resource_id=resource.pk)
    try:
        with open(conv.output, "rb") as fh:
            new, _job = catalog.create_resource(
                resource.dataset, name=name, upload=fh, filename=conv.output.name,
                description=_("「%(name)s」を機械判読用に変換したデータです（変更 %(n)d 件）。") % {"name": resource.name, "n": conv.changed},
                extras={"converted_from": str(resource.pk)},
            )
    except UserError as exc:
        messages.error(request, exc.message(request_lang(request)))
        return redirect("quality:convert", resource_id=resource.pk)
    finally:
        tmp.cleanup()
    messages.success(request, _("変換した CSV を新しいリソースとして公開しました。"))
    return redirect("web:resource", name=resource.dataset.name, resource_id=new.pk)


@login_required
@require_POST
def recheck(request, resource_id):
    resource = _editable(request, resource_id)
    services.check_resource(resource)
    messages.success(request, _("機械判読性を再確認しました。"))
    return redirect("web:resource", name=resource.dataset.name, resource_id=resource.pk)

"""Staff-only pages: upload, configure and preview, submit, review, publish, delete raw input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.catalog import permissions
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from . import services, storage
from .forms import AggregateForm, KanonForm, PublishForm, ReviewForm, UploadForm
from .models import PrivacyRelease


def _release(request, pk) -> PrivacyRelease:
    release = get_object_or_404(PrivacyRelease, pk=pk)
    if not services.can_access(request.user, release):
        raise PermissionDenied
    return release


@login_required
def home(request):
    orgs = permissions.editable_organizations(request.user)
    if not orgs.exists():
        raise PermissionDenied
    releases = PrivacyRelease.objects.filter(organization_id__in=list(orgs.values_list("pk", flat=True)))
    return render(request, "privacy/home.html", {"releases": releases, "org_titles": dict(orgs.values_list("pk", "title"))})


@login_required
def new(request):
    orgs = permissions.editable_organizations(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            release = services.create_release(
                request.user, data["organization"], title=data["title"], upload=data["upload"],
                filename=data["upload"].name, mode=data["mode"], source_description=data["source_description"],
                inventory_item_id=data["inventory_item_id"], sheet=data["sheet"],
            )
        except UserError as exc:
            form.add_error("upload", exc.message(request_lang(request)))
        else:
            messages.success(request, _("表を読み込みました。加工の条件を設定してください。"))
            return redirect("privacy:detail", pk=release.pk)
    return render(request, "privacy/new.html", {"form": form})


def _config_form(request, release, data=None):
    if release.mode == PrivacyRelease.Mode.AGGREGATE:
        return AggregateForm(data, columns=release.columns, initial=release.parameters or None)
    return KanonForm(data, columns=release.columns, lang=request_lang(request),
                     initial=KanonForm.initial_from(release.columns, release.parameters))


@login_required
def detail(request, pk):
    release = _release(request, pk)
    form = _config_form(request, release, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.run(release, request.user, form.parameters())
        except UserError as exc:
            form.add_error(None, exc.message(request_lang(request)))
        else:
            messages.success(request, _("加工を実行しました。結果とリスク評価を確認してください。"))
            return redirect("privacy:detail", pk=release.pk)
    header, rows = services.result_rows(release)
    is_submitter = request.user.pk in (release.submitted_by_id, release.created_by_id)
    return render(request, "privacy/detail.html", {
        "release": release, "form": form, "editable": release.status in ("draft", "rejected") and bool(release.raw_file),
        "report": release.risk_report, "preview_header": header, "preview_rows": rows,
        "review_form": ReviewForm() if release.status == "submitted" and not is_submitter else None,
        "is_submitter": is_submitter,
        "publish_form": PublishForm(initial={"title": release.title}) if release.status == "approved" else None,
        "events": release.events.select_related("user"),
    })


def _act(request, release, func, ok_message):
    try:
        func()
    except UserError as exc:
        messages.error(request, exc.message(request_lang(request)))
    else:
        messages.success(request, ok_message)
    return redirect("privacy:detail", pk=release.pk)


@login_required
@require_POST
def submit(request, pk):
    release = _release(request, pk)
    return _act(request, release, lambda: services.submit(release, request.user), _("審査を依頼しました。"))


@login_required
@require_POST
def review(request, pk):
    release = _release(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("審査結果を選んでください。"))
        return redirect("privacy:detail", pk=release.pk)
    approve = form.cleaned_data["decision"] == "approve"
    return _act(request, release, lambda: services.review(
        release, request.user, approve=approve, comment=form.cleaned_data["comment"]),
        _("承認しました。") if approve else _("差し戻しました。"))


@login_required
@require_POST
def publish(request, pk):
    release = _release(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("データセットの URL 名とタイトルを入力してください。"))
        return redirect("privacy:detail", pk=release.pk)
    return _act(request, release, lambda: services.publish(release, request.user, form.cleaned_data),
                _("カタログに公開しました。"))


@login_required
@require_POST
def delete_raw(request, pk):
    release = _release(request, pk)
    return _act(request, release, lambda: services.delete_raw(release, request.user), _("元データを削除しました。"))


@login_required
def download(request, pk, which):
    """Result or raw file, only for staff of the organization; always as an attachment."""
    release = _release(request, pk)
    rel = {"result": release.result_file, "raw": release.raw_file}.get(which)
    if not rel:
        raise Http404
    path = storage.absolute(rel)
    if not path.exists():
        raise Http404
    name = "deidentified.csv" if which == "result" else release.raw_filename
    if which == "raw":
        services.log(release, request.user, "download_raw")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response

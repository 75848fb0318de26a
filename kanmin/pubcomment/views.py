"""Public pages (cases, comment form, results) and staff pages (cases, entries, redaction, grouping)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.catalog import permissions
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang
from kanmin.datastore.export import safe_cell

from . import documents, grouping, redaction, services
from .forms import CaseForm, CommentForm, DocumentForm, GroupForm, PaperForm, ResultForm
from .models import Case, CommentGroup, Document, Submission


# --- public --------------------------------------------------------------------------------------


def case_list(request):
    now = timezone.now()
    cases = list(Case.objects.exclude(status=Case.Status.DRAFT))
    phases = {"accepting": [], "upcoming": [], "closed": [], "result": []}
    for case in cases:
        phases[case.phase(now)].append(case)
    return render(request, "pubcomment/list.html", {"phases": phases})


def _public_case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if case.status == Case.Status.DRAFT and not services.can_manage(request.user, case):
        raise Http404
    return case


def case_detail(request, pk):
    case = _public_case(request, pk)
    form = None
    error = None
    if request.method == "POST":
        form = CommentForm(request.POST, sections=case.section_list())
        if form.is_valid():
            if form.cleaned_data["website"]:
                error = _("送信できませんでした。入力内容を確認してください。")
            else:
                try:
                    submission = services.submit_web(case, form.cleaned_data, form.cleaned_data["token"])
                except services.DuplicateSubmission as exc:
                    request.session["pubcomment_receipt"] = [str(case.pk), exc.submission.number]
                    messages.info(request, exc.message(request_lang(request)))
                    return redirect("pubcomment:thanks", pk=case.pk)
                except UserError as exc:
                    error = exc.message(request_lang(request))
                else:
                    request.session["pubcomment_receipt"] = [str(case.pk), submission.number]
                    return redirect("pubcomment:thanks", pk=case.pk)
    elif case.is_accepting():
        form = CommentForm(initial={"token": uuid.uuid4().hex}, sections=case.section_list())
    return render(request, "pubcomment/case.html", {
        "case": case, "phase": case.phase(), "form": form, "error": error,
        "materials": case.documents.filter(kind=Document.Kind.MATERIAL),
        "revised": case.documents.filter(kind=Document.Kind.REVISED) if case.status == Case.Status.RESULT else [],
    })


def thanks(request, pk):
    case = _public_case(request, pk)
    receipt = request.session.get("pubcomment_receipt")
    number = receipt[1] if receipt and receipt[0] == str(case.pk) else None
    return render(request, "pubcomment/thanks.html", {"case": case, "number": number})


def result(request, pk):
    case = _public_case(request, pk)
    if case.status != Case.Status.RESULT:
        raise Http404
    return render(request, "pubcomment/result.html", {
        "case": case, "groups": services.public_result(case),
        "count": case.submissions.filter(excluded=False).count(),
        "revised": case.documents.filter(kind=Document.Kind.REVISED),
    })


def document(request, pk):
    doc = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    case = doc.case
    visible = case.status != Case.Status.DRAFT and (doc.kind == Document.Kind.MATERIAL or case.status == Case.Status.RESULT)
    if not visible and not services.can_manage(request.user, case):
        raise Http404
    path = documents.absolute(doc.file)
    if not path.exists():
        raise Http404
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=doc.filename,
                            content_type=documents.MIMETYPES[doc.format])
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- staff ---------------------------------------------------------------------------------------


def _managed_case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if not services.can_manage(request.user, case):
        raise PermissionDenied
    return case


@login_required
def staff_list(request):
    orgs = permissions.editable_organizations(request.user)
    if not orgs.exists():
        raise PermissionDenied
    cases = Case.objects.filter(organization_id__in=list(orgs.values_list("pk", flat=True)))
    return render(request, "pubcomment/staff_list.html", {"cases": cases})


@login_required
def staff_case_form(request, pk=None):
    case = _managed_case(request, pk) if pk else None
    orgs = permissions.editable_organizations(request.user)
    if not orgs.exists():
        raise PermissionDenied
    initial = {}
    if case:
        initial = {"title": case.title, "summary": case.summary, "opens_at": timezone.localtime(case.opens_at),
                   "closes_at": timezone.localtime(case.closes_at), "sections": case.sections,
                   "organization": orgs.filter(pk=case.organization_id).first()}
    form = CaseForm(request.POST or None, organizations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_case(request.user, form.cleaned_data["organization"], form.cleaned_data, case)
        except UserError as exc:
            form.add_error(None, exc.message(request_lang(request)))
        else:
            messages.success(request, _("案件を保存しました。"))
            return redirect("pubcomment:staff_case", pk=saved.pk)
    return render(request, "pubcomment/staff_case_form.html", {"form": form, "case": case})


@login_required
def staff_case(request, pk):
    case = _managed_case(request, pk)
    doc_form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and doc_form.is_valid():
        upload = doc_form.cleaned_data["upload"]
        try:
            services.add_document(case, upload, upload.name, doc_form.cleaned_data["title"], doc_form.cleaned_data["kind"])
        except UserError as exc:
            doc_form.add_error("upload", exc.message(request_lang(request)))
        else:
            messages.success(request, _("資料を添付しました。"))
            return redirect("pubcomment:staff_case", pk=case.pk)
    return render(request, "pubcomment/staff_case.html", {
        "case": case, "phase": case.phase(), "doc_form": doc_form, "documents": case.documents.all(),
        "submissions": case.submissions.select_related("group"), "problems": services.publication_problems(case),
        "lang": request_lang(request),
    })


@login_required
@require_POST
def staff_case_publish(request, pk):
    case = _managed_case(request, pk)
    try:
        services.publish_case(case)
    except UserError as exc:
        messages.error(request, exc.message(request_lang(request)))
    else:
        messages.success(request, _("案件を公開しました。募集期間中は意見を受け付けます。"))
    return redirect("pubcomment:staff_case", pk=case.pk)


@login_required
@require_POST
def staff_document_delete(request, pk):
    doc = get_object_or_404(Document, pk=pk)
    case = _managed_case(request, doc.case_id)
    services.delete_document(doc)
    messages.success(request, _("資料を削除しました。"))
    return redirect("pubcomment:staff_case", pk=case.pk)


@login_required
def staff_entry(request, pk):
    case = _managed_case(request, pk)
    form = PaperForm(request.POST or None, sections=case.section_list())
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.enter_paper(case, request.user, form.cleaned_data)
        except UserError as exc:
            form.add_error(None, exc.message(request_lang(request)))
        else:
            messages.success(request, _("意見を登録しました。") + f" No. {submission.number}")
            return redirect("pubcomment:staff_submission", pk=submission.pk)
    return render(request, "pubcomment/staff_entry.html", {"case": case, "form": form})


@login_required
def staff_submission(request, pk):
    """Show the original with proposed redactions; staff pick spans, add words and confirm."""
    submission = get_object_or_404(Submission.objects.select_related("case"), pk=pk)
    case = _managed_case(request, submission.case_id)
    if request.method == "POST":
        spans = []
        for value in request.POST.getlist("span"):
            try:
                start, end, kind = value.split(":", 2)
                spans.append([int(start), int(end), kind])
            except ValueError:
                continue
        for word in request.POST.get("extra", "").splitlines():
            spans += redaction.find_all(submission.text, word)
        try:
            services.set_redactions(submission, spans, confirm=True)
        except UserError as exc:
            messages.error(request, exc.message(request_lang(request)))
        else:
            excluded = request.POST.get("excluded") == "on"
            if excluded != submission.excluded:
                submission.excluded = excluded
                submission.save(update_fields=["excluded"])
            messages.success(request, _("墨消しを確定しました。"))
            following = case.submissions.filter(number__gt=submission.number, redaction_confirmed=False).first()
            if following:
                return redirect("pubcomment:staff_submission", pk=following.pk)
            return redirect("pubcomment:staff_case", pk=case.pk)
    chosen = {(s[0], s[1]) for s in submission.redactions}
    proposals = redaction.merge(redaction.detect(submission.text) + submission.redactions)
    lang = request_lang(request)
    spans = [{
        "value": f"{a}:{b}:{k}", "text": submission.text[a:b], "checked": (a, b) in chosen or not submission.redaction_confirmed,
        "label": redaction.LABELS.get(k, (k, k))[1 if lang == "en" else 0],
    } for a, b, k in proposals]
    return render(request, "pubcomment/staff_submission.html", {"case": case, "submission": submission, "spans": spans})


@login_required
def staff_groups(request, pk):
    case = _managed_case(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "auto":
                threshold = float(request.POST.get("threshold") or grouping.DEFAULT_THRESHOLD)
                if not 0 < threshold <= 1:
                    raise UserError("類似度の閾値は 0〜1 で指定してください。", "The similarity threshold must be between 0 and 1.")
                groups = services.auto_group(case, threshold)
                messages.success(request, _("類似する意見をまとめました。") + f" ({len(groups)})")
            elif action == "move":
                submission = get_object_or_404(Submission, pk=request.POST.get("submission"), case=case)
                target = request.POST.get("group")
                group = None if target == "new" else get_object_or_404(CommentGroup, pk=target, case=case)
                services.move_submission(submission, group)
            elif action == "merge":
                target = get_object_or_404(CommentGroup, pk=request.POST.get("target"), case=case)
                source = get_object_or_404(CommentGroup, pk=request.POST.get("source"), case=case)
                services.merge_groups(target, source)
            elif action == "save":
                group = get_object_or_404(CommentGroup, pk=request.POST.get("group"), case=case)
                form = GroupForm(request.POST)
                if form.is_valid():
                    group.summary, group.city_view = form.cleaned_data["summary"], form.cleaned_data["city_view"]
                    group.save(update_fields=["summary", "city_view"])
                    messages.success(request, _("グループを保存しました。"))
        except (UserError, ValueError) as exc:
            messages.error(request, exc.message(request_lang(request)) if isinstance(exc, UserError) else str(exc))
        return redirect("pubcomment:staff_groups", pk=case.pk)
    groups = list(case.groups.prefetch_related("submissions"))
    rows = [(g, GroupForm(initial={"summary": g.summary, "city_view": g.city_view}, auto_id=f"g{g.pk}_%s")) for g in groups]
    return render(request, "pubcomment/staff_groups.html", {
        "case": case, "rows": rows, "groups": groups, "threshold": grouping.DEFAULT_THRESHOLD,
        "ungrouped": case.submissions.filter(group__isnull=True, excluded=False),
    })


@login_required
def staff_result(request, pk):
    case = _managed_case(request, pk)
    form = ResultForm(request.POST or None, initial={"result_summary": case.result_summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_result(case, form.cleaned_data["result_summary"])
        except UserError as exc:
            form.add_error(None, exc.message(request_lang(request)))
        else:
            messages.success(request, _("結果を公表しました。"))
            return redirect("pubcomment:result", pk=case.pk)
    return render(request, "pubcomment/staff_result.html", {
        "case": case, "form": form, "problems": services.publication_problems(case),
        "groups": services.public_result(case), "revised": case.documents.filter(kind=Document.Kind.REVISED),
        "lang": request_lang(request),
    })



@login_required
def staff_export(request, pk):
    """All submissions of a case as CSV (UTF-8 with BOM for Excel), for the staff's internal work."""
    import csv

    from django.http import HttpResponse

    case = _managed_case(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pubcomment-{case.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["No.", "受付方法", "受付日時", "区分", "氏名・名称", "代表者", "住所・所在地", "メール", "項目",
                     "ご意見（原文）", "公表する本文", "対象外", "グループ"])
    for s in case.submissions.select_related("group"):
        writer.writerow([
            s.number, s.get_channel_display(), timezone.localtime(s.received_at).strftime("%Y-%m-%d %H:%M"),
            s.get_submitter_type_display(),
            *(safe_cell(v, "text") for v in (s.name, s.representative, s.address, s.email, s.section, s.text, s.published_text)),
            "○" if s.excluded else "",
            s.group.position if s.group else "",
        ])
    return response

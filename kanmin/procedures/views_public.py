"""Citizen pages: find a procedure, fill and save a draft, attach files, confirm, submit, follow the
status, pay, download the signed document; one-stop bundles; the support-programme finder."""

import json

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from . import applications, definitions, finder, payments, schema, signing, uploads
from .identity import current_citizen, current_level
from .identity.base import meets
from .models import LEVEL_RANK, Application, Bundle, BundleApplication, IdentityLevel, Payment, SupportProgramme
from .templatetags.procedures_tags import bi
from .webutil import (
    annotate_errors, applicant_access, as_form_data, department_titles, field_rows, get_or_404, remember_key, user_error,
)

S = Application.Status
STEPS = [S.RECEIVED, S.REVIEWING, S.APPROVED, S.ISSUED]


# --- finding a procedure ------------------------------------------------------------------------


@require_GET
def index(request):
    q = request.GET.get("q", "").strip()
    forms = definitions.search_published(q)
    bundles = Bundle.objects.filter(published=True)
    if q:
        bundles = bundles.filter(Q(title__icontains=q) | Q(title_en__icontains=q) | Q(description__icontains=q))
    return render(request, "procedures/index.html", {
        "q": q, "forms": forms, "bundles": bundles, "departments": department_titles(),
        "citizen": current_citizen(request), "level": current_level(request),
    })


@require_GET
def form_detail(request, slug):
    form = definitions.current(slug)
    if form is None:
        raise Http404
    level = current_level(request)
    return render(request, "procedures/form_detail.html", {
        "form": form, "lang": request_lang(request), "level": level, "citizen": current_citizen(request),
        "allowed": meets(level, form.identity_level), "departments": department_titles(),
        "attachments": [dict(a, label_show=schema.label_of(a, request_lang(request)), waived=bool(a.get("waive_level") and meets(level, a["waive_level"])))
                        for a in form.attachments],
    })


@require_POST
def start(request, slug):
    form = definitions.current(slug)
    if form is None:
        raise Http404
    level = current_level(request)
    if not meets(level, form.identity_level):
        return redirect(f"{reverse('procedures:login')}?next={reverse('procedures:form_detail', args=[slug])}")
    try:
        app = applications.start(form, citizen=current_citizen(request), level=level)
    except UserError as exc:
        user_error(request, exc)
        return redirect("procedures:form_detail", slug=slug)
    if app.citizen_id is None:
        remember_key(request, app.access_key)
    return redirect("procedures:edit", pk=app.pk)


# --- editing a draft ----------------------------------------------------------------------------


def _load(request, pk, *, for_post=False):
    """The application if this request may act as its applicant; else a redirect/403 response."""
    app = get_or_404(Application.objects.select_related("form", "citizen"), pk=pk)
    if applicant_access(request, app):
        return app, None
    if app.citizen_id is not None and current_citizen(request) is None:
        # Session expired (or never logged in): keep what was typed, then ask to log in again.
        if for_post and app.is_editable_by_applicant:
            stash = request.session.get("procedures_stash", {})
            stash[str(app.pk)] = {k: v for k, v in request.POST.items() if k in {f["key"] for f in app.form.fields}}
            request.session["procedures_stash"] = stash
            messages.warning(request, _("ログインの有効期限が切れました。入力内容は保持しています。もう一度ログインしてください。"))
        else:
            messages.warning(request, _("続けるにはログインしてください。"))
        return None, redirect(f"{reverse('procedures:login')}?next={reverse('procedures:edit', args=[app.pk])}")
    return None, HttpResponseForbidden(_("この申請を表示する権限がありません。"))


def _restore_stash(request, app) -> None:
    stash = request.session.get("procedures_stash", {})
    data = stash.pop(str(app.pk), None)
    if data is None:
        return
    request.session["procedures_stash"] = stash
    if app.is_editable_by_applicant:
        applications.save_draft(app, data, lang=request_lang(request))
        messages.success(request, _("ログイン前に入力していた内容を復元しました。添付ファイルは選び直してください。"))


def _attachment_rows(app, lang):
    files = {f.slot: f for f in app.files.all()}
    rows = []
    for spec in app.form.attachments:
        rows.append({"spec": spec, "label": schema.label_of(spec, lang), "file": files.get(spec["key"]),
                     "waived": spec["key"] in (app.waived_attachments or []), "accept": ",".join(f".{t}" if t != "jpeg" else ".jpg,.jpeg" for t in spec["types"]),
                     "types": "・".join(t.upper() for t in spec["types"])})
    return rows


def _max_request_bytes(form_def) -> int:
    return int(sum(a["max_mb"] for a in form_def.attachments) * 1024 * 1024) + 2 * 1024 * 1024


def _too_big(request, form_def) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > _max_request_bytes(form_def)
    except ValueError:
        return True


def _store_uploads(request, app, *, actor=None) -> list[str]:
    errors = []
    for spec in app.form.attachments:
        upload = request.FILES.get(f"file_{spec['key']}")
        if upload is None:
            continue
        try:
            applications.add_attachment(app, spec["key"], upload, upload.name, actor=actor)
        except UserError as exc:
            errors.append(exc.message(request_lang(request)))
    return errors


def edit(request, pk):
    app, response = _load(request, pk, for_post=request.method == "POST")
    if response:
        return response
    if request.method == "GET":
        _restore_stash(request, app)
    if not app.is_editable_by_applicant:
        return redirect("procedures:status", pk=app.pk)
    lang = request_lang(request)
    staff = request.user if app.filed_by_id else None
    summary, upload_errors = [], []
    if request.method == "POST":
        if _too_big(request, app.form):
            limit = _max_request_bytes(app.form) // (1024 * 1024)
            messages.error(request, _("送信されたデータが大きすぎます（合計 %(mb)d MB まで）。入力内容は自動保存された時点まで保存されています。") % {"mb": limit})
            return redirect("procedures:edit", pk=app.pk)
        action = request.POST.get("action", "save")
        try:
            draft_errors = applications.save_draft(app, request.POST, actor=staff, lang=lang)
            upload_errors = _store_uploads(request, app, actor=staff)
        except UserError as exc:
            user_error(request, exc)
            return redirect("procedures:status", pk=app.pk)
        if action == "confirm" and not upload_errors:
            field_errors, missing = applications.submission_errors(app, lang)
            if not field_errors and not missing:
                return redirect("procedures:confirm", pk=app.pk)
            upload_errors = missing
        elif not upload_errors and not draft_errors:
            messages.success(request, _("一時保存しました。"))
            return redirect("procedures:edit", pk=app.pk)
        elif not upload_errors:
            messages.success(request, _("一時保存しました。形式が正しくない項目があります。"))
        form = schema.build_form_class(app.form.fields, lang, for_draft=action != "confirm")(data=as_form_data(app.form.fields, app.data))
        summary = annotate_errors(form)
    else:
        form = schema.build_form_class(app.form.fields, lang)(initial=app.data)
    summary += [("attachments", "", e) for e in upload_errors]
    resume_url = None
    if app.citizen_id is None and app.filed_by_id is None:
        resume_url = request.build_absolute_uri(f"{reverse('procedures:edit', args=[app.pk])}?key={app.access_key}")
    returned = app.events.filter(to_status=S.RETURNED).order_by("-at").first() if app.status == S.RETURNED else None
    return render(request, "procedures/edit.html", {
        "app": app, "form": form, "summary": summary, "attachments": _attachment_rows(app, lang), "lang": lang,
        "prefilled": applications.prefilled_keys(app.form, app.citizen), "resume_url": resume_url, "returned": returned,
        "max_request_mb": _max_request_bytes(app.form) // (1024 * 1024),
    })


@require_POST
def autosave(request, pk):
    app, response = _load(request, pk)
    if response:
        return JsonResponse({"saved": False, "login_required": True}, status=401 if app is None else 403)
    if not app.is_editable_by_applicant:
        return JsonResponse({"saved": False, "status": app.status}, status=409)
    if request.content_type == "application/json":
        try:
            raw = json.loads(request.body or b"{}")
            if not isinstance(raw, dict):
                raise ValueError
        except ValueError:
            return JsonResponse({"saved": False, "error": "invalid JSON"}, status=400)
    else:
        raw = request.POST
    errors = applications.save_draft(app, raw, actor=request.user if app.filed_by_id else None, lang=request_lang(request), explicit=False)
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M:%S"), "errors": errors})


@require_POST
def remove_attachment(request, pk, attachment_id):
    app, response = _load(request, pk)
    if response:
        return response
    try:
        applications.remove_attachment(app, attachment_id, actor=request.user if app.filed_by_id else None)
        messages.success(request, _("添付ファイルを削除しました。"))
    except UserError as exc:
        user_error(request, exc)
    return redirect("procedures:edit", pk=app.pk)


def confirm(request, pk):
    app, response = _load(request, pk, for_post=request.method == "POST")
    if response:
        return response
    lang = request_lang(request)
    if request.method == "POST":
        try:
            app = applications.submit(app, request.POST.get("submit_token", ""), actor=request.user if app.filed_by_id else None, lang=lang)
        except UserError as exc:
            user_error(request, exc)
            return redirect("procedures:edit" if app.is_editable_by_applicant else "procedures:status", pk=app.pk)
        messages.success(request, _("申請を受け付けました。受付番号: %(number)s") % {"number": app.receipt_number})
        return redirect("procedures:status", pk=app.pk)
    if not app.is_editable_by_applicant:
        return redirect("procedures:status", pk=app.pk)
    field_errors, missing = applications.submission_errors(app, lang)
    if field_errors or missing:
        return redirect("procedures:edit", pk=app.pk)
    return render(request, "procedures/confirm.html", {
        "app": app, "rows": field_rows(app.form, app.data, lang), "attachments": _attachment_rows(app, lang), "lang": lang,
    })


# --- after submission -----------------------------------------------------------------------------


def _status_payload(app, lang):
    return {"receipt_number": app.receipt_number, "status": app.status, "status_label": bi(app.get_status_display(), lang),
            "paid": app.is_paid, "issued": app.status == S.ISSUED, "modified": app.modified.isoformat()}


@require_GET
def status(request, pk):
    app, response = _load(request, pk)
    if response:
        return response
    lang = request_lang(request)
    events = app.events.filter(visible_to_applicant=True).order_by("at")
    reached = STEPS.index(app.status) if app.status in STEPS else -1
    steps = [{"status": s, "label": bi(s.label, lang), "done": i <= reached, "current": i == reached} for i, s in enumerate(STEPS)]
    status_url = reverse("procedures:status", args=[app.pk])
    if app.citizen_id is None and app.filed_by_id is None:
        status_url = request.build_absolute_uri(f"{status_url}?key={app.access_key}")
    payload = _status_payload(app, lang)  # reads app.is_paid (a query) once for the whole page
    return render(request, "procedures/status.html", {
        "app": app, "events": events, "steps": steps, "lang": lang, "payload": payload,
        "rows": field_rows(app.form, app.data, lang), "attachments": _attachment_rows(app, lang), "status_url": status_url,
        "documents": app.documents.all(), "pending_payment": app.payments.filter(status=Payment.Status.PENDING).first(),
        "payable": app.fee > 0 and not payload["paid"] and app.status != S.DRAFT,
        "returned": app.events.filter(to_status=S.RETURNED).order_by("-at").first() if app.status == S.RETURNED else None,
    })


@require_GET
def status_json(request, pk):
    app, response = _load(request, pk)
    if response:
        return JsonResponse({"error": "forbidden"}, status=403)
    return JsonResponse(_status_payload(app, request_lang(request)))


@require_GET
def document(request, pk, doc_id):
    app, response = _load(request, pk)
    if response:
        return response
    doc = get_or_404(app.documents, pk=doc_id)
    try:
        path = uploads.absolute(doc.path)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{app.receipt_number}.pdf", content_type="application/pdf")


@require_GET
def my_applications(request):
    citizen = current_citizen(request)
    if citizen is None:
        return redirect(f"{reverse('procedures:login')}?next={reverse('procedures:my')}")
    apps = Application.objects.filter(citizen=citizen).select_related("form").order_by("-created")
    return render(request, "procedures/my.html", {"apps": apps, "citizen": citizen, "lang": request_lang(request)})


# --- payment --------------------------------------------------------------------------------------


@require_POST
def pay(request, pk):
    app, response = _load(request, pk)
    if response:
        return response
    provider = payments.provider()
    try:
        payment = provider.start(app)
    except UserError as exc:
        user_error(request, exc)
        return redirect("procedures:status", pk=app.pk)
    return redirect(provider.checkout_url(payment))


def test_checkout(request, reference):
    """The test payment provider's checkout page (stands in for an external payment service)."""
    payment = get_or_404(Payment.objects.select_related("application__form"), provider_reference=reference, provider="test")
    app = payment.application
    if not applicant_access(request, app):
        return HttpResponseForbidden(_("この申請を表示する権限がありません。"))
    provider = payments.TestPaymentProvider()
    if request.method == "POST":
        if request.POST.get("action") == "pay":
            try:
                provider.confirm(payment, provider.notification_for(payment))
                messages.success(request, _("手数料 %(amount)d 円の支払を確認しました。") % {"amount": payment.amount})
            except UserError as exc:
                user_error(request, exc)
        else:
            messages.info(request, _("支払を中止しました。"))
        return redirect("procedures:status", pk=app.pk)
    return render(request, "procedures/test_checkout.html", {"payment": payment, "app": app})


# --- bundles ----------------------------------------------------------------------------------------


@require_GET
def bundle_detail(request, slug):
    bundle = get_or_404(Bundle, slug=slug, published=True)
    lang = request_lang(request)
    try:
        forms = applications.bundle_forms(bundle)
    except UserError as exc:
        user_error(request, exc)
        forms = []
    level = current_level(request)
    need = max((f.identity_level for f in forms), key=lambda lv: LEVEL_RANK[IdentityLevel(lv)], default=IdentityLevel.NONE)
    return render(request, "procedures/bundle_detail.html", {"bundle": bundle, "forms": forms, "lang": lang, "need": need,
                                                             "allowed": meets(level, need), "citizen": current_citizen(request)})


@require_POST
def bundle_start(request, slug):
    bundle = get_or_404(Bundle, slug=slug, published=True)
    try:
        filing = applications.start_bundle(bundle, citizen=current_citizen(request), level=current_level(request))
    except UserError as exc:
        user_error(request, exc)
        return redirect(f"{reverse('procedures:login')}?next={reverse('procedures:bundle_detail', args=[slug])}")
    if filing.citizen_id is None:
        remember_key(request, filing.access_key)
    return redirect("procedures:bundle_edit", pk=filing.pk)


def _bundle_load(request, pk):
    filing = get_or_404(BundleApplication.objects.select_related("bundle"), pk=pk)
    if applicant_access(request, filing):
        return filing, None
    if filing.citizen_id is not None:
        return None, redirect(f"{reverse('procedures:login')}?next={reverse('procedures:bundle_edit', args=[filing.pk])}")
    return None, HttpResponseForbidden(_("この申請を表示する権限がありません。"))


def _allow_children(request, children):
    """Children of a bundle share its access: remember their keys for the attachment/status pages."""
    for app in children:
        if app.citizen_id is None:
            remember_key(request, app.access_key)


def bundle_edit(request, pk):
    filing, response = _bundle_load(request, pk)
    if response:
        return response
    if filing.submitted_at:
        return redirect("procedures:bundle_status", pk=filing.pk)
    lang = request_lang(request)
    children = applications.bundle_children(filing)
    _allow_children(request, children)
    specs, used_by = applications.bundle_fields([c.form for c in children])
    summary, upload_errors = [], []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        applications.save_bundle_draft(filing, request.POST, lang=lang, children=children)
        for app in children:
            for spec in app.form.attachments:
                upload = request.FILES.get(f"file_{app.form.slug}_{spec['key']}")
                if upload is not None:
                    try:
                        applications.add_attachment(app, spec["key"], upload, upload.name)
                    except UserError as exc:
                        upload_errors.append(exc.message(lang))
    combined = {}
    for c in children:
        combined.update({k: v for k, v in c.data.items() if v not in (None, "")})
    if request.method != "POST":
        form = schema.build_form_class(specs, lang)(initial=combined)
    elif action == "confirm" and not upload_errors:
        problems = []
        for app in children:
            _fe, missing = applications.submission_errors(app, lang)
            problems += missing
        form = schema.build_form_class(specs, lang)(data=as_form_data(specs, combined))
        if form.is_valid() and not problems:
            return redirect("procedures:bundle_confirm", pk=filing.pk)
        summary = annotate_errors(form) + [("attachments", "", p) for p in problems]
    elif not upload_errors:
        messages.success(request, _("一時保存しました。"))
        return redirect("procedures:bundle_edit", pk=filing.pk)
    else:
        form = schema.build_form_class(specs, lang, for_draft=True)(data=as_form_data(specs, combined))
        summary = annotate_errors(form) + [("attachments", "", e) for e in upload_errors]
    titles = {c.form.slug: c.form.title_for(lang) for c in children}
    shared = {k: [titles[s] for s in slugs] for k, slugs in used_by.items() if len(slugs) > 1}
    groups = [{"app": c, "title": titles[c.form.slug], "attachments": _attachment_rows(c, lang)} for c in children]
    return render(request, "procedures/bundle_edit.html", {"filing": filing, "form": form, "summary": summary, "shared": shared,
                                                          "groups": groups, "lang": lang})


def bundle_confirm(request, pk):
    filing, response = _bundle_load(request, pk)
    if response:
        return response
    lang = request_lang(request)
    if request.method == "POST":
        try:
            filing = applications.submit_bundle(filing, request.POST.get("submit_token", ""), lang=lang)
        except UserError as exc:
            user_error(request, exc)
            return redirect("procedures:bundle_edit", pk=filing.pk)
        messages.success(request, _("まとめて申請を受け付けました。受付番号: %(number)s") % {"number": filing.receipt_number})
        return redirect("procedures:bundle_status", pk=filing.pk)
    if filing.submitted_at:
        return redirect("procedures:bundle_status", pk=filing.pk)
    children = applications.bundle_children(filing)
    groups = [{"app": c, "title": c.form.title_for(lang), "rows": field_rows(c.form, c.data, lang), "attachments": _attachment_rows(c, lang)} for c in children]
    return render(request, "procedures/bundle_confirm.html", {"filing": filing, "groups": groups, "lang": lang})


@require_GET
def bundle_status(request, pk):
    filing, response = _bundle_load(request, pk)
    if response:
        return response
    children = applications.bundle_children(filing)
    _allow_children(request, children)
    return render(request, "procedures/bundle_status.html", {"filing": filing, "children": children, "lang": request_lang(request)})


# --- support programme finder and signature check ---------------------------------------------------


@require_GET
def support_finder(request):
    q = request.GET.get("q", "").strip()
    audience = request.GET.get("audience", "")
    level = request.GET.get("level", "")
    category = request.GET.get("category", "")
    if audience not in SupportProgramme.Audience.values:
        audience = ""
    if level not in SupportProgramme.Level.values:
        level = ""
    results = finder.search(q=q, audience=audience, level=level, category=category)
    return render(request, "procedures/finder.html", {
        "q": q, "audience": audience, "level": level, "category": category, "results": results, "lang": request_lang(request),
        "categories": finder.categories(), "audiences": SupportProgramme.Audience.choices, "levels": SupportProgramme.Level.choices,
        "has_demo": SupportProgramme.objects.filter(demo=True).exists(),
    })


def verify(request):
    """Anyone can check that a PDF was issued and signed by the city and not altered."""
    result = None
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        if upload is None:
            messages.error(request, _("PDF ファイルを選んでください。"))
        elif upload.size > 20 * 1024 * 1024:
            messages.error(request, _("ファイルが大きすぎます（20 MB まで）。"))
        else:
            try:
                result = signing.verify_pdf(upload.read())
            except UserError as exc:
                user_error(request, exc)
    return render(request, "procedures/verify.html", {"result": result})

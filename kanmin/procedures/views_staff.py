"""Staff pages: the review queue, one application (transitions, comments, audit trail), counter
filing on a citizen's behalf (スマート申請), and the form builder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from . import access, applications, audit, definitions, schema, uploads, workflow
from .forms import AttachmentFormSet, CounterStartForm, FieldFormSet, FieldRowForm, FormSettingsForm
from .models import Application, ApplicationEvent, FormDefinition, IdentityLevel
from .webutil import department_titles, field_rows, get_or_404, user_error

S = Application.Status


def _require_staff(request):
    if not access.is_staff_user(request.user):
        raise PermissionDenied


@login_required
def queue(request):
    _require_staff(request)
    qs = access.filter_department(Application.objects.exclude(status=S.DRAFT).select_related("form"), request.user)
    status = request.GET.get("status", "")
    if status in S.values:
        qs = qs.filter(status=status)
    form_slug = request.GET.get("form", "")
    if form_slug:
        qs = qs.filter(form__slug=form_slug)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(receipt_number__icontains=q)
    counts = dict(access.filter_department(Application.objects.exclude(status=S.DRAFT), request.user)
                  .order_by().values_list("status").annotate(Count("pk")))
    page = Paginator(qs.order_by("submitted_at"), 50).get_page(request.GET.get("page"))
    forms = access.filter_department(FormDefinition.objects.filter(superseded=False), request.user)
    return render(request, "procedures/staff_queue.html", {
        "page": page, "status": status, "form_slug": form_slug, "q": q, "forms": forms, "lang": request_lang(request),
        "statuses": [(s, label, counts.get(s, 0)) for s, label in S.choices if s != S.DRAFT], "departments": department_titles(),
    })


def _staff_app(request, pk) -> Application:
    app = get_or_404(Application.objects.select_related("form", "citizen", "filed_by"), pk=pk)
    if not access.can_work(request.user, app.department):
        raise PermissionDenied
    return app


@login_required
def application(request, pk):
    app = _staff_app(request, pk)
    lang = request_lang(request)
    files = {f.slot: f for f in app.files.all()}
    attachments = [{"label": schema.label_of(a, lang), "file": files.get(a["key"]), "waived": a["key"] in (app.waived_attachments or [])}
                   for a in app.form.attachments]
    return render(request, "procedures/staff_application.html", {
        "app": app, "rows": field_rows(app.form, app.data, lang), "attachments": attachments, "events": app.events.select_related("actor"),
        "next_states": [(s, S(s).label) for s in workflow.allowed_next(app)], "payments": app.payments.all(),
        "documents": app.documents.all(), "lang": lang,
    })


@login_required
@require_POST
def transition(request, pk):
    app = _staff_app(request, pk)
    try:
        app = workflow.transition(app, request.POST.get("to", ""), request.user, message=request.POST.get("message", ""))
        messages.success(request, _("状態を「%(status)s」にしました。") % {"status": app.get_status_display()})
    except UserError as exc:
        user_error(request, exc)
    return redirect("procedures:staff_application", pk=app.pk)


@login_required
@require_POST
def comment(request, pk):
    app = _staff_app(request, pk)
    try:
        workflow.comment(app, request.user, request.POST.get("message", ""), visible=request.POST.get("visible") == "on")
        messages.success(request, _("コメントを記録しました。"))
    except UserError as exc:
        user_error(request, exc)
    return redirect("procedures:staff_application", pk=app.pk)


@login_required
def attachment(request, pk, attachment_id):
    app = _staff_app(request, pk)
    att = get_or_404(app.files, pk=attachment_id)
    try:
        path = uploads.absolute(att.path)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=att.filename, content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def document(request, pk, doc_id):
    app = _staff_app(request, pk)
    doc = get_or_404(app.documents, pk=doc_id)
    try:
        path = uploads.absolute(doc.path)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{app.receipt_number}.pdf", content_type="application/pdf")


# --- counter mode -----------------------------------------------------------------------------------


@login_required
def counter(request):
    _require_staff(request)
    forms_qs = access.filter_department(FormDefinition.objects.filter(published=True, superseded=False), request.user)
    form = CounterStartForm(request.POST or None, forms_qs=forms_qs)
    if request.method == "POST" and form.is_valid():
        form_def = definitions.current(form.cleaned_data["form_slug"])
        if form_def is None or not access.can_work(request.user, form_def.department):
            raise PermissionDenied
        level = {"none": IdentityLevel.NONE, "document": IdentityLevel.LOGIN, "mynumber": IdentityLevel.STRONG}[form.cleaned_data["id_checked"]]
        try:
            app = applications.start(form_def, level=level, filed_by=request.user)
        except UserError as exc:
            user_error(request, exc)
            return redirect("procedures:staff_counter")
        note = form.cleaned_data["note"]
        audit.record(app, ApplicationEvent.Kind.COMMENT, actor=request.user, on_behalf=True, visible=False,
                     message=f"窓口での本人確認 / identity check at the counter: {form.cleaned_data['id_checked']}" + (f" ({note})" if note else ""))
        return redirect("procedures:edit", pk=app.pk)
    drafts = Application.objects.filter(filed_by=request.user, status=S.DRAFT).select_related("form")
    return render(request, "procedures/staff_counter.html", {"form": form, "drafts": drafts})


# --- form builder ----------------------------------------------------------------------------------


@login_required
def forms_list(request):
    _require_staff(request)
    forms_qs = access.filter_department(FormDefinition.objects.all(), request.user).order_by("slug", "-version")
    return render(request, "procedures/staff_forms.html", {"forms": forms_qs, "departments": department_titles(), "lang": request_lang(request)})


def _row_specs(formset):
    rows = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    if formset.can_order:
        rows.sort(key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))
    return [s for s in (f.spec() for f in rows) if s]


@login_required
def form_edit(request, slug=None):
    _require_staff(request)
    existing = definitions.current(slug, published_only=False) if slug else None
    if slug and existing is None:
        raise Http404
    if existing and not access.can_work(request.user, existing.department):
        raise PermissionDenied
    departments = access.department_choices(request.user)
    procedures = definitions.list_procedures()
    allowed = access.staff_departments(request.user)
    if allowed is not None:
        procedures = [p for p in procedures if p.get("department") in allowed or p.get("department_title") in allowed]
    if request.method == "POST":
        settings_form = FormSettingsForm(request.POST, departments=departments, procedures=procedures)
        fields_fs = FieldFormSet(request.POST, prefix="f")
        attach_fs = AttachmentFormSet(request.POST, prefix="a")
        if settings_form.is_valid() and fields_fs.is_valid() and attach_fs.is_valid():
            d = settings_form.cleaned_data
            if existing and d["slug"] != existing.slug:
                settings_form.add_error("slug", _("識別名は変更できません。"))
            elif not access.can_work(request.user, d["department"]):
                settings_form.add_error("department", _("この部署のフォームを作成する権限がありません。"))
            else:
                try:
                    saved = definitions.save_form(
                        slug=d["slug"], title=d["title"], title_en=d["title_en"], department=d["department"], procedure_id=d["procedure_id"],
                        description=d["description"], description_en=d["description_en"], identity_level=d["identity_level"], fee=d["fee"] or 0,
                        keywords=d["keywords"], published=d["published"], fields=_row_specs(fields_fs),
                        attachments=_row_specs(attach_fs), user=request.user,
                    )
                except UserError as exc:
                    settings_form.add_error(None, exc.message(request_lang(request)))
                else:
                    messages.success(request, _("フォームを保存しました（第 %(v)d 版）。") % {"v": saved.version})
                    return redirect("procedures:staff_form_edit", slug=saved.slug)
    else:
        if existing:
            initial = {k: getattr(existing, k) for k in ("slug", "title", "title_en", "procedure_id", "department", "description",
                                                         "description_en", "identity_level", "fee", "keywords", "published")}
            fields_initial = [dict(FieldRowForm.initial_from(s), ORDER=i + 1) for i, s in enumerate(existing.fields)]
            attach_initial = existing.attachments
        else:
            initial, fields_initial, attach_initial = {"identity_level": IdentityLevel.NONE, "fee": 0}, [], []
        settings_form = FormSettingsForm(initial=initial, departments=departments, procedures=procedures)
        fields_fs = FieldFormSet(initial=fields_initial, prefix="f")
        attach_fs = AttachmentFormSet(initial=attach_initial, prefix="a")
    preview = schema.build_form_class(existing.fields, request_lang(request))(auto_id="preview_%s") if existing else None
    return render(request, "procedures/staff_form_edit.html", {
        "settings_form": settings_form, "fields_fs": fields_fs, "attach_fs": attach_fs, "existing": existing, "preview": preview,
        "inventory": definitions.inventory_available(),
        "used": existing.applications.exists() if existing else False,
    })


@login_required
@require_POST
def form_publish(request, pk):
    form_def = get_or_404(FormDefinition, pk=pk)
    if not access.can_work(request.user, form_def.department):
        raise PermissionDenied
    try:
        definitions.set_published(form_def, request.POST.get("published") == "1")
        messages.success(request, _("公開状態を変更しました。"))
    except UserError as exc:
        user_error(request, exc)
    return redirect("procedures:staff_forms")

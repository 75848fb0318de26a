"""Staff pages: data inventory, procedure inventory, plan tree with KPIs and PDCA reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang as lang_of

from . import access, inventory, kpis, procedures
from .fiscal import fiscal_year
from .forms import ActualForm, ImportForm, InventoryItemForm, PlanForm, ProcedureForm, PublishForm, ReviewForm, StatusForm
from .models import Initiative, InventoryItem, Kpi, KpiActual, Measure, Pillar, Plan, Procedure, PublishAudit, ScheduleEntry
from .tabular import ImportFailed
from .templatetags.plan_tags import pick

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _msg(request, ja, en):
    return en if lang_of(request) == "en" else ja


def _download(body: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def staff_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        access.require_staff_editor(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- data inventory ---------------------------------------------------------------------------------


def _inventory_qs(request):
    qs = access.scoped(InventoryItem.objects.all(), request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(legal_basis__icontains=q))
    if request.GET.get("department"):
        qs = qs.filter(department=request.GET["department"])
    if request.GET.get("decision") in InventoryItem.Decision.values:
        qs = qs.filter(decision=request.GET["decision"])
    if request.GET.get("personal") in ("1", "0"):
        qs = qs.filter(has_personal_info=request.GET["personal"] == "1")
    return qs


@staff_only
def inventory_list(request):
    items = _inventory_qs(request)
    all_items = access.scoped(InventoryItem.objects.all(), request.user)
    departments = sorted(set(all_items.values_list("department", "department_title")), key=lambda d: d[1])
    return render(request, "plan/inventory_list.html", {
        "items": items, "summary": inventory.summary(all_items), "departments": departments,
        "decisions": InventoryItem.Decision.choices, "query": request.GET,
    })


@staff_only
def inventory_edit(request, item_id=None):
    item = None
    if item_id:
        item = get_object_or_404(InventoryItem, pk=item_id)
        if not access.can_edit_department(request.user, item.organization_id):
            raise PermissionDenied
    form = InventoryItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _msg(request, "保存しました。", "Saved."))
        return redirect("plan:inventory_list")
    return render(request, "plan/inventory_form.html", {"form": form, "item": item,
                                                        "audits": item.audits.all()[:20] if item else []})


@staff_only
def inventory_publish(request, item_id):
    item = get_object_or_404(InventoryItem, pk=item_id)
    if not access.can_edit_department(request.user, item.organization_id):
        raise PermissionDenied
    form = PublishForm(request.POST or None, initial={"title": item.name})
    if request.method == "POST" and form.is_valid():
        try:
            dataset = inventory.publish(item, request.user, title=form.cleaned_data["title"])
        except UserError as exc:
            form.add_error(None, exc.message(lang_of(request)))
        else:
            messages.success(request, _msg(request, "データセットを作成しました。ファイルを追加してください。",
                                           "The dataset was created. Add its files."))
            return redirect("web:staff_resource_new", name=dataset.name)
    return render(request, "plan/inventory_publish.html", {"form": form, "item": item,
                                                           "approved": inventory.privacy_approved(item.pk) if item.has_personal_info else None})


@staff_only
def inventory_audit(request):
    audits = PublishAudit.objects.select_related("item")
    if not request.user.is_superuser:
        audits = audits.filter(item__organization_id__in=access.editable_org_ids(request.user))
    return render(request, "plan/inventory_audit.html", {"audits": audits[:500]})


@staff_only
def inventory_export(request, fmt):
    items = _inventory_qs(request)
    body = inventory.export_xlsx(items) if fmt == "xlsx" else inventory.export_csv(items)
    return _download(body, f"data-inventory-{timezone.localdate():%Y%m%d}", fmt)


def _import_view(request, module, template_title, back):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = module.import_file(upload, upload.name, request.user)
        except ImportFailed as exc:
            errors = exc.errors
            form.add_error(None, exc.message(lang_of(request)))
        except UserError as exc:
            form.add_error("file", exc.message(lang_of(request)))
        else:
            messages.success(request, _msg(request, f"取り込みました（新規 {result.created} 件、更新 {result.updated} 件）。",
                                           f"Imported ({result.created} new, {result.updated} updated)."))
            return redirect(back)
    columns = module.COLUMNS
    return render(request, "plan/import.html", {"form": form, "errors": errors, "title": template_title,
                                                "columns": columns, "back": back}, status=400 if errors else 200)


@staff_only
def inventory_import(request):
    return _import_view(request, inventory, "inventory", "plan:inventory_list")


# --- procedure inventory -------------------------------------------------------------------------


def _procedure_qs(request):
    qs = access.scoped(Procedure.objects.all(), request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(legal_basis__icontains=q))
    if request.GET.get("stage") in ("1", "2", "3"):
        qs = qs.filter(stage=int(request.GET["stage"]))
    if request.GET.get("online") in ("1", "0"):
        qs = qs.filter(online_now=request.GET["online"] == "1")
    if request.GET.get("department"):
        qs = qs.filter(department=request.GET["department"])
    return qs


@staff_only
def procedure_list(request):
    all_procs = access.scoped(Procedure.objects.all(), request.user)
    departments = sorted(set(all_procs.values_list("department", "department_title")), key=lambda d: d[1])
    return render(request, "plan/procedure_list.html", {
        "procedures": _procedure_qs(request), "progress": procedures.progress(all_procs), "departments": departments,
        "query": request.GET, "stages": Procedure.Stage.choices,
    })


@staff_only
def procedure_edit(request, procedure_id=None):
    proc = None
    if procedure_id:
        proc = get_object_or_404(Procedure, pk=procedure_id)
        if not access.can_edit_department(request.user, proc.organization_id):
            raise PermissionDenied
    was_online = bool(proc and proc.online_now)
    form = ProcedureForm(request.POST or None, instance=proc, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.online_now and not was_online:
            saved.online_since = saved.online_since or timezone.localdate()
        saved.save()
        messages.success(request, _msg(request, f"保存しました（段階{saved.stage}）。", f"Saved (stage {saved.stage})."))
        return redirect("plan:procedure_list")
    return render(request, "plan/procedure_form.html", {"form": form, "procedure": proc})


@staff_only
@require_POST
def procedure_online(request, procedure_id):
    from . import services

    proc = get_object_or_404(Procedure, pk=procedure_id)
    if not access.can_edit_department(request.user, proc.organization_id):
        raise PermissionDenied
    services.record_procedure_online(str(proc.pk))
    messages.success(request, _msg(request, f"「{proc.name}」をオンライン化済みにしました。", f'"{proc.name}" is now online.'))
    return redirect("plan:procedure_list")


@staff_only
def procedure_export(request, fmt):
    procs = _procedure_qs(request)
    body = procedures.export_xlsx(procs) if fmt == "xlsx" else procedures.export_csv(procs)
    return _download(body, f"procedure-inventory-{timezone.localdate():%Y%m%d}", fmt)


@staff_only
def procedure_import(request):
    return _import_view(request, procedures, "procedures", "plan:procedure_list")


# --- plans ----------------------------------------------------------------------------------------


@staff_only
def plan_list(request):
    plans = Plan.objects.all()
    return render(request, "plan/plan_list.html", {
        "rows": [{"plan": p, "completion": kpis.completion(p), "editable": access.can_edit_plan(request.user, p)} for p in plans],
    })


@staff_only
def plan_new(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        if not access.can_edit_plan(request.user, plan):
            plan.delete()
            raise PermissionDenied
        messages.success(request, _msg(request, "計画を作成しました。", "The plan was created."))
        return redirect("plan:plan_detail", slug=plan.slug)
    return render(request, "plan/plan_form.html", {"form": form})


def _plan_for_staff(slug) -> Plan:
    return get_object_or_404(Plan, slug=slug)


@staff_only
def plan_detail(request, slug):
    plan = _plan_for_staff(slug)
    editable = access.can_edit_plan(request.user, plan)
    pillars = plan.pillars.prefetch_related("measures__initiatives__schedule", "measures__kpis")
    kpi_rows = kpis.kpi_rows(plan)
    initiatives = Initiative.objects.filter(measure__pillar__plan=plan)
    if not editable:  # then only initiatives of the user's own departments
        initiatives = initiatives.filter(organization_id__in=access.editable_org_ids(request.user))
    editable_initiatives = set(initiatives.values_list("pk", flat=True))
    return render(request, "plan/plan_detail.html", {
        "plan": plan, "editable": editable, "pillars": pillars, "kpi_rows": kpi_rows, "completion": kpis.completion(plan),
        "editable_initiatives": editable_initiatives, "statuses": StatusForm.base_fields["status"].choices,
        "actual_form": ActualForm(plan=plan, initial={"fiscal_year": fiscal_year()}),
        "review_form": ReviewForm(plan=plan, initial={"fiscal_year": fiscal_year()}),
        "reviews": plan.reviews.select_related("measure", "author"), "this_year": fiscal_year(),
    })


def _require_plan_editor(request, plan):
    if not access.can_edit_plan(request.user, plan):
        raise PermissionDenied


@staff_only
@require_POST
def measure_status(request, slug, measure_id):
    plan = _plan_for_staff(slug)
    _require_plan_editor(request, plan)
    measure = get_object_or_404(Measure, pk=measure_id, pillar__plan=plan)
    form = StatusForm(request.POST)
    if form.is_valid():
        measure.status = form.cleaned_data["status"]
        measure.save(update_fields=["status"])
        messages.success(request, _msg(request, "施策の状況を更新しました。", "The measure's status was updated."))
    return redirect(reverse("plan:plan_detail", args=[plan.slug]) + f"#measure-{measure.pk}")


@staff_only
@require_POST
def initiative_status(request, slug, initiative_id):
    plan = _plan_for_staff(slug)
    initiative = get_object_or_404(Initiative.objects.select_related("measure__pillar__plan"), pk=initiative_id, measure__pillar__plan=plan)
    if not access.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if form.is_valid():
        initiative.status = form.cleaned_data["status"]
        initiative.save(update_fields=["status"])
        messages.success(request, _msg(request, "取組の状況を更新しました。", "The initiative's status was updated."))
    return redirect(reverse("plan:plan_detail", args=[plan.slug]) + f"#measure-{initiative.measure_id}")


@staff_only
@require_POST
def kpi_actual(request, slug):
    plan = _plan_for_staff(slug)
    _require_plan_editor(request, plan)
    form = ActualForm(request.POST, plan=plan)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, pick(e))
        return redirect(reverse("plan:plan_detail", args=[plan.slug]) + "#kpis")
    kpi = form.cleaned_data["kpi"]
    KpiActual.objects.update_or_create(
        kpi=kpi, fiscal_year=form.cleaned_data["fiscal_year"],
        defaults={"value": form.cleaned_data["value"], "note": form.cleaned_data["note"], "origin": KpiActual.Origin.MANUAL},
    )
    messages.success(request, _msg(request, f"「{kpi.name}」の実績を保存しました。", f'Saved the actual of "{kpi.name}".'))
    return redirect(reverse("plan:plan_detail", args=[plan.slug]) + "#kpis")


@staff_only
@require_POST
def kpi_measure(request, slug):
    plan = _plan_for_staff(slug)
    _require_plan_editor(request, plan)
    result = kpis.measure(plan)
    text = _msg(request, f"{result['measured']}件の指標を自動計測しました。", f"Measured {result['measured']} indicator(s).")
    if result["unmeasured"]:
        text += _msg(request, f"計測できなかった指標: {'、'.join(result['unmeasured'])}", f" Not measurable now: {', '.join(result['unmeasured'])}")
    messages.success(request, text)
    return redirect(reverse("plan:plan_detail", args=[plan.slug]) + "#kpis")


@staff_only
def review_new(request, slug):
    plan = _plan_for_staff(slug)
    _require_plan_editor(request, plan)
    form = ReviewForm(request.POST or None, plan=plan, initial={"fiscal_year": fiscal_year()})
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        review.plan, review.author = plan, request.user
        review.save()
        messages.success(request, _msg(request, "PDCA レビューを記録しました。", "The PDCA review was recorded."))
        return redirect(reverse("plan:plan_detail", args=[plan.slug]) + "#reviews")
    return render(request, "plan/review_form.html", {"form": form, "plan": plan})


STRUCTURE_MODELS = {"pillar": (Pillar, "plan"), "measure": (Measure, "pillar__plan"), "initiative": (Initiative, "measure__pillar__plan"),
                    "schedule": (ScheduleEntry, "initiative__measure__pillar__plan"), "kpi": (Kpi, "plan")}
STRUCTURE_TITLES = {"pillar": ("柱", "Pillar"), "measure": ("施策", "Measure"), "initiative": ("取組", "Initiative"),
                    "schedule": ("年度別の予定", "Yearly schedule"), "kpi": ("成果指標（KPI）", "Indicator (KPI)")}


@staff_only
def structure_edit(request, slug, kind, pk=None):
    """Add or edit a pillar, measure, initiative, yearly schedule entry or KPI of a plan."""
    from django.http import Http404

    from .forms import STRUCTURE_FORMS

    if kind not in STRUCTURE_FORMS:
        raise Http404
    plan = _plan_for_staff(slug)
    _require_plan_editor(request, plan)
    model, plan_path = STRUCTURE_MODELS[kind]
    instance = get_object_or_404(model, pk=pk, **{plan_path: plan}) if pk else None
    form = STRUCTURE_FORMS[kind](request.POST or None, instance=instance, plan=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if kind in ("pillar", "kpi"):
            obj.plan = plan
        obj.save()
        messages.success(request, _msg(request, "保存しました。", "Saved."))
        return redirect(reverse("plan:plan_detail", args=[plan.slug]))
    ja, en = STRUCTURE_TITLES[kind]
    return render(request, "plan/structure_form.html", {"form": form, "plan": plan, "kind_title": en if lang_of(request) == "en" else ja,
                                                        "instance": instance})

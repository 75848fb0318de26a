"""Staff pages: request triage, app review, usage statistics, alerts and dashboard composition."""

import csv

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang as lang_of

from . import services, stats, viz
from .access import staff_required
from .forms import AlertForm, AreaForm, ChartForm, DashboardForm, ReviewForm, TriageForm
from .models import Alert, AlertArea, AlertSubscription, App, Chart, Dashboard, DashboardItem, DataRequest, Moderation, MonthlyCount
from .views_public import _page
from .views_viz import visible_resource


# --- data requests ---------------------------------------------------------------------------


@staff_required
def staff_requests(request):
    qs = DataRequest.objects.filter(confirmed_at__isnull=False)
    view = request.GET.get("view", "open")
    if view == "pending":
        qs = qs.filter(moderation=Moderation.PENDING)
    elif view == "open":
        qs = qs.exclude(moderation=Moderation.REJECTED).filter(status__in=[DataRequest.Status.RECEIVED, DataRequest.Status.CONSIDERING])
    elif view == "rejected":
        qs = qs.filter(moderation=Moderation.REJECTED)
    return render(request, "engage/staff_requests.html", {
        "page": _page(request, qs), "view": view, "base_params": f"view={view}",
        "unconfirmed": DataRequest.objects.filter(confirmed_at__isnull=True).count(),
        "pending": DataRequest.objects.filter(confirmed_at__isnull=False, moderation=Moderation.PENDING).count(),
    })


@staff_required
def staff_request(request, request_id):
    req = get_object_or_404(DataRequest, pk=request_id)
    ref = services.dataset_ref(req.dataset_id)
    initial = {"moderation": req.moderation, "status": req.status, "response": req.response, "dataset": ref["name"] if ref else ""}
    form = TriageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.triage(req, request.user, moderation=data["moderation"], status=data["status"],
                                    response=data["response"], dataset=data["dataset"])
        except UserError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message(lang_of(request)))
        else:
            if event is None:
                messages.info(request, _("変更はありません。"))
            elif event.note or event.status != initial["status"]:
                messages.success(request, _("保存し、依頼者に通知しました。"))
            else:
                messages.success(request, _("保存しました。"))
            return redirect("engage:staff_request", request_id=req.pk)
    return render(request, "engage/staff_request.html", {"req": req, "form": form, "dataset": ref, "events": req.events.all()})


# --- apps ------------------------------------------------------------------------------------


@staff_required
def staff_apps(request):
    view = request.GET.get("view", "pending")
    qs = App.objects.filter(confirmed_at__isnull=False)
    if view in Moderation.values:
        qs = qs.filter(moderation=view)
    return render(request, "engage/staff_apps.html", {
        "page": _page(request, qs.order_by("-created")), "view": view, "moderations": Moderation.choices, "base_params": f"view={view}",
        "unconfirmed": App.objects.filter(confirmed_at__isnull=True).count(),
    })


@staff_required
def staff_app(request, app_id):
    app = get_object_or_404(App, pk=app_id)
    initial = {"moderation": app.moderation, "certified": app.certified, "note": app.review_note, "provider": app.provider}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.delete_app(app)
        messages.success(request, _("アプリを削除しました。"))
        return redirect("engage:staff_apps")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.review_app(app, moderation=data["moderation"], certified=data["certified"], note=data["note"], provider=data["provider"])
        messages.success(request, _("審査結果を保存しました。"))
        return redirect("engage:staff_app", app_id=app.pk)
    return render(request, "engage/staff_app.html", {
        "app": app, "form": form, "datasets": services.datasets_of(app, request.user), "screenshots": app.screenshots.all(),
    })


# --- statistics ------------------------------------------------------------------------------


@staff_required
def staff_stats(request):
    if request.GET.get("format") == "csv":
        return _stats_csv()
    kinds = MonthlyCount.Kind.choices
    months = {}
    for kind, _label in kinds:
        for month, n in stats.monthly(kind, months=12):
            months.setdefault(month, {k: 0 for k, _l in kinds})[kind] = n
    top_datasets = []
    for dataset_id, n in stats.totals_by("download", "dataset_id", limit=20):
        ref = services.dataset_ref(dataset_id, request.user)
        top_datasets.append({"ref": ref, "id": dataset_id, "downloads": n, "views": stats.total("dataset_view", dataset_id=dataset_id)})
    return render(request, "engage/staff_stats.html", {
        "totals": [(label, stats.total(kind), stats.total(kind, month=stats.this_month())) for kind, label in kinds],
        "months": sorted(months.items()),
        "kinds": kinds,
        "top_datasets": top_datasets,
        "popular": services.popular_datasets(limit=20),
        "api_actions": stats.totals_by("api", "action", limit=30),
        "metrics": services.metrics(),
    })


def _stats_csv():
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kanmin-usage.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["month", "kind", "dataset_id", "dataset_name", "resource_id", "action", "count"])
    names = {}
    for row in MonthlyCount.objects.order_by("month", "kind", "dataset_id", "resource_id", "action"):
        if row.dataset_id and row.dataset_id not in names:
            ref = services.dataset_ref(row.dataset_id)
            names[row.dataset_id] = ref["name"] if ref else ""
        writer.writerow([row.month.isoformat(), row.kind, row.dataset_id, names.get(row.dataset_id, ""), row.resource_id, row.action, row.count])
    return response


# --- alerts ----------------------------------------------------------------------------------


@staff_required
def staff_alerts(request):
    lang = lang_of(request)
    form = AlertForm(request.POST or None, lang=lang)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        alert = services.publish_alert(title=data["title"], body=data["body"], topic=data["topic"], area=data["area"],
                                       dataset_id=data["dataset"], staff=request.user)
        messages.success(request, _("お知らせを公開し、メール配信を開始しました。"))
        return redirect("engage:alert_detail", alert_id=alert.pk)
    return render(request, "engage/staff_alerts.html", {
        "form": form, "alerts": Alert.objects.select_related("area")[:50], "areas": AlertArea.objects.all(),
        "subscribers": AlertSubscription.objects.filter(confirmed_at__isnull=False).count(),
    })


@staff_required
def staff_areas(request):
    form = AreaForm(request.POST or None)
    if request.method == "POST" and request.POST.get("delete"):
        area = get_object_or_404(AlertArea, pk=request.POST["delete"])
        if area.alerts.exists():
            messages.error(request, _("お知らせで使われている地域は削除できません。"))
        else:
            area.delete()
            messages.success(request, _("地域を削除しました。"))
        return redirect("engage:staff_areas")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("地域を追加しました。"))
        return redirect("engage:staff_areas")
    return render(request, "engage/staff_areas.html", {"form": form, "areas": AlertArea.objects.all()})


# --- charts and dashboards -------------------------------------------------------------------


@staff_required
def staff_dashboards(request):
    return render(request, "engage/staff_dashboards.html", {
        "dashboards": Dashboard.objects.all(), "charts": Chart.objects.all(),
    })


@staff_required
@require_POST
def staff_chart_new(request):
    form = ChartForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        res, fields = visible_resource(request, data["resource_id"])
        agg = data["aggregation"]
        try:
            viz.check_spec(fields, data["label_column"], data["value_column"], agg, data["chart_type"])
        except UserError as exc:
            messages.error(request, exc.message(lang_of(request)))
        else:
            chart = Chart.objects.create(title=data["title"], resource_id=str(res.pk), dataset_id=str(res.dataset_id),
                                         chart_type=data["chart_type"], label_column=data["label_column"],
                                         value_column=data["value_column"] if agg != "count" else "", aggregation=agg,
                                         created_by=request.user)
            messages.success(request, _("グラフを保存しました。ダッシュボードに追加できます。"))
            return redirect("engage:chart_detail", chart_id=chart.pk)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("engage:staff_dashboards")


@staff_required
@require_POST
def staff_chart_delete(request, chart_id):
    get_object_or_404(Chart, pk=chart_id).delete()
    messages.success(request, _("グラフを削除しました。"))
    return redirect("engage:staff_dashboards")


@staff_required
def staff_dashboard_edit(request, slug=None):
    board = get_object_or_404(Dashboard, slug=slug) if slug else None
    initial = {"charts": [i.chart_id for i in board.items.all()]} if board else None
    form = DashboardForm(request.POST or None, instance=board, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            saved.items.all().delete()
            charts = sorted(form.cleaned_data["charts"], key=lambda c: c.created)
            DashboardItem.objects.bulk_create([DashboardItem(dashboard=saved, chart=c, position=n) for n, c in enumerate(charts)])
        messages.success(request, _("ダッシュボードを保存しました。"))
        return redirect("engage:dashboard", slug=saved.slug)
    return render(request, "engage/staff_dashboard_form.html", {"form": form, "board": board})

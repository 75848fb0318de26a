"""Maps, charts, embeddable widgets and citizen dashboards (JS and CSS vendored; no CDN)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from kanmin.catalog import permissions, services as catalog
from kanmin.core.errors import UserError

from . import services, viz
from .models import Chart, Dashboard


def _json_error(exc: UserError, status=400):
    return JsonResponse({"error": {"ja": exc.ja, "en": exc.en}}, status=status, json_dumps_params={"ensure_ascii": False})


def visible_resource(request, resource_id):
    """``(resource, its datastore fields)`` if its dataset is visible to the user and it has a
    datastore table, else 404."""
    try:
        res = catalog.get_resource(resource_id)
    except ObjectDoesNotExist:  # unknown or malformed id
        raise Http404(_("リソースが見つかりません。")) from None
    fields = viz.fields_of(res.pk) if permissions.can_view(request.user, res.dataset) else None
    if not fields:
        raise Http404(_("リソースが見つかりません。"))
    return res, fields


def points(request, resource_id):
    _res, fields = visible_resource(request, resource_id)
    try:
        data = viz.points(resource_id, fields)
    except UserError as exc:
        return _json_error(exc)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response


def chart_data(request, resource_id):
    _res, fields = visible_resource(request, resource_id)
    try:
        data = viz.chart_data(resource_id, request.GET.get("label", ""), request.GET.get("value", ""),
                              request.GET.get("agg", "count"), request.GET.get("type", "bar"), fields=fields)
    except UserError as exc:
        return _json_error(exc)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def chart_payload(chart: Chart, fields: list | None = None) -> dict:
    """Chart data ready for the page (computed on the server, so embeds need no extra request)."""
    try:
        data = viz.chart_data(chart.resource_id, chart.label_column, chart.value_column, chart.aggregation, chart.chart_type,
                              fields=fields)
        error = None
    except UserError as exc:
        data, error = None, exc
    except Exception:  # noqa: BLE001 - a removed table must not break a whole dashboard
        data, error = None, UserError("データを読み込めませんでした。", "The data could not be read.")
    rows = list(zip(data["labels"], data["values"])) if data else []
    return {"chart": chart, "data": data, "rows": rows, "error": error, "dataset": services.dataset_ref(chart.dataset_id),
            "element_id": f"chart-{chart.pk}"}


def _public_chart(request, chart_id) -> dict:
    """The chart's payload (404 unless its resource is visible)."""
    chart = get_object_or_404(Chart, pk=chart_id)
    _res, fields = visible_resource(request, chart.resource_id)
    return chart_payload(chart, fields)


@xframe_options_exempt
def embed_chart(request, chart_id):
    return render(request, "engage/embed_chart.html", {"item": _public_chart(request, chart_id)})


@xframe_options_exempt
def embed_map(request, resource_id):
    res, fields = visible_resource(request, resource_id)
    if not viz.coordinates(fields):
        raise Http404(_("この表には緯度・経度の列がありません。"))
    return render(request, "engage/embed_map.html", {"resource": res, "map": viz.map_settings()})


def chart_detail(request, chart_id):
    return render(request, "engage/chart_detail.html", {"item": _public_chart(request, chart_id)})


def dashboard_list(request):
    return render(request, "engage/dashboard_list.html", {"dashboards": Dashboard.objects.filter(published=True)})


def dashboard(request, slug):
    board = get_object_or_404(Dashboard, slug=slug)
    if not board.published and not permissions.edits_any_organization(request.user):
        raise Http404(_("ダッシュボードが見つかりません。"))
    items = []
    for item in board.items.select_related("chart"):
        try:
            _res, fields = visible_resource(request, item.chart.resource_id)
        except Http404:
            continue
        items.append(chart_payload(item.chart, fields))
    return render(request, "engage/dashboard.html", {"board": board, "items": items})

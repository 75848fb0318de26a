"""How engagement plugs into shared pages: nav links, panels on dataset/resource pages, usage events."""

import logging

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

NAV = [
    ("engage:request_list", "データリクエスト", "Data requests", "public"),
    ("engage:app_list", "アプリ", "Apps", "public"),
    ("engage:popular", "人気のデータ", "Popular data", "public"),
    ("engage:dashboard_list", "ダッシュボード", "Dashboards", "public"),
    ("engage:alerts", "緊急情報メール", "Alert e-mails", "public"),
    ("engage:staff_requests", "リクエスト対応", "Request triage", "staff"),
    ("engage:staff_apps", "アプリ審査", "App review", "staff"),
    ("engage:staff_stats", "利用統計", "Usage statistics", "staff"),
    ("engage:staff_alerts", "緊急情報の配信", "Send alerts", "staff"),
    ("engage:staff_dashboards", "ダッシュボード編集", "Edit dashboards", "staff"),
]


def on_event(kind, request, **ids):
    """Count a page view, download or API call in this month's counter (nothing about the visitor)."""
    from .services import record_event

    record_event(kind, request, **ids)


def dataset_panels(request, dataset):
    """「このデータを使ったアプリ」: listed apps using the dataset, certified first."""
    from .services import apps_for_dataset

    apps = apps_for_dataset(dataset.pk)
    return [render_to_string("engage/panel_apps.html", {"apps": apps, "dataset": dataset}, request=request)]


def resource_panels(request, resource):
    """A map when the table has coordinates, and a chart builder for any datastore table."""
    from kanmin.catalog.permissions import edits_any_organization

    from . import viz

    fields = viz.fields_of(resource.pk)
    if not fields:
        return []
    panels = []
    staff = edits_any_organization(request.user)
    context = {"resource": resource, "fields": fields, "map": viz.map_settings(), "is_staff": staff}
    if viz.coordinates(fields):
        panels.append(render_to_string("engage/panel_map.html", context, request=request))
    context["label_fields"] = fields
    context["value_fields"] = [f for f in fields if f["type"] in viz.NUMERIC]
    if staff:
        get_token(request)
    panels.append(render_to_string("engage/panel_chart.html", context, request=request))
    return panels

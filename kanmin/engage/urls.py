"""URLs of the engage domain (mounted at /engage/ in Japanese and /en/engage/ in English)."""

from django.urls import path

from . import views_public as public, views_staff as staff, views_viz as viz

app_name = "engage"
urlpatterns = [
    path("", public.go_home, name="home"),
    path("requests/", public.request_list, name="request_list"),
    path("requests/new/", public.request_new, name="request_new"),
    path("requests/<uuid:request_id>/", public.request_detail, name="request_detail"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("apps/", public.app_list, name="app_list"),
    path("apps/new/", public.app_new, name="app_new"),
    path("apps/<uuid:app_id>/", public.app_detail, name="app_detail"),
    path("screenshots/<uuid:shot_id>", public.screenshot, name="screenshot"),
    path("popular/", public.popular, name="popular"),
    path("alerts/", public.alerts, name="alerts"),
    path("alerts/feed.json", public.alert_feed, name="alert_feed"),
    path("alerts/<uuid:alert_id>/", public.alert_detail, name="alert_detail"),
    path("alerts/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    # maps, charts, dashboards
    path("points/<uuid:resource_id>.geojson", viz.points, name="points"),
    path("chart-data/<uuid:resource_id>.json", viz.chart_data, name="chart_data"),
    path("charts/<uuid:chart_id>/", viz.chart_detail, name="chart_detail"),
    path("embed/chart/<uuid:chart_id>/", viz.embed_chart, name="embed_chart"),
    path("embed/map/<uuid:resource_id>/", viz.embed_map, name="embed_map"),
    path("dashboards/", viz.dashboard_list, name="dashboard_list"),
    path("dashboards/<slug:slug>/", viz.dashboard, name="dashboard"),
    # staff
    path("staff/requests/", staff.staff_requests, name="staff_requests"),
    path("staff/requests/<uuid:request_id>/", staff.staff_request, name="staff_request"),
    path("staff/apps/", staff.staff_apps, name="staff_apps"),
    path("staff/apps/<uuid:app_id>/", staff.staff_app, name="staff_app"),
    path("staff/stats/", staff.staff_stats, name="staff_stats"),
    path("staff/alerts/", staff.staff_alerts, name="staff_alerts"),
    path("staff/areas/", staff.staff_areas, name="staff_areas"),
    path("staff/dashboards/", staff.staff_dashboards, name="staff_dashboards"),
    path("staff/dashboards/new/", staff.staff_dashboard_edit, name="staff_dashboard_new"),
    path("staff/dashboards/<slug:slug>/edit/", staff.staff_dashboard_edit, name="staff_dashboard_edit"),
    path("staff/charts/new/", staff.staff_chart_new, name="staff_chart_new"),
    path("staff/charts/<uuid:chart_id>/delete/", staff.staff_chart_delete, name="staff_chart_delete"),
]

"""URLs of the plan domain (mounted at /plan/ in Japanese and /en/plan/ in English)."""

from django.urls import path, re_path

from . import views_public, views_staff

app_name = "plan"
urlpatterns = [
    path("", views_public.progress_index, name="progress_index"),
    path("p/<slug:slug>/", views_public.progress, name="progress"),
    re_path(r"^p/(?P<slug>[-\w]+)/report-(?P<year>\d{4})\.(?P<fmt>xlsx|pdf)$", views_public.report_download, name="report"),
    path("staff/inventory/", views_staff.inventory_list, name="inventory_list"),
    path("staff/inventory/new/", views_staff.inventory_edit, name="inventory_new"),
    path("staff/inventory/import/", views_staff.inventory_import, name="inventory_import"),
    path("staff/inventory/audit/", views_staff.inventory_audit, name="inventory_audit"),
    re_path(r"^staff/inventory/export\.(?P<fmt>xlsx|csv)$", views_staff.inventory_export, name="inventory_export"),
    path("staff/inventory/<uuid:item_id>/", views_staff.inventory_edit, name="inventory_edit"),
    path("staff/inventory/<uuid:item_id>/publish/", views_staff.inventory_publish, name="inventory_publish"),
    path("staff/procedures/", views_staff.procedure_list, name="procedure_list"),
    path("staff/procedures/new/", views_staff.procedure_edit, name="procedure_new"),
    path("staff/procedures/import/", views_staff.procedure_import, name="procedure_import"),
    re_path(r"^staff/procedures/export\.(?P<fmt>xlsx|csv)$", views_staff.procedure_export, name="procedure_export"),
    path("staff/procedures/<uuid:procedure_id>/", views_staff.procedure_edit, name="procedure_edit"),
    path("staff/procedures/<uuid:procedure_id>/online/", views_staff.procedure_online, name="procedure_online"),
    path("staff/plans/", views_staff.plan_list, name="plan_list"),
    path("staff/plans/new/", views_staff.plan_new, name="plan_new"),
    path("staff/plans/<slug:slug>/", views_staff.plan_detail, name="plan_detail"),
    path("staff/plans/<slug:slug>/measure/<int:measure_id>/status/", views_staff.measure_status, name="measure_status"),
    path("staff/plans/<slug:slug>/initiative/<int:initiative_id>/status/", views_staff.initiative_status, name="initiative_status"),
    path("staff/plans/<slug:slug>/kpi/actual/", views_staff.kpi_actual, name="kpi_actual"),
    path("staff/plans/<slug:slug>/kpi/measure/", views_staff.kpi_measure, name="kpi_measure"),
    path("staff/plans/<slug:slug>/review/new/", views_staff.review_new, name="review_new"),
    path("staff/plans/<slug:slug>/<str:kind>/new/", views_staff.structure_edit, name="structure_new"),
    path("staff/plans/<slug:slug>/<str:kind>/<int:pk>/edit/", views_staff.structure_edit, name="structure_edit"),
]

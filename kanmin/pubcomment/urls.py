"""URLs of the public comment domain (mounted at /pubcomment/ in Japanese and /en/pubcomment/ in English)."""

from django.urls import path

from . import views

app_name = "pubcomment"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:pk>/", views.case_detail, name="case"),
    path("<uuid:pk>/thanks/", views.thanks, name="thanks"),
    path("<uuid:pk>/result/", views.result, name="result"),
    path("documents/<uuid:pk>/", views.document, name="document"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_case_form, name="staff_case_new"),
    path("staff/<uuid:pk>/", views.staff_case, name="staff_case"),
    path("staff/<uuid:pk>/edit/", views.staff_case_form, name="staff_case_edit"),
    path("staff/<uuid:pk>/publish/", views.staff_case_publish, name="staff_case_publish"),
    path("staff/<uuid:pk>/entry/", views.staff_entry, name="staff_entry"),
    path("staff/<uuid:pk>/groups/", views.staff_groups, name="staff_groups"),
    path("staff/<uuid:pk>/result/", views.staff_result, name="staff_result"),
    path("staff/<uuid:pk>/export.csv", views.staff_export, name="staff_export"),
    path("staff/documents/<uuid:pk>/delete/", views.staff_document_delete, name="staff_document_delete"),
    path("staff/submissions/<uuid:pk>/", views.staff_submission, name="staff_submission"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views_public, views_staff

app_name = "web"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("dataset/", views_public.dataset_search, name="dataset_search"),
    path("dataset/<str:name>/", views_public.dataset, name="dataset"),
    path("dataset/<str:name>/resource/<uuid:resource_id>/", views_public.resource, name="resource"),
    path("dataset/<str:name>/resource/<uuid:resource_id>/download/<str:filename>", views_public.resource_download, name="resource_download"),
    path("datastore/dump/<uuid:resource_id>", views_public.datastore_dump, name="datastore_dump"),
    path("organization/", views_public.organization_list, name="organization_list"),
    path("group/", views_public.group_list, name="group_list"),
    path("jobs/<uuid:job_id>.json", views_public.job_status, name="job_status"),
    path("api-guide/", views_public.api_guide, name="api_guide"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
    path("staff/", views_staff.staff_home, name="staff_home"),
    path("staff/dataset/new/", views_staff.dataset_edit, name="staff_dataset_new"),
    path("staff/dataset/<str:name>/edit/", views_staff.dataset_edit, name="staff_dataset_edit"),
    path("staff/dataset/<str:name>/resource/new/", views_staff.resource_new, name="staff_resource_new"),
    path("staff/resource/<uuid:resource_id>/replace/", views_staff.resource_replace, name="staff_resource_replace"),
    path("staff/resource/<uuid:resource_id>/delete/", views_staff.resource_delete, name="staff_resource_delete"),
    path("staff/tokens/", views_staff.tokens, name="staff_tokens"),
    path("staff/dataset/<str:name>/delete/", views_staff.dataset_delete, name="staff_dataset_delete"),
    path("staff/organization/<str:name>/members/", views_staff.members, name="staff_members"),
]

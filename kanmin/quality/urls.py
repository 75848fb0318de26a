"""URLs of the quality domain (mounted at /quality/ in Japanese and /en/quality/ in English)."""

from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("convert/<uuid:resource_id>/", views.convert, name="convert"),
    path("convert/<uuid:resource_id>/download.<str:what>", views.download, name="download"),
    path("convert/<uuid:resource_id>/publish/", views.publish, name="publish"),
    path("recheck/<uuid:resource_id>/", views.recheck, name="recheck"),
]

"""URLs of the privacy domain (mounted at /privacy/ in Japanese and /en/privacy/ in English). Staff only."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/submit/", views.submit, name="submit"),
    path("<uuid:pk>/review/", views.review, name="review"),
    path("<uuid:pk>/publish/", views.publish, name="publish"),
    path("<uuid:pk>/delete-raw/", views.delete_raw, name="delete_raw"),
    path("<uuid:pk>/download/<str:which>/", views.download, name="download"),
]

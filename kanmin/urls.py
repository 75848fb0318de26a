"""URL map: the Action API (no language prefix), admin, and the web UI (Japanese at /, English at /en/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "kanmin 管理 / Administration"

urlpatterns = [
    path("", include("kanmin.interop.urls")),
    path("", include("kanmin.api.urls")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("quality/", include("kanmin.quality.urls")),
    path("engage/", include("kanmin.engage.urls")),
    path("plan/", include("kanmin.plan.urls")),
    path("procedures/", include("kanmin.procedures.urls")),
    path("privacy/", include("kanmin.privacy.urls")),
    path("pubcomment/", include("kanmin.pubcomment.urls")),
    path("", include("kanmin.web.urls")),
    prefix_default_language=False,
)

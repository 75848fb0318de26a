"""URLs of the interop domain, mounted at the site root by ``kanmin/urls.py``.

Machine-readable endpoints have no language prefix (``/catalog.ttl``, ``/data.json``, …). The
pages for people are wrapped in a language prefix pattern, so ``/interop/...`` is Japanese and
``/en/interop/...`` English, exactly like the pages of ``i18n_patterns`` in the root URLconf.
"""

from django.urls import LocalePrefixPattern, URLResolver, path
from django.urls.resolvers import RoutePattern

from . import feeds, views, views_staff

app_name = "interop"

pages = [
    path("interop/", views.overview, name="overview"),
    path("interop/harvest/", views_staff.source_list, name="harvest_sources"),
    path("interop/harvest/new/", views_staff.source_edit, name="harvest_source_new"),
    path("interop/harvest/<uuid:source_id>/", views_staff.source_detail, name="harvest_source"),
    path("interop/harvest/<uuid:source_id>/edit/", views_staff.source_edit, name="harvest_source_edit"),
    path("interop/harvest/<uuid:source_id>/run/", views_staff.source_run, name="harvest_source_run"),
    path("interop/harvest/<uuid:source_id>/delete/", views_staff.source_delete, name="harvest_source_delete"),
    path("interop/harvest/job/<uuid:job_id>/", views_staff.job_detail, name="harvest_job"),
]

urlpatterns = [
    path("catalog.<str:fmt>", views.catalog_rdf, name="catalog_rdf"),
    path("data.json", views.data_json, name="data_json"),
    path("dataset/<str:name>/dcat.<str:fmt>", views.dataset_rdf, name="dataset_rdf"),
    path("dataset/<str:name>/datapackage.json", views.dataset_datapackage, name="dataset_datapackage"),
    path("feeds/datasets.atom", feeds.DatasetAtomFeed(), name="feed_atom"),
    path("feeds/datasets.rss", feeds.DatasetFeed(), name="feed_rss"),
    # Not i18n_patterns(): Django allows that only in the root URLconf. The same resolver, nested.
    URLResolver(RoutePattern(""), [URLResolver(LocalePrefixPattern(prefix_default_language=False), pages)]),
]

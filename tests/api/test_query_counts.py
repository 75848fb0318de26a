"""Listing actions cost the same number of queries for 1 dataset as for 12 (no per-resource lookups)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, action, params):
    client.get(f"/api/3/action/{action}", params)  # first call of the month creates the usage counter rows
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(f"/api/3/action/{action}", params).json()
    assert body["success"] is True
    return len(ctx.captured_queries), body["result"]


def test_package_search_queries_do_not_grow_with_rows(client, demo_catalog):
    few, small = _queries(client, "package_search", {"rows": 1})
    many, big = _queries(client, "package_search", {"rows": 100})
    resources = sum(p["num_resources"] for p in big["results"])
    assert len(small["results"]) == 1 and len(big["results"]) == 12 and resources >= 12
    assert many == few, f"{few} queries for 1 dataset, {many} for 12 datasets with {resources} resources"
    loaded = [r for p in big["results"] for r in p["resources"] if r["datastore_active"]]
    assert loaded and all(r["datastore_row_count"] > 0 for r in loaded)
    assert all(r["quality"] and 0 <= r["quality"]["score"] <= 100 for r in loaded)


def test_current_package_list_with_resources_queries_do_not_grow(client, demo_catalog):
    few, _ = _queries(client, "current_package_list_with_resources", {"limit": 1})
    many, result = _queries(client, "current_package_list_with_resources", {"limit": 100})
    assert len(result) == 12 and many == few

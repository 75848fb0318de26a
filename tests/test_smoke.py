"""End-to-end smoke: the demo city loads and every public page and core API action answers."""

import pytest


@pytest.mark.django_db
def test_demo_pages_and_api(client, demo_catalog):
    from kanmin.catalog.models import Resource

    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    r = client.get("/dataset/?q=AED")
    assert r.status_code == 200 and "AED設置場所" in r.content.decode()
    res = Resource.objects.get(dataset__name="aed")
    assert client.get(f"/dataset/aed/resource/{res.pk}/").status_code == 200
    body = client.get("/api/3/action/datastore_search", {"resource_id": str(res.pk), "limit": 2}).json()
    assert body["success"] and body["result"]["total"] == 450

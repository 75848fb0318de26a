"""Usage statistics: real page views, downloads and API calls counted per month, nothing about visitors."""

import datetime as dt

import pytest

from kanmin.engage import services, stats
from kanmin.engage.models import MonthlyCount

pytestmark = pytest.mark.django_db


def counts():
    return {(c.kind, c.dataset_id, c.resource_id, c.action): c.count for c in MonthlyCount.objects.all()}


def test_views_downloads_and_api_calls_are_counted(client, aed_resource, dataset):
    ds, rs = str(dataset.pk), str(aed_resource.pk)
    assert client.get("/dataset/aed/").status_code == 200
    assert client.get("/en/dataset/aed/").status_code == 200
    assert client.get(f"/dataset/aed/resource/{rs}/").status_code == 200
    r = client.get(f"/dataset/aed/resource/{rs}/download/{aed_resource.original_filename}")
    assert r.status_code == 200
    b"".join(r.streaming_content)
    r = client.get(f"/datastore/dump/{rs}?format=csv")
    assert r.status_code == 200
    b"".join(r.streaming_content)
    assert client.get("/api/3/action/package_show", {"id": "aed"}).json()["success"]
    assert client.get("/api/3/action/package_show", {"id": "aed"}).status_code == 200
    # a crawler is not counted, and its user agent is not stored anywhere
    client.get("/dataset/aed/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")

    got = counts()
    assert got[("dataset_view", ds, "", "")] == 2
    assert got[("resource_view", ds, rs, "")] == 1
    assert got[("download", ds, rs, "")] == 2
    assert got[("api", "", "", "package_show")] == 2
    month = stats.this_month()
    assert set(MonthlyCount.objects.values_list("month", flat=True)) == {month} and month.day == 1
    # the model has no place for an address, agent, session or time of day
    assert {f.name for f in MonthlyCount._meta.fields} == {"id", "month", "kind", "dataset_id", "resource_id", "action", "count"}
    for row in MonthlyCount.objects.values():
        assert not any("127.0.0.1" in str(v) or "Googlebot" in str(v) for v in row.values())

    m = services.metrics()
    fy = stats.fiscal_year(month)
    assert m["downloads_total"] == 2 and m["downloads_by_year"] == {fy: 2}


def test_fiscal_years_and_metric_keys(db):
    stats.count("download", dataset_id="d1", month=dt.date(2024, 3, 1))
    stats.count("download", dataset_id="d1", month=dt.date(2024, 4, 1))
    stats.count("download", dataset_id="d1", month=dt.date(2024, 4, 1))
    stats.count("download", dataset_id="d2", month=dt.date(2025, 3, 1))
    m = services.metrics()
    assert set(m) == {"downloads_total", "downloads_by_year", "apps_total", "apps_certified", "requests_total", "requests_answered"}
    assert m["downloads_by_year"] == {2023: 1, 2024: 3}
    assert m["downloads_total"] == 4
    assert MonthlyCount.objects.get(month=dt.date(2024, 4, 1), dataset_id="d1").count == 2


def test_popular_lists_public_datasets_only(client, org, dataset):
    from kanmin.catalog.models import Dataset

    hidden = Dataset.objects.create(name="secret", title="非公開の台帳", organization=org, private=True)
    for _ in range(5):
        stats.count("dataset_view", dataset_id=str(hidden.pk))
    stats.count("dataset_view", dataset_id=str(dataset.pk))
    stats.count("download", dataset_id=str(dataset.pk), resource_id="r")
    top = services.popular_datasets()
    assert [d["name"] for d in top] == ["aed"] and top[0]["views"] == 1 and top[0]["downloads"] == 1
    page = client.get("/engage/popular/").content.decode()
    assert "AED設置場所" in page and "非公開の台帳" not in page


def test_staff_statistics_page_and_csv(client, editor, dataset):
    stats.count("download", dataset_id=str(dataset.pk), resource_id="r1")
    stats.count("api", action="datastore_search")
    assert client.get("/engage/staff/stats/").status_code == 302
    client.force_login(editor)
    page = client.get("/engage/staff/stats/").content.decode()
    assert "AED設置場所" in page and "datastore_search" in page
    r = client.get("/engage/staff/stats/?format=csv")
    text = r.content.decode("utf-8-sig")
    assert r["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0] == "month,kind,dataset_id,dataset_name,resource_id,action,count"
    assert f",download,{dataset.pk},aed,r1,,1" in text

"""Harvesting from broken URLs and misbehaving servers: a clear bilingual error on the job, nothing
imported, our catalog untouched; per-dataset failures roll back that dataset only."""

import time

import pytest

pytestmark = pytest.mark.django_db


def _source(url, org, name="junk"):
    from kanmin.interop.models import HarvestSource

    return HarvestSource.objects.create(name=name, title="テスト元", url=url, organization_name=org.name)


def _catalog_state():
    from kanmin.catalog.models import Dataset, Resource

    return (
        sorted(Dataset.objects.values_list("name", "title", "state")),
        Resource.objects.count(),
    )


@pytest.mark.parametrize("mode, ja, en", [
    ("html", "HTML ページが返されました", "an HTML page came back"),
    ("html-as-json", "HTML ページが返されました", "an HTML page came back"),
    ("garbage", "JSON として読めません", "cannot be read as JSON"),
    ("not-ckan", "success 項目がありません", "no 'success' member"),
    ("api-error", "API エラーを返しました：Access denied", "returned an API error: Access denied"),
    ("bad-shape", "結果の形が違います", "unexpected shape"),
    ("server-error", "HTTP 500 を返しました", "answered HTTP 500"),
    ("missing", "HTTP 404 を返しました", "answered HTTP 404"),
])
def test_junk_answers_fail_cleanly(junk_server, dataset, org, mode, ja, en):
    from kanmin.interop import harvest

    before = _catalog_state()
    job = harvest.run(_source(f"{junk_server}/{mode}/", org))
    assert job.status == "failed"
    assert ja in job.message_ja and "取り込みは行っていません" in job.message_ja
    assert en in job.message_en and "Nothing was imported" in job.message_en
    assert job.created_count == 0 and job.finished is not None
    assert _catalog_state() == before


def test_too_large_answer_is_cut_off(junk_server, dataset, org, settings):
    from kanmin.interop import harvest

    settings.KANMIN_HARVEST_MAX_BYTES = 512 * 1024
    before = _catalog_state()
    job = harvest.run(_source(f"{junk_server}/huge", org))
    assert job.status == "failed"
    assert "大きすぎます（上限 0 MB）" in job.message_ja or "大きすぎます" in job.message_ja
    assert "too large" in job.message_en
    assert _catalog_state() == before


@pytest.mark.parametrize("mode", ["slow", "silent"])
def test_slow_servers_time_out(junk_server, dataset, org, settings, mode):
    from kanmin.interop import harvest

    settings.KANMIN_HARVEST_TIMEOUT = 1.5
    before = _catalog_state()
    started = time.monotonic()
    job = harvest.run(_source(f"{junk_server}/{mode}", org))
    assert time.monotonic() - started < 5
    assert job.status == "failed"
    assert "秒以内に応答を返し終えませんでした" in job.message_ja
    assert "did not finish answering within 2 seconds" in job.message_en
    assert _catalog_state() == before


@pytest.mark.parametrize("url, ja, en", [
    ("http://127.0.0.1:9/", "接続できませんでした", "Could not connect"),
    ("ftp://example.org/", "http:// か https:// で始まるサイトの URL ではありません", "not an http:// or https:// site URL"),
    ("http://", "http:// か https:// で始まる", "not an http://"),
])
def test_broken_urls(dataset, org, url, ja, en):
    from kanmin.interop import harvest

    before = _catalog_state()
    job = harvest.run(_source(url, org))
    assert job.status == "failed"
    assert ja in job.message_ja and en in job.message_en
    assert _catalog_state() == before


def test_missing_target_organization(junk_server, dataset, org):
    from kanmin.interop import harvest
    from kanmin.interop.models import HarvestSource

    source = HarvestSource.objects.create(name="lost", title="x", url=f"{junk_server}/good", organization_name="gone")
    job = harvest.run(source)
    assert job.status == "failed" and "「gone」がありません" in job.message_ja and "'gone' does not exist" in job.message_en


def test_one_bad_dataset_is_rolled_back_alone(junk_server, org, monkeypatch):
    """A failure half-way through a dataset (after the dataset row, during its resources) leaves no trace of it."""
    from kanmin.catalog import services as catalog
    from kanmin.catalog.models import Dataset
    from kanmin.interop import harvest

    real = catalog.create_resource

    def flaky(dataset, **kw):
        if kw["url"].endswith("/2.csv"):
            raise RuntimeError("disk full")
        return real(dataset, **kw)

    monkeypatch.setattr(catalog, "create_resource", flaky)
    job = harvest.run(_source(f"{junk_server}/good", org))
    assert job.status == "partial"
    assert (job.remote_count, job.created_count, job.error_count) == (3, 2, 1)
    assert job.errors_log[0]["remote"] == "junk-ds-2"
    assert "予期しないエラー" in job.errors_log[0]["ja"] and "RuntimeError" in job.errors_log[0]["en"]
    names = set(Dataset.objects.values_list("name", flat=True))
    assert names == {"junk-ds-1", "junk-ds-1-again"}
    assert not Dataset.objects.filter(title="リモート 2").exists()
    # the untitled remote dataset got its name as title; "cc-by" became our cc-by-4.0
    again = catalog.get_dataset("junk-ds-1-again")
    assert again.title == "junk-ds-1-again" and again.license_id == "cc-by-4.0"
    assert again.resources.get().url == "https://example.invalid/3.csv"


def test_incomplete_listing_never_deletes(junk_server, org):
    from kanmin.catalog.models import Dataset
    from kanmin.interop import harvest

    source = _source(f"{junk_server}/good", org)
    assert harvest.run(source).created_count == 3
    source.url = f"{junk_server}/incomplete"
    source.save()
    job = harvest.run(source)
    assert job.deleted_count == 0
    assert any("削除の反映は次回" in e["ja"] for e in job.errors_log)
    assert Dataset.objects.filter(state="active").count() == 3


def test_concurrent_run_is_refused(junk_server, org):
    from django.utils import timezone

    from kanmin.interop import harvest
    from kanmin.interop.models import HarvestJob

    source = _source(f"{junk_server}/good", org)
    HarvestJob.objects.create(source=source, status="running", started=timezone.now())
    job = harvest.run(source)
    assert job.status == "failed" and "別のジョブが実行中" in job.message_ja and "Another harvest" in job.message_en


def test_stale_running_job_is_closed_and_does_not_block(junk_server, org):
    from datetime import timedelta

    from django.utils import timezone

    from kanmin.interop import harvest
    from kanmin.interop.models import HarvestJob

    source = _source(f"{junk_server}/good", org)
    stale = HarvestJob.objects.create(source=source, status="running", started=timezone.now() - timedelta(hours=7))
    job = harvest.run(source)
    assert job.status == "done" and job.created_count == 3
    stale.refresh_from_db()
    assert stale.status == "failed" and "中断されました" in stale.message_ja and "Interrupted" in stale.message_en

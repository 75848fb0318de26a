"""Every engage page answers in Japanese and English, for the public and for staff; housekeeping."""

import datetime as dt

import pytest
from django.utils import timezone

from kanmin.engage import maintenance
from kanmin.engage.models import App, DataRequest, RateEvent

pytestmark = pytest.mark.django_db

PUBLIC = ["requests/", "requests/new/", "apps/", "apps/new/", "popular/", "dashboards/", "alerts/", "alerts/feed.json"]
STAFF = ["staff/requests/", "staff/apps/", "staff/stats/", "staff/alerts/", "staff/areas/", "staff/dashboards/", "staff/dashboards/new/"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pages_answer(client, editor, dataset, prefix):
    for path in PUBLIC:
        assert client.get(f"{prefix}/engage/{path}").status_code == 200, path
    for path in STAFF:
        assert client.get(f"{prefix}/engage/{path}").status_code == 302, path
    client.force_login(editor)
    for path in STAFF:
        assert client.get(f"{prefix}/engage/{path}").status_code == 200, path


def test_nav_links_are_shown(client, editor):
    page = client.get("/").content.decode()
    for label, url in [("データリクエスト", "/engage/requests/"), ("アプリ", "/engage/apps/"), ("人気のデータ", "/engage/popular/"), ("ダッシュボード", "/engage/dashboards/")]:
        assert f'href="{url}">{label}<' in page
    assert 'href="/en/engage/requests/">Data requests<' in client.get("/en/").content.decode()
    client.force_login(editor)
    staff = client.get("/staff/").content.decode()
    assert "/engage/staff/requests/" in staff and "/engage/staff/stats/" in staff


def test_purge_forgets_old_unconfirmed_submissions(db):
    old = timezone.now() - dt.timedelta(days=10)
    keep = DataRequest.objects.create(title="確認済", body="b", email="a@example.jp", confirmed_at=old)
    DataRequest.objects.create(title="未確認", body="b", email="b@example.jp")
    App.objects.create(name="未確認アプリ", description="d", developer="x", url="https://x.example.jp/", email="c@example.jp")
    RateEvent.objects.create(bucket="request", key="k" * 64)
    DataRequest.objects.update(created=old)
    App.objects.update(created=old)
    RateEvent.objects.update(created=old)
    counts = maintenance.purge(7)
    assert counts["requests"] == 1 and counts["rate_events"] == 1 and counts["apps"] >= 1
    assert list(DataRequest.objects.all()) == [keep] and App.objects.count() == 0

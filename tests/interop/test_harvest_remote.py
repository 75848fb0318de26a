"""Harvest from a second, real kanmin server started for these tests (demo data, own SQLite)."""

import pytest

pytestmark = [pytest.mark.live, pytest.mark.django_db]


@pytest.fixture
def pref_org(db):
    from kanmin.catalog.models import Organization

    return Organization.objects.create(name="kagawa-pref", title="香川県（取り込み）", title_en="Kagawa (harvested)")


def _source(url, org, **kw):
    from kanmin.interop.models import HarvestSource

    return HarvestSource.objects.create(name=kw.pop("name", "takamatsu"), title="高松市オープンデータ", url=url,
                                        organization_name=org.name, **kw)


def _titles(org):
    from kanmin.catalog.models import Dataset

    return dict(Dataset.objects.filter(organization=org).values_list("name", "title"))


def test_harvest_creates_updates_and_deletes(remote_kanmin, pref_org, dataset):
    from kanmin.catalog import services as catalog
    from kanmin.catalog.models import Dataset
    from kanmin.interop import harvest

    source = _source(remote_kanmin.url + "/", pref_org)
    job = harvest.run(source)
    assert job.status == "done", job.message_en
    assert (job.remote_count, job.created_count, job.error_count) == (12, 12, 0)
    assert job.message_ja.startswith("取得 12 件") and "12 created" in job.message_en

    titles = _titles(pref_org)
    assert len(titles) == 12
    # our own "aed" (企画課) keeps its name; the harvested one is prefixed with the source name
    assert titles["takamatsu-aed"] == "AED設置場所"
    assert titles["libraries"] == "図書館一覧" or "図書館" in titles["libraries"]
    assert catalog.get_dataset("aed").organization.name == "kikaku"

    copy = catalog.get_dataset("takamatsu-aed")
    assert copy.extras["harvest_source_id"] == str(source.pk)
    assert copy.extras["harvest_remote_name"] == "aed"
    assert copy.extras["harvest_remote_url"] == f"{remote_kanmin.url}/dataset/aed/"
    assert copy.license_id == "cc-by-4.0" and copy.spatial == "香川県高松市"
    assert set(copy.tags.values_list("name", flat=True)) == {"AED", "救急"}
    resource = copy.resources.get()
    assert resource.url.startswith(remote_kanmin.url + "/dataset/aed/resource/") and not resource.file
    assert resource.format == "XLSX"
    assert catalog.search(None, q="AED設置場所").count == 2  # indexed for search

    # a second run with nothing changed touches nothing
    again = harvest.run(source)
    assert (again.created_count, again.updated_count, again.unchanged_count, again.deleted_count) == (0, 0, 12, 0)

    # change one dataset and delete another on the remote, through its API
    remote_kanmin.action("package_patch", {"id": "events", "title": "イベント情報（更新）", "tags": [{"name": "催し"}]})
    remote_kanmin.action("package_delete", {"id": "public-toilets"})
    third = harvest.run(source)
    assert third.status == "done", third.message_en
    assert (third.remote_count, third.updated_count, third.deleted_count, third.unchanged_count) == (11, 1, 1, 10)
    events = catalog.get_dataset("events")
    assert events.title == "イベント情報（更新）"
    assert list(events.tags.values_list("name", flat=True)) == ["催し"]
    assert events.resources.count() == 1
    assert catalog.get_dataset("public-toilets").state == Dataset.State.DELETED
    assert catalog.search(None, q="公衆トイレ").count == 0


def test_harvest_with_fq_and_cli(remote_kanmin, pref_org):
    import typer
    from typer.testing import CliRunner

    from kanmin.interop import cli
    from kanmin.interop.models import HarvestSource

    _source(remote_kanmin.url, pref_org, name="kikikanri", fq="organization:kikikanri", interval_hours=6)
    HarvestSource.objects.create(name="paused", title="停止中", url="http://127.0.0.1:9/", organization_name=pref_org.name, active=False)

    app = typer.Typer()
    cli.register(app, lambda: None)

    @app.command()
    def other():  # a second command keeps "harvest" a sub-command
        pass

    runner = CliRunner()
    result = runner.invoke(app, ["harvest", "--due"])
    assert result.exit_code == 0, result.output
    assert "kikikanri: done" in result.output and "paused" not in result.output
    assert set(_titles(pref_org)) == {"evacuation-space"}

    # not due again until the interval has passed
    result = runner.invoke(app, ["harvest", "--due"])
    assert "nothing to harvest" in result.output
    result = runner.invoke(app, ["harvest", "--source", "nope"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["harvest", "--list"])
    assert "kikikanri\tactive\tevery 6h" in result.output

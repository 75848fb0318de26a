"""Data Package export read back with the frictionless library (over real HTTP), and the feeds."""

import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_frictionless_loads_and_validates_our_datapackage(live_server, demo_catalog, settings, tmp_path):
    import frictionless
    import requests

    settings.KANMIN_SITE_URL = live_server.url
    response = requests.get(f"{live_server.url}/dataset/aed/datapackage.json", timeout=30)
    assert response.status_code == 200
    path = tmp_path / "datapackage.json"
    path.write_bytes(response.content)

    package = frictionless.Package(str(path))
    assert package.name == "aed" and package.title == "AED設置場所"
    assert package.licenses[0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    resource = package.resources[0]
    assert resource.path.startswith(live_server.url + "/datastore/dump/")
    fields = {f.name: f.type for f in resource.schema.fields}
    assert fields["latitude"] == "number" and fields["longitude"] == "number" and fields["name"] == "string"

    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
    rows = resource.read_rows()
    assert len(rows) == 450
    assert 34 < float(rows[0]["latitude"]) < 35 and rows[0]["name"]


@pytest.mark.django_db
def test_datapackage_types_follow_the_datastore(client, dataset, tmp_path):
    import json

    import frictionless

    from kanmin.datastore import services as datastore
    from kanmin.catalog import services as catalog

    res = catalog.create_empty_resource(dataset, name="測定値 2024")
    datastore.create(res.pk, fields=[
        {"id": "day", "type": "date"}, {"id": "at", "type": "timestamp"}, {"id": "count", "type": "int"},
        {"id": "value", "type": "numeric"}, {"id": "place", "type": "text"},
    ], records=[{"day": "2024-04-01", "at": "2024-04-01 09:30:00", "count": 3, "value": 1.5, "place": "高松"}], primary_key="day")
    link, _job = catalog.create_resource(dataset, name="地図", url="https://example.org/map.pdf", format="pdf")
    body = client.get("/dataset/aed/datapackage.json").json()
    assert body["profile"] == "data-package"  # one resource is a PDF link
    table, pdf = body["resources"]
    assert table["name"] == "2024"
    assert [(f["name"], f["type"]) for f in table["schema"]["fields"]] == [
        ("day", "date"), ("at", "datetime"), ("count", "integer"), ("value", "number"), ("place", "string")]
    assert table["schema"]["primaryKey"] == ["day"]
    assert table["path"].endswith(f"/datastore/dump/{res.pk}?format=csv")
    assert pdf["path"] == "https://example.org/map.pdf" and pdf["mediatype"] == "application/pdf"
    assert "schema" not in pdf
    assert len({r["name"] for r in body["resources"]}) == 2

    # the dump the descriptor points at validates against the descriptor's schema
    dump = b"".join(client.get(f"/datastore/dump/{res.pk}?format=csv").streaming_content)
    (tmp_path / "table.csv").write_bytes(dump)
    local = {**body, "resources": [{**table, "path": "table.csv"}], "profile": "tabular-data-package"}
    (tmp_path / "datapackage.json").write_text(json.dumps(local), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note", "fieldName"])
    row = frictionless.Package(str(tmp_path / "datapackage.json")).resources[0].read_rows()[0]
    assert row["count"] == 3 and row["at"].hour == 9 and str(row["day"]) == "2024-04-01"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


@pytest.mark.django_db
def test_atom_and_rss_feeds_list_public_datasets(client, demo_catalog):
    response, atom = _feed(client, "/feeds/datasets.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 12
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert "AED設置場所" in titles
    aed = next(e for e in entries if e.findtext(f"{ATOM}title") == "AED設置場所")
    assert aed.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000/dataset/aed/"
    assert aed.findtext(f"{ATOM}updated")

    response, rss = _feed(client, "/feeds/datasets.rss")
    items = rss.findall("./channel/item")
    assert len(items) == 12
    assert {i.findtext("title") for i in items} == titles
    assert all(i.findtext("link").startswith("http://127.0.0.1:8000/dataset/") for i in items)

    # narrowed to one organization or category
    _r, atom = _feed(client, "/feeds/datasets.atom?organization=kenkofukushi")
    titles = sorted(e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry"))
    assert len(titles) == 2 and "AED設置場所" in titles
    assert "健康福祉局" in atom.findtext(f"{ATOM}title")
    _r, rss = _feed(client, "/feeds/datasets.rss?group=bousai")
    assert {i.findtext("title") for i in rss.findall("./channel/item")} >= {"AED設置場所"}
    assert len(rss.findall("./channel/item")) == 2
    assert client.get("/feeds/datasets.atom?organization=nope").status_code == 404


@pytest.mark.django_db
def test_feed_shows_changes_first_with_a_new_id(client, demo_catalog):
    from kanmin.catalog import services as catalog

    _r, before = _feed(client, "/feeds/datasets.atom")
    old_ids = {e.findtext(f"{ATOM}id") for e in before.findall(f"{ATOM}entry")}
    libraries = catalog.get_dataset("libraries")
    libraries.title = "図書館一覧（改訂）"
    libraries.save()
    _r, after = _feed(client, "/feeds/datasets.atom")
    first = after.findall(f"{ATOM}entry")[0]
    assert first.findtext(f"{ATOM}title") == "図書館一覧（改訂）"
    assert first.findtext(f"{ATOM}id") not in old_ids


@pytest.mark.django_db
def test_feed_leaves_out_private_datasets(client, dataset, org):
    from kanmin.catalog.models import Dataset

    Dataset.objects.create(name="hidden", title="内部資料", organization=org, private=True)
    body = client.get("/feeds/datasets.rss").content.decode()
    assert "AED設置場所" in body and "内部資料" not in body

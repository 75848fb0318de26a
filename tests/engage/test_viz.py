"""Maps and charts on resource pages, saved charts, embeds and citizen dashboards."""

import re

import pytest

from kanmin.datastore import services as datastore
from kanmin.engage import viz
from kanmin.engage.models import Chart, Dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(org, corpus):
    from kanmin.catalog import services as catalog
    from kanmin.catalog.models import Dataset

    ds = Dataset.objects.create(name="population", title="地域・年齢別人口", organization=org)
    with open(corpus / "population" / "0066_201811.xlsx", "rb") as fh:
        resource, _job = catalog.create_resource(ds, name="人口", upload=fh, filename="0066_201811.xlsx")
    return resource


def test_resource_page_has_offline_map_and_chart_builder(client, aed_resource):
    page = client.get(f"/dataset/aed/resource/{aed_resource.pk}/").content.decode()
    assert "地図で見る" in page and "グラフで見る" in page
    assert f'data-points-url="/engage/points/{aed_resource.pk}.geojson"' in page
    assert 'data-tiles=""' in page  # no base layer configured: nothing fetched from the internet
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page) + re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert scripts and all(s.startswith("/") for s in scripts), scripts
    assert "/static/engage/vendor/leaflet/leaflet.js" in page and "/static/engage/vendor/chartjs/chart.umd.min.js" in page


def test_vendored_files_are_served_with_licenses(client):
    for path in ("engage/vendor/leaflet/leaflet.js", "engage/vendor/leaflet/LICENSE", "engage/vendor/markercluster/leaflet.markercluster.js",
                 "engage/vendor/markercluster/LICENSE", "engage/vendor/chartjs/chart.umd.min.js", "engage/vendor/chartjs/LICENSE.md",
                 "engage/map.js", "engage/charts.js"):
        r = client.get("/static/" + path)
        assert r.status_code == 200, path


def test_points_are_geojson_from_the_table(client, aed_resource):
    r = client.get(f"/engage/points/{aed_resource.pk}.geojson")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/geo+json")
    data = r.json()
    total = datastore.info(aed_resource.pk)["total"]
    assert len(data["features"]) + data["skipped"] == total and len(data["features"]) > 400
    first = data["features"][0]
    lon, lat = first["geometry"]["coordinates"]
    assert 33 < lat < 35 and 133 < lon < 135  # Takamatsu
    assert first["properties"]["label"]  # the "name" column
    assert not r.has_header("X-Frame-Options") or r["X-Frame-Options"] == "DENY"


def test_table_without_coordinates_has_chart_but_no_map(client, population):
    page = client.get(f"/dataset/population/resource/{population.pk}/").content.decode()
    assert "グラフで見る" in page and "地図で見る" not in page
    assert client.get(f"/engage/points/{population.pk}.geojson").status_code == 400


def test_chart_data_aggregates_on_the_server(client, population):
    rows = datastore.search(population.pk, fields=["regionName", "totalPopulation"], limit=1000)["records"]
    r = client.get(f"/engage/chart-data/{population.pk}.json", {"label": "regionName", "value": "totalPopulation", "agg": "sum", "type": "bar"})
    data = r.json()
    assert r.status_code == 200 and data["truncated"] and len(data["labels"]) == 30
    biggest = max(rows, key=lambda rec: rec["totalPopulation"])
    assert data["labels"][0] == biggest["regionName"] and data["values"][0] == biggest["totalPopulation"]
    # pie: the rest is summed into "その他", so the grand total is kept
    pie = client.get(f"/engage/chart-data/{population.pk}.json", {"label": "cityName", "value": "totalPopulation", "agg": "sum", "type": "pie"}).json()
    assert pie["labels"] == ["高松市"] and pie["values"] == [sum(rec["totalPopulation"] for rec in rows)]
    count = client.get(f"/engage/chart-data/{population.pk}.json", {"label": "cityName", "agg": "count"}).json()
    assert count["values"] == [len(rows)]


@pytest.mark.parametrize("params,message", [
    ({"label": "nope"}, "列「nope」がありません"),
    ({"label": "regionName", "agg": "sum", "value": "regionName"}, "数値ではありません"),
    ({"label": "regionName", "agg": "median"}, "集計方法"),
])
def test_chart_data_errors_are_bilingual(client, population, params, message):
    r = client.get(f"/engage/chart-data/{population.pk}.json", params)
    assert r.status_code == 400 and message in r.json()["error"]["ja"] and r.json()["error"]["en"]


def test_private_dataset_data_is_not_exposed(client, aed_resource, dataset):
    dataset.private = True
    dataset.save()
    assert client.get(f"/engage/points/{aed_resource.pk}.geojson").status_code == 404
    assert client.get(f"/engage/chart-data/{aed_resource.pk}.json", {"label": "name"}).status_code == 404
    assert client.get(f"/engage/embed/map/{aed_resource.pk}/").status_code == 404


def test_staff_compose_dashboard_and_embeds(client, editor, aed_resource, population):
    assert client.post("/engage/staff/charts/new/", {}).status_code == 302  # login redirect
    client.force_login(editor)
    r = client.post("/engage/staff/charts/new/", {
        "title": "地域別人口", "resource_id": str(population.pk), "chart_type": "bar",
        "label_column": "regionName", "value_column": "totalPopulation", "aggregation": "sum",
    })
    assert r.status_code == 302
    pop_chart = Chart.objects.get(title="地域別人口")
    client.post("/engage/staff/charts/new/", {
        "title": "子ども用パッドの有無", "resource_id": str(aed_resource.pk), "chart_type": "pie",
        "label_column": "equipmentForChildren", "value_column": "", "aggregation": "count",
    })
    aed_chart = Chart.objects.get(title="子ども用パッドの有無")
    # bad column is refused with a message
    client.post("/engage/staff/charts/new/", {"title": "x", "resource_id": str(population.pk), "chart_type": "bar",
                                              "label_column": "zzz", "value_column": "", "aggregation": "count"})
    assert Chart.objects.count() == 2

    r = client.post("/engage/staff/dashboards/new/", {
        "slug": "kurashi", "title": "くらしのデータ", "description": "人口と AED", "published": "on",
        "charts": [str(pop_chart.pk), str(aed_chart.pk)],
    })
    assert r.status_code == 302 and r["Location"].endswith("/engage/dashboards/kurashi/")
    client.logout()
    page = client.get("/engage/dashboards/kurashi/").content.decode()
    assert page.count("data-engage-chart=") == 2 and "地域別人口" in page and "子ども用パッドの有無" in page
    assert 'id="chart-' in page and '"labels"' in page  # data embedded as JSON for the chart script
    assert "くらしのデータ" in client.get("/engage/dashboards/").content.decode()

    # embeds may be framed; normal pages may not
    embed = client.get(f"/engage/embed/chart/{pop_chart.pk}/")
    assert embed.status_code == 200 and not embed.has_header("X-Frame-Options")
    assert client.get("/engage/dashboards/kurashi/")["X-Frame-Options"] == "DENY"
    emap = client.get(f"/engage/embed/map/{aed_resource.pk}/")
    assert emap.status_code == 200 and not emap.has_header("X-Frame-Options") and "data-engage-map" in emap.content.decode()
    assert client.get(f"/engage/embed/map/{population.pk}/").status_code == 404

    Dashboard.objects.filter(slug="kurashi").update(published=False)
    assert client.get("/engage/dashboards/kurashi/").status_code == 404


def test_tile_setting_is_used(client, aed_resource, settings):
    settings.KANMIN_MAP_TILES = "https://tiles.example.jp/{z}/{x}/{y}.png"
    settings.KANMIN_MAP_ATTRIBUTION = "© 地理院タイル <script>"
    page = client.get(f"/dataset/aed/resource/{aed_resource.pk}/").content.decode()
    assert 'data-tiles="https://tiles.example.jp/{z}/{x}/{y}.png"' in page
    assert "&lt;script&gt;" in page and "地理院タイル <script>" not in page
    assert viz.map_settings()["tiles"].startswith("https://")

"""DCAT RDF of the demo catalog: parses in all three syntaxes, passes our DCAT-AP shapes, and the
shapes reject broken metadata."""

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

pytestmark = pytest.mark.django_db

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
SITE = "http://127.0.0.1:8000"


def _graph(client, url, fmt) -> Graph:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return Graph().parse(data=response.content, format=FORMATS[fmt])


def test_catalog_in_every_syntax_holds_the_same_graph(client, demo_catalog):
    from rdflib.compare import isomorphic

    graphs = {fmt: _graph(client, f"/catalog.{fmt}", fmt) for fmt in FORMATS}
    assert len(graphs["ttl"]) > 500
    assert isomorphic(graphs["ttl"], graphs["jsonld"]) and isomorphic(graphs["ttl"], graphs["rdf"])
    for fmt, g in graphs.items():
        catalog = URIRef(f"{SITE}/catalog#it")
        assert (catalog, RDF.type, DCAT.Catalog) in g, fmt
        datasets = set(g.objects(catalog, DCAT.dataset))
        assert len(datasets) == 12, fmt
        aed = URIRef(f"{SITE}/dataset/aed/#dataset")
        assert aed in datasets
        assert Literal("AED設置場所", lang="ja") in set(g.objects(aed, DCTERMS.title))
        publisher = g.value(aed, DCTERMS.publisher)
        assert Literal("健康福祉局", lang="ja") in set(g.objects(publisher, FOAF.name))
        assert Literal("Health and Welfare Bureau", lang="en") in set(g.objects(publisher, FOAF.name))
        assert {str(k) for k in g.objects(aed, DCAT.keyword)} == {"AED", "救急"}
        assert g.value(aed, DCTERMS.modified).datatype == XSD.dateTime
        labels = {str(lbl) for t in g.objects(aed, DCAT.theme) for lbl in g.objects(t, SKOS.prefLabel)}
        assert labels == {"防災", "医療・福祉", "Disaster prevention", "Health and welfare"}, fmt


def test_distributions_link_files_and_datastore_csv(client, demo_catalog):
    g = _graph(client, "/dataset/aed/dcat.ttl", "ttl")
    aed = URIRef(f"{SITE}/dataset/aed/#dataset")
    dists = list(g.objects(aed, DCAT.distribution))
    assert len(dists) == 2  # the Excel file and its datastore CSV
    downloads = {str(g.value(d, DCAT.downloadURL)) for d in dists}
    assert any(u.endswith("/download/data.xlsx") or "/download/" in u for u in downloads)
    assert any("/datastore/dump/" in u and u.endswith("format=csv") for u in downloads)
    media = {str(g.value(d, DCAT.mediaType)) for d in dists}
    assert "https://www.iana.org/assignments/media-types/text/csv" in media
    for d in dists:
        assert str(g.value(d, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
        assert g.value(d, DCAT.accessURL) is not None
    assert str(g.value(aed, DCTERMS.accrualPeriodicity)).endswith("/frequency/IRREG")
    spatial = g.value(aed, DCTERMS.spatial)
    assert (spatial, RDF.type, DCTERMS.Location) in g


def test_catalog_conforms_to_our_dcat_ap_shapes_which_can_fail(shacl, client, demo_catalog):
    g = _graph(client, "/catalog.ttl", "ttl")
    conforms, violations, text = shacl(g)
    assert conforms, text
    assert violations == []

    # the same shapes reject broken metadata
    node = URIRef(f"{SITE}/dataset/aed/#dataset")
    g.remove((node, DCTERMS.title, None))
    g.add((node, DCTERMS.title, Literal("English only", lang="en")))
    g.remove((node, DCTERMS.publisher, None))
    dist = next(g.objects(node, DCAT.distribution))
    g.remove((dist, DCAT.accessURL, None))
    g.add((node, DCTERMS.modified, Literal("yesterday")))
    conforms, violations, text = shacl(g)
    assert not conforms
    assert "日本語の名称" in text and "公開者" in text and "accessURL" in text
    assert len(violations) >= 4


def test_dataset_with_contact_and_period_conforms(shacl, client, dataset):
    from kanmin.catalog.models import Dataset

    Dataset.objects.filter(pk=dataset.pk).update(
        contact_email="opendata@city.example.jp", contact_name="企画課 統計係",
        temporal_start="2020-04-01", temporal_end="2021-03-31", update_frequency="monthly",
    )
    g = _graph(client, "/dataset/aed/dcat.ttl", "ttl")
    node = URIRef(f"{SITE}/dataset/aed/#dataset")
    period = g.value(node, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2020-04-01", datatype=XSD.date)
    contact = g.value(node, DCAT.contactPoint)
    assert str(g.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) == "mailto:opendata@city.example.jp"
    conforms, violations, text = shacl(g)
    assert conforms, text


def test_private_and_draft_datasets_stay_out(client, dataset, org):
    from kanmin.catalog.models import Dataset

    Dataset.objects.create(name="secret", title="非公開データ", organization=org, private=True)
    Dataset.objects.create(name="draft-one", title="下書きデータ", organization=org, state="draft")
    body = client.get("/catalog.ttl").content.decode()
    assert "AED設置場所" in body
    assert "非公開データ" not in body and "下書きデータ" not in body
    assert client.get("/dataset/secret/dcat.ttl").status_code == 404
    assert client.get("/dataset/draft-one/datapackage.json").status_code == 404
    assert client.get("/dataset/no-such/dcat.rdf").status_code == 404
    assert client.get("/dataset/aed/dcat.n3").status_code == 404
    assert client.get("/catalog.xml").status_code == 404


def test_data_json_and_pages(client, demo_catalog):
    body = client.get("/data.json").json()
    assert body["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert len(body["dataset"]) == 12
    aed = next(d for d in body["dataset"] if d["title"] == "AED設置場所")
    assert aed["identifier"].endswith("/dataset/aed/")
    assert aed["publisher"]["name"] == "健康福祉局"
    assert aed["accessLevel"] == "public" and aed["keyword"] and aed["modified"]
    assert aed["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert any(d.get("mediaType") == "text/csv" and "/datastore/dump/" in d["downloadURL"] for d in aed["distribution"])
    population = next(d for d in body["dataset"] if d["landingPage"].endswith("/population-by-area-age/"))
    assert population["accrualPeriodicity"] == "R/P1M"

    # the page for people and the panel on each dataset page link it all
    page = client.get("/interop/").content.decode()
    assert "catalog.ttl" in page and "data.json" in page and "/feeds/datasets.atom" in page
    english = client.get("/en/interop/")
    assert english.status_code == 200 and 'lang="en"' in english.content.decode()
    dataset_page = client.get("/dataset/aed/").content.decode()
    assert "/dataset/aed/dcat.ttl" in dataset_page and "/dataset/aed/datapackage.json" in dataset_page

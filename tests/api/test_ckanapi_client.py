"""The real ckanapi client (RemoteCKAN) against a live kanmin server: reads, writes, errors."""

import io

import ckanapi
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def remote(live_server, demo_catalog):
    return ckanapi.RemoteCKAN(live_server.url, user_agent="kanmin-tests")


@pytest.fixture
def writer(live_server, demo_catalog, staff_user):
    from kanmin.api.models import ApiToken
    from kanmin.catalog.models import Organization

    user = staff_user("kikaku-editor", Organization.objects.get(name="kikikanri"))
    return ckanapi.RemoteCKAN(live_server.url, apikey=ApiToken.issue(user)[1])


def test_status_and_lists(remote):
    assert remote.action.status_show()["ckan_version"].startswith("2.")
    names = remote.action.package_list()
    assert len(names) == 12 and "aed" in names and names == sorted(names)
    orgs = remote.action.organization_list(all_fields=True)
    kiki = next(o for o in orgs if o["name"] == "kikikanri")
    assert kiki["title"] == "危機管理課" and kiki["package_count"] == 1
    assert "bousai" in remote.action.group_list()
    assert "AED" in remote.action.tag_list()
    org = remote.action.organization_show(id="kenkofukushi", include_datasets=True)
    assert org["package_count"] == 2 and {p["name"] for p in org["packages"]} == {"aed", "medical-institutions"}
    group = remote.action.group_show(id="bousai")
    assert group["title"] == "防災" and group["package_count"] == 2
    with pytest.raises(ckanapi.NotFound):
        remote.action.organization_show(id="no-such-org")


def test_package_search_q_fq_facets_sort_paging(remote):
    result = remote.call_action("package_search", {"q": "避難", "facet.field": ["organization", "res_format"], "rows": 5})
    assert result["count"] == 1 and result["results"][0]["name"] == "evacuation-space"
    assert result["search_facets"]["organization"]["items"][0]["name"] == "kikikanri"
    bousai = remote.action.package_search(fq="groups:bousai", sort="name asc", rows=10)
    assert [d["name"] for d in bousai["results"]] == ["aed", "evacuation-space"]
    no_bousai = remote.action.package_search(fq="-groups:bousai", rows=100)
    assert no_bousai["count"] == 10
    page = remote.action.package_search(sort="name asc", rows=3, start=3)
    assert [d["name"] for d in page["results"]] == sorted(remote.action.package_list())[3:6]
    assert remote.action.package_search(q="*:*")["count"] == 12
    fielded = remote.action.package_search(q="tags:AED", rows=5)
    assert [d["name"] for d in fielded["results"]] == ["aed"], "Solr field syntax in q works as a filter"
    assert remote.action.package_search(q="text:図書館")["results"][0]["name"] == "libraries"
    assert remote.action.package_search(q="groups:bousai 避難")["count"] == 1
    assert remote.action.package_search(fq='res_format:"CSV"')["results"][0]["name"] == "public-toilets"


def test_search_query_errors(remote):
    with pytest.raises(ckanapi.SearchQueryError):
        remote.action.package_search(fq="nosuchfield:x")
    with pytest.raises(ckanapi.SearchQueryError):
        remote.action.package_search(sort="popularity desc")


def test_package_and_resource_show(remote):
    pkg = remote.action.package_show(id="aed")
    assert pkg["title"] == "AED設置場所" and pkg["license_id"] == "cc-by-4.0"
    assert pkg["organization"]["name"] == "kenkofukushi"
    assert {t["name"] for t in pkg["tags"]} == {"AED", "救急"}
    res = pkg["resources"][0]
    assert res["datastore_active"] is True and res["format"] == "XLSX"
    assert remote.action.resource_show(id=res["id"])["hash"].startswith("sha256:")
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        remote.action.resource_show(id="not-a-uuid")


def test_datastore_search_and_sql(remote):
    rid = remote.action.package_show(id="libraries")["resources"][0]["id"]
    result = remote.action.datastore_search(resource_id=rid, q="牟礼", fields=["name", "address"])
    assert result["total"] == 1
    assert result["records"] == [{"name": "高松市牟礼図書館", "address": "高松市牟礼町牟礼130-2"}]
    paged = remote.action.datastore_search(resource_id=rid, sort="name desc", limit=2, offset=1)
    assert paged["total"] == 5 and len(paged["records"]) == 2 and "next" in paged["_links"]
    filtered = remote.action.datastore_search(resource_id=rid, filters={"name": "高松市中央図書館"})
    assert filtered["records"][0]["telephoneNumber"] == "087-861-4501"
    sql = remote.action.datastore_search_sql(sql=f'SELECT COUNT(*) AS n FROM "{rid}"')
    assert sql["records"] == [{"n": 5}]
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search_sql(sql=f'DELETE FROM "{rid}"')
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id=rid, filters={"nope": 1})


def test_writes_need_a_valid_token(remote, live_server):
    with pytest.raises(ckanapi.NotAuthorized):
        remote.action.package_create(name="x-dataset", title="x", owner_org="kikikanri")
    bad = ckanapi.RemoteCKAN(live_server.url, apikey="kanmin_not-a-real-token")
    with pytest.raises(ckanapi.NotAuthorized):
        bad.action.package_show(id="aed")


def test_editor_cannot_write_other_organizations(writer):
    with pytest.raises(ckanapi.NotAuthorized):
        writer.action.package_create(name="not-mine", title="x", owner_org="kankyo")
    with pytest.raises(ckanapi.NotAuthorized):
        writer.action.package_patch(id="aed", title="hijack")


def test_create_update_patch_delete_and_upload(writer, remote):
    pkg = writer.action.package_create(
        name="shelter-supplies", title="備蓄物資一覧", owner_org="kikikanri", notes="防災倉庫の備蓄物資",
        tags=[{"name": "防災"}, {"name": "備蓄"}], groups=[{"name": "bousai"}],
        extras=[{"key": "update_frequency", "value": "annual"}, {"key": "source_system", "value": "bousai-db"}],
    )
    assert pkg["license_id"] == "cc-by-4.0" and pkg["update_frequency"] == "annual"
    assert {"key": "source_system", "value": "bousai-db"} in pkg["extras"]
    with pytest.raises(ckanapi.ValidationError) as err:
        writer.action.package_create(name="shelter-supplies", title="dup", owner_org="kikikanri")
    assert "name" in err.value.error_dict

    csv_bytes = "倉庫,品目,数量\n中央,毛布,120\n中央,飲料水,800\n屋島,毛布,40\n".encode("cp932")
    res = writer.call_action("resource_create", {"package_id": pkg["id"], "name": "備蓄物資"},
                             files={"upload": ("supplies.csv", io.BytesIO(csv_bytes))})
    assert res["datastore_active"] is True and res["encoding"] == "cp932"
    found = remote.action.datastore_search(resource_id=res["id"], filters={"品目": "毛布"}, sort="数量 desc")
    assert [r["数量"] for r in found["records"]] == [120, 40]

    with pytest.raises(ckanapi.ValidationError):
        writer.call_action("resource_create", {"package_id": pkg["id"], "name": "x"},
                           files={"upload": ("bad.csv", io.BytesIO(b'a,b\n"1,2\n3,4\n'))})
    assert len(remote.action.package_show(id=pkg["id"])["resources"]) == 1, "a failed upload adds no resource"
    with pytest.raises(ckanapi.ValidationError):
        writer.call_action("resource_update", {"id": res["id"]}, files={"upload": ("bad.csv", io.BytesIO(b"a,b\n1,2,3\n"))})
    assert remote.action.datastore_search(resource_id=res["id"])["total"] == 3, "failed replace keeps old data"

    patched = writer.action.package_patch(id=pkg["id"], title="備蓄物資一覧（令和8年度）")
    assert patched["title"] == "備蓄物資一覧（令和8年度）" and patched["notes"] == "防災倉庫の備蓄物資"
    assert len(patched["resources"]) == 1
    updated = writer.action.package_update(id=pkg["id"], name="shelter-supplies", title="備蓄物資", owner_org="kikikanri")
    assert updated["notes"] == "" and updated["tags"] == []
    assert len(updated["resources"]) == 1, "package_update without 'resources' keeps them"

    writer.action.package_delete(id=pkg["id"])
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id=pkg["id"])
    assert "shelter-supplies" not in remote.action.package_list()


def test_datastore_create_and_upsert(writer, remote):
    pkg = writer.action.package_create(name="river-levels", title="河川水位", owner_org="kikikanri")
    created = writer.action.datastore_create(
        resource={"package_id": pkg["id"], "name": "水位"},
        fields=[{"id": "station", "type": "text"}, {"id": "level", "type": "numeric"}],
        records=[{"station": "香東川", "level": 1.25}],
        primary_key=["station"],
    )
    rid = created["resource_id"]
    assert remote.action.resource_show(id=rid)["url"].endswith(f"/datastore/dump/{rid}"), "datastore-only: url is the dump"
    writer.action.datastore_upsert(resource_id=rid, records=[{"station": "香東川", "level": 2.5}, {"station": "春日川", "level": 0.8}])
    rows = remote.action.datastore_search(resource_id=rid, sort="station")["records"]
    assert {(r["station"], r["level"]) for r in rows} == {("香東川", 2.5), ("春日川", 0.8)}
    with pytest.raises(ckanapi.ValidationError):
        writer.action.datastore_upsert(resource_id=rid, records=[{"station": "x", "level": "high"}])

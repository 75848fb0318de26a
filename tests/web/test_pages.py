"""Public and staff pages through Django's test client: search, facets, preview, downloads, uploads."""

import io

import pytest

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_home_lists_categories_and_recent(client, demo_catalog):
    page = text(client.get("/"))
    assert 'lang="ja"' in page and "防災" in page and "観光施設" in page
    english = text(client.get("/en/"))
    assert 'lang="en"' in english and "Search data" in english and "Disaster prevention" in english


def test_search_with_facets_and_paging(client, demo_catalog):
    page = text(client.get("/dataset/", {"groups": "bousai"}))
    assert "2 件のデータセット" in page and "AED設置場所" in page and "ごみ収集日" not in page
    page = text(client.get("/dataset/", {"q": "図書館"}))
    assert "図書館" in page and "1 件のデータセット" in page
    page = text(client.get("/dataset/", {"res_format": "CSV"}))
    assert "公衆トイレ" in page and "AED設置場所" not in page
    page = text(client.get("/dataset/", {"sort": "bogus"}))
    assert "Unsupported sort" in page or "並べ替え" in page


def test_full_width_query_matches(client, demo_catalog):
    assert "AED設置場所" in text(client.get("/dataset/", {"q": "ＡＥＤ"}))


def test_resource_preview_paging_and_search(client, demo_catalog):
    from kanmin.catalog.models import Resource

    res = Resource.objects.get(dataset__name="aed")
    page = text(client.get(f"/dataset/aed/resource/{res.pk}/"))
    assert "450 行" in page and "1 / 9 ページ" in page and "GeoJSON" in page
    page = text(client.get(f"/dataset/aed/resource/{res.pk}/", {"q": "サンポート", "page": 1}))
    assert "サンポート" in page


def test_downloads_original_and_exports(client, demo_catalog):
    from kanmin.catalog.models import Resource

    res = Resource.objects.get(dataset__name="libraries")
    original = client.get(f"/dataset/libraries/resource/{res.pk}/download/data.xlsx")
    assert original.status_code == 200 and b"".join(original.streaming_content).startswith(b"PK")
    csv = client.get(f"/datastore/dump/{res.pk}", {"format": "csv", "bom": "1"})
    body = b"".join(csv.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf#property,latitude")
    assert "attachment" in csv["Content-Disposition"]
    sjis = b"".join(client.get(f"/datastore/dump/{res.pk}", {"format": "csv", "encoding": "shift_jis"}).streaming_content)
    assert "高松市中央図書館" in sjis.decode("cp932")
    geo = client.get(f"/datastore/dump/{res.pk}", {"format": "geojson"})
    assert b'"FeatureCollection"' in b"".join(geo.streaming_content)
    bad = client.get(f"/datastore/dump/{res.pk}", {"format": "xml"})
    assert bad.status_code == 400 and bad.json()["error"]["ja"]


def test_private_dataset_is_404_for_public(client, dataset):
    dataset.private = True
    dataset.save()
    assert client.get("/dataset/aed/").status_code == 404


def test_staff_pages_need_login_and_role(client, dataset, editor, other_org):
    assert client.get("/staff/").status_code == 302
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user("outsider", password="pw-outsider-1")
    client.force_login(outsider)
    assert client.get("/staff/dataset/aed/edit/").status_code == 403
    client.force_login(editor)
    assert client.get("/staff/dataset/aed/edit/").status_code == 200


def test_staff_creates_dataset_and_uploads_with_csrf(editor, org):
    from django.test import Client

    from kanmin.catalog.models import Dataset

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    form_page = client.get("/staff/dataset/new/")
    token = form_page.cookies["csrftoken"].value
    assert client.post("/staff/dataset/new/", {"name": "x"}).status_code == 403, "no CSRF token, no write"
    r = client.post("/staff/dataset/new/", {
        "csrfmiddlewaretoken": token, "name": "budget", "title": "予算", "organization": str(org.pk),
        "license_id": "cc-by-4.0", "update_frequency": "annual", "tag_string": "財政、予算", "state": "active",
    })
    assert r.status_code == 302 and r["Location"].endswith("/staff/dataset/budget/resource/new/")
    ds = Dataset.objects.get(name="budget")
    assert sorted(ds.tags.values_list("name", flat=True)) == ["予算", "財政"]
    upload = io.BytesIO("款,金額\n総務費,1000\n民生費,2500\n".encode("utf-8"))
    upload.name = "budget.csv"
    r = client.post("/staff/dataset/budget/resource/new/", {"csrfmiddlewaretoken": token, "name": "歳出", "upload": upload})
    assert r.status_code == 302
    page = client.get(r["Location"])
    assert "2 行" in text(page) and "民生費" in text(page)


def test_bad_upload_shows_bilingual_error_and_keeps_old_data(client, editor, dataset, load_file, tmp_path):
    good = tmp_path / "ok.csv"
    good.write_text("名称,値\nA,1\n", encoding="utf-8")
    res = load_file(good)
    client.force_login(editor)
    broken = io.BytesIO(b"\x00\x01\x02binary" * 100)
    broken.name = "data.csv"
    r = client.post(f"/staff/resource/{res.pk}/replace/", {"name": res.name, "upload": broken})
    page = text(client.get(r["Location"]))
    assert "バイナリ" in page
    english = text(client.get("/en" + r["Location"]))
    assert "binary file" in english
    from kanmin.datastore import services

    assert services.search(res.pk)["records"][0]["名称"] == "A"


def test_upload_size_limit(client, editor, dataset, settings):
    settings.KANMIN_MAX_UPLOAD_MB = 1
    client.force_login(editor)
    big = io.BytesIO(b"a,b\n" + b"1,2\n" * 400_000)
    big.name = "big.csv"
    r = client.post("/staff/dataset/aed/resource/new/", {"name": "big", "upload": big})
    assert r.status_code == 200 and "上限 1 MB" in text(r)
    assert dataset.resources.count() == 0


def test_job_status_endpoint(client, dataset, load_file, tmp_path):
    from kanmin.core.models import Job

    f = tmp_path / "a.csv"
    f.write_text("x\n1\n2\n", encoding="utf-8")
    load_file(f)
    job = Job.objects.get(kind="datastore_load")
    body = client.get(f"/jobs/{job.pk}.json").json()
    assert body["status"] == "done" and body["percent"] == 100


def test_api_tokens_page_shows_token_once(client, editor):
    client.force_login(editor)
    page = text(client.post("/staff/tokens/", {"name": "harvester"}))
    assert "kanmin_" in page
    again = text(client.get("/staff/tokens/"))
    assert "harvester" in again and "kanmin_" not in again


def test_new_excel_with_merged_cells_is_kept_as_a_file_with_the_reason(client, editor, dataset, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["令和6年度 施設一覧", None])
    ws.merge_cells("A1:B1")
    ws.append(["名称", "定員"])
    ws.append(["中央公民館", "120人"])
    path = tmp_path / "print.xlsx"
    wb.save(path)
    client.force_login(editor)
    with open(path, "rb") as fh:
        r = client.post("/staff/dataset/aed/resource/new/", {"name": "印刷用", "upload": fh})
    assert r.status_code == 302
    res = dataset.resources.get()
    assert res.file and res.format == "XLSX", "the file is published for review and conversion"
    page = text(client.get(r["Location"]))
    assert "結合セル" in page and "A1:B1" in page
    from kanmin.datastore import services

    assert services.info(res.pk) is None, "nothing half-loaded"


def test_org_admin_manages_members_and_editors_cannot(client, org, editor, staff_user):
    from django.contrib.auth import get_user_model

    from kanmin.catalog.models import Membership

    User = get_user_model()
    boss = staff_user("boss", org, role="admin", password="pw-boss-12345")
    newcomer = User.objects.create_user("newcomer", password="pw-new-12345")
    client.force_login(editor)
    assert client.get("/staff/organization/kikaku/members/").status_code == 403
    client.force_login(boss)
    page = text(client.get("/staff/"))
    assert "/staff/organization/kikaku/members/" in page
    r = client.post("/staff/organization/kikaku/members/", {"username": "newcomer", "role": "editor"})
    assert r.status_code == 302
    assert Membership.objects.get(user=newcomer, organization=org).role == "editor"
    bad = client.post("/staff/organization/kikaku/members/", {"username": "ghost", "role": "editor"})
    assert "そのユーザー名の職員はいません" in text(bad)
    client.post("/staff/organization/kikaku/members/", {"remove": "newcomer"})
    assert not Membership.objects.filter(user=newcomer).exists()
    client.post("/staff/organization/kikaku/members/", {"remove": "boss"})
    assert Membership.objects.filter(user=boss).exists(), "an admin cannot remove themselves"


def test_editor_deletes_dataset_softly(client, editor, dataset, load_file, tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    res = load_file(f)
    client.force_login(editor)
    assert client.get("/staff/dataset/aed/delete/").status_code == 405, "deleting needs POST (with CSRF)"
    r = client.post("/staff/dataset/aed/delete/")
    assert r.status_code == 302
    dataset.refresh_from_db()
    assert dataset.state == "deleted"
    assert client.get("/api/3/action/package_show", {"id": "aed"}).status_code == 404
    from kanmin.datastore import services

    assert services.info(res.pk) is None


def test_organization_list_counts_every_organization(client, db):
    """Counts come from one annotated query, so the 60th organization is counted too (facets stop at 50)."""
    from kanmin.catalog.models import Dataset, Organization

    for i in range(60):
        org = Organization.objects.create(name=f"ka{i:02d}", title=f"課{i:02d}")
        Dataset.objects.create(organization=org, name=f"ds{i:02d}", title=f"データ{i:02d}")
        Dataset.objects.create(organization=org, name=f"hidden{i:02d}", title="非公開", private=True)
    page = text(client.get("/organization/"))
    assert page.count('<span class="count">1</span>') == 60

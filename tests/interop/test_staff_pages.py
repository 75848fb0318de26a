"""Staff pages for harvest sources: who may use them, form validation, run now, bilingual results."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin(staff_user, org):
    return staff_user("orgadmin", org, role="admin", password="pass-admin-123")


def _post_source(client, url, **extra):
    data = {"name": "pref", "title": "県のポータル", "url": url, "organization_name": "kikaku", "fq": "",
            "interval_hours": "24", "active": "on", **extra}
    return client.post("/interop/harvest/new/", data)


def test_anonymous_and_editors_are_kept_out(client, editor, org):
    from kanmin.interop.models import HarvestSource

    assert client.get("/interop/harvest/").status_code == 302
    source = HarvestSource.objects.create(name="x1", title="x", url="http://127.0.0.1:9/", organization_name=org.name)
    client.force_login(editor)
    page = client.get("/interop/harvest/")
    assert page.status_code == 200 and "x1" not in page.content.decode() and "ハーベスト元を追加" not in page.content.decode()
    assert client.get("/interop/harvest/new/").status_code == 403
    assert client.get(f"/interop/harvest/{source.pk}/").status_code == 403
    assert client.post(f"/interop/harvest/{source.pk}/run/").status_code == 403
    assert not source.jobs.exists()


def test_form_rejects_bad_values_bilingually(client, org_admin):
    client.force_login(org_admin)
    response = _post_source(client, "ftp://example.org/", name="Bad Name!", interval_hours="0")
    body = response.content.decode()
    assert response.status_code == 200
    assert "英小文字・数字・- で2〜40文字" in body and "Use 2-40 lowercase" in body
    assert 'role="alert"' in body
    from kanmin.interop.models import HarvestSource

    assert not HarvestSource.objects.exists()
    other = _post_source(client, "https://example.org/", organization_name="zaimu-not-mine")
    assert "organization_name" in other.context["form"].errors


def test_add_run_and_read_results(client, org_admin, junk_server, dataset):
    from kanmin.interop.models import HarvestSource

    client.force_login(org_admin)
    response = _post_source(client, f"{junk_server}/html/")
    source = HarvestSource.objects.get(name="pref")
    assert response.status_code == 302 and response["Location"] == f"/interop/harvest/{source.pk}/"
    assert source.created_by == org_admin and source.url.endswith("/html/")

    run = client.post(f"/interop/harvest/{source.pk}/run/", follow=True)
    body = run.content.decode()
    assert "HTML ページが返されました" in body and "取り込みは行っていません" in body
    job = source.jobs.get()
    assert job.status == "failed" and job.core_job_id is not None
    from kanmin.core.models import Job

    assert Job.objects.get(pk=job.core_job_id).status == "failed"

    english = client.get(f"/en/interop/harvest/job/{job.pk}/").content.decode()
    assert "an HTML page came back" in english and "Nothing was imported" in english

    source.url = f"{junk_server}/good"
    source.save()
    client.post(f"/interop/harvest/{source.pk}/run/")
    detail = client.get(f"/interop/harvest/{source.pk}/").content.decode()
    assert "新規 3 件" in detail
    assert client.get("/dataset/junk-ds-1/").status_code == 200
    panel = client.get("/dataset/junk-ds-1/").content.decode()
    assert "他のサイトから自動で取り込んだ" in panel


def test_edit_and_delete_keep_harvested_datasets(client, site_admin, junk_server, org):
    from kanmin.catalog.models import Dataset
    from kanmin.interop import harvest
    from kanmin.interop.models import HarvestSource

    source = HarvestSource.objects.create(name="keep", title="元", url=f"{junk_server}/good", organization_name=org.name)
    harvest.run(source)
    client.force_login(site_admin)
    edit = client.post(f"/interop/harvest/{source.pk}/edit/", {
        "name": "renamed", "title": "新しい名前", "url": f"{junk_server}/good/api/3/action", "organization_name": org.name,
        "fq": "", "interval_hours": "12",
    })
    assert edit.status_code == 302
    source.refresh_from_db()
    assert source.name == "keep" and source.title == "新しい名前" and not source.active and source.interval_hours == 12
    assert source.url == f"{junk_server}/good/"  # a pasted API URL is trimmed to the site
    assert client.post(f"/interop/harvest/{source.pk}/delete/").status_code == 302
    assert not HarvestSource.objects.exists()
    assert Dataset.objects.filter(state="active").count() == 3


@pytest.mark.browser
def test_staff_adds_a_source_in_the_browser(page, live_server, site_admin, junk_server, transactional_db):
    page.goto(f"{page.base}/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-root-123")
    page.click("button[type=submit]")
    from kanmin.catalog.models import Organization

    Organization.objects.create(name="kikaku2", title="企画課2")
    page.goto(f"{page.base}/interop/harvest/")
    page.get_by_role("link", name="ハーベスト元を追加").click()
    page.get_by_label("名前（英数字） / Name (slug)").fill("browser")
    page.get_by_label("表示名 / Title").fill("ブラウザから追加")
    page.get_by_label("CKAN サイトの URL / CKAN site URL").fill(f"{junk_server}/good")
    page.get_by_label("取り込み先の組織 / Target organization").select_option("kikaku2")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="ブラウザから追加").wait_for()
    page.get_by_role("button", name="今すぐ実行").click()
    page.get_by_text("ハーベストを開始しました").or_(page.get_by_text("新規 3 件")).first.wait_for()
    page.wait_for_function("() => document.body.innerText.includes('新規 3 件')", timeout=15_000)

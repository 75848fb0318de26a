"""One-stop bundle (moving house) and the support programme finder; demo seed is idempotent."""

import pytest

from kanmin.procedures import finder, services
from kanmin.procedures.models import Application, Bundle, BundleApplication, FormDefinition, SupportProgramme

MOVE = {"name": "高松 次郎", "postal_code": "760-8571", "address": "香川県高松市番町1-8-15", "move_date": "2026-04-01",
        "start_date": "2026-04-01", "billing": "account", "phone": "087-839-2011", "email": "jiro@example.jp",
        "child_name": "高松 三郎", "child_birthdate": "2017-06-01", "previous_school": "東京都立第一小学校", "grade": "e3",
        "name_kana": "タカマツ ジロウ", "birthdate": "1986-01-02", "previous_address": "東京都千代田区1-1", "household_size": "3", "consent": "on"}


@pytest.fixture
def demo(db):
    services.seed_demo()
    return Bundle.objects.get(slug="hikkoshi")


def test_seed_demo_is_idempotent(demo):
    counts = (FormDefinition.objects.count(), Bundle.objects.count(), SupportProgramme.objects.count())
    assert "0 forms, 0 bundles, 0 support programmes" in services.seed_demo()
    assert counts == (FormDefinition.objects.count(), Bundle.objects.count(), SupportProgramme.objects.count())
    assert counts[0] == 4 and SupportProgramme.objects.filter(demo=True).count() == counts[2] >= 12


def test_bundle_asks_shared_fields_once_and_files_each_procedure(client, demo, pdf_bytes):
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from kanmin.procedures.models import CitizenIdentity

    citizen = CitizenIdentity.objects.create(provider="jpki-fake", subject="s", level="strong", claims={"name": "高松 次郎"})
    session = client.session
    session["procedures_citizen"] = {"id": str(citizen.pk), "level": "strong", "seen": time.time()}
    session.save()
    r = client.post("/procedures/b/hikkoshi/start/")
    filing = BundleApplication.objects.get()
    assert r["Location"].endswith(f"/ba/{filing.pk}/")
    page = client.get(r["Location"]).content.decode()
    assert page.count('name="address"') == 1 and page.count('name="postal_code"') == 1  # asked once
    assert "転出証明書" in page and "添付は不要" in page  # strong identity: the city checks it itself
    r = client.post(r["Location"], dict(MOVE, action="confirm", **{"file_tenko_zaigaku": SimpleUploadedFile("z.pdf", pdf_bytes)}))
    assert r.status_code == 302 and r["Location"].endswith("/confirm/"), r.content.decode()[:500]
    confirm = client.get(r["Location"]).content.decode()
    assert "水道の使用開始申込み" in confirm and "転校" in confirm
    client.post(r["Location"], {"submit_token": filing.access_key})
    client.post(r["Location"], {"submit_token": filing.access_key})  # double submit
    filing.refresh_from_db()
    assert filing.receipt_number.startswith("B")
    apps = list(Application.objects.filter(bundle_filing=filing))
    assert len(apps) == 3 and all(a.status == "received" and a.receipt_number.startswith("R") for a in apps)
    assert len({a.receipt_number for a in apps}) == 3
    assert all(a.data["address"] == "香川県高松市番町1-8-15" for a in apps)
    water = next(a for a in apps if a.form.slug == "suido-kaishi")
    assert "child_name" not in water.data and water.data["billing"] == "account"
    assert next(a for a in apps if a.form.slug == "tenko").files.count() == 1
    status = client.get(f"/procedures/ba/{filing.pk}/status/").content.decode()
    assert filing.receipt_number in status and all(a.receipt_number in status for a in apps)


def test_bundle_missing_values_are_reported(client, demo):
    from kanmin.procedures.models import CitizenIdentity

    import time

    citizen = CitizenIdentity.objects.create(provider="oidc:x", subject="s2", level="login", claims={})
    session = client.session
    session["procedures_citizen"] = {"id": str(citizen.pk), "level": "login", "seen": time.time()}
    session.save()
    url = client.post("/procedures/b/hikkoshi/start/")["Location"]
    r = client.post(url, dict(MOVE, grade="", action="confirm"))
    body = r.content.decode()
    assert r.status_code == 200 and "学年" in body and "転出証明書" in body  # login only: the certificate is needed


def test_finder_filters(client, demo):
    assert finder.search(audience="business").exclude(audience="business").count() == 0
    nation_biz = finder.search(audience="business", level="nation")
    assert {p.title for p in nation_biz} >= {"小規模事業者持続化補助金", "IT 導入補助金", "雇用調整助成金"}
    hits = [p.title for p in finder.search(q="ＩＴ　導入")]  # full-width letters and space normalised; all words must match
    assert "IT 導入補助金" in hits and "雇用調整助成金" not in hits and len(hits) <= 2
    assert all(p.category == "子育て・教育" for p in finder.search(category="子育て・教育"))
    page = client.get("/procedures/support/", {"audience": "personal", "level": "city", "q": "子ども"}).content.decode()
    assert "子育て世帯応援給付金" in page and "中小企業デジタル化推進補助金" not in page and "デモ" in page
    en = client.get("/en/procedures/support/", {"audience": "business"}).content.decode()
    assert "Start-up support grant" in en
    assert "0 件" in client.get("/procedures/support/", {"q": "存在しない制度"}).content.decode()


def test_public_pages_render_in_both_languages(client, demo):
    for url in ["/procedures/", "/procedures/f/tennyu/", "/procedures/b/hikkoshi/", "/procedures/login/", "/procedures/verify/", "/procedures/support/"]:
        assert client.get(url).status_code == 200, url
        assert client.get("/en" + url).status_code == 200, url
    assert "転入届" in client.get("/procedures/?q=引っ越し").content.decode()

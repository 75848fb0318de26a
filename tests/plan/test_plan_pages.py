"""Staff and public plan pages: access control, imports with error tables, KPI and PDCA forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kanmin.plan import services
from kanmin.plan.models import InventoryItem, KpiActual, Measure, Plan, Review


@pytest.fixture
def demo_plan(departments):
    """The demo plan, owned by 危機管理課 for these tests."""
    services.seed_demo()
    plan = Plan.objects.get(slug="demo-plan")
    plan.organization_id = departments["kikikanri"].pk
    plan.save()
    return plan


def test_public_dashboard_in_both_languages(client, demo_plan):
    page = client.get("/plan/p/demo-plan/").content.decode()
    assert "官民データ活用推進計画（デモ）" in page and "42.9%" in page
    assert page.count('<svg class="kpi-chart"') == 14
    assert "2024年度（令和6年度）" in page and "デモ値" in page
    index = client.get("/plan/").content.decode()
    assert 'href="/plan/p/demo-plan/"' in index
    en = client.get("/en/plan/p/demo-plan/").content.decode()
    assert "Public-Private Data Utilization Plan (demo)" in en and "FY2024 (Reiwa 6)" in en and "Published datasets" in en


def test_staff_pages_need_login_and_an_edit_role(client, demo_plan, departments):
    from django.contrib.auth import get_user_model

    urls = ["/plan/staff/inventory/", "/plan/staff/procedures/", "/plan/staff/plans/", "/plan/staff/plans/demo-plan/"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"]
    client.force_login(get_user_model().objects.create_user("citizen", "c@example.invalid", "pass-c-12345"))
    for url in urls:
        assert client.get(url).status_code == 403


def test_inventory_lists_only_own_departments(client, dept_editor, departments):
    from kanmin.plan.departments import department_fields

    InventoryItem.objects.create(name="避難所一覧", decision="open", **department_fields(departments["kikikanri"]))
    InventoryItem.objects.create(name="学校給食献立", decision="open", **department_fields(departments["kyoiku"]))
    client.force_login(dept_editor)
    page = client.get("/plan/staff/inventory/").content.decode()
    assert "避難所一覧" in page and "学校給食献立" not in page
    other = InventoryItem.objects.get(name="学校給食献立")
    assert client.get(f"/plan/staff/inventory/{other.pk}/").status_code == 403
    csv = client.get("/plan/staff/inventory/export.csv").content.decode("utf-8-sig")
    assert "避難所一覧" in csv and "学校給食献立" not in csv


def test_web_import_shows_row_errors_and_imports_nothing(client, dept_editor, make_xlsx):
    client.force_login(dept_editor)
    rows = [["避難所一覧", "危機管理課", "CSV", "", "×", "○", "", "公開可", "", ""],
            ["避難所一覧", "危機管理課", "CSV", "", "×", "○", "", "公開可", "", ""],
            ["図書館一覧", "教育委員会", "CSV", "", "×", "○", "", "公開可", "", ""]]
    upload = SimpleUploadedFile("survey.xlsx", make_xlsx(rows))
    r = client.post("/plan/staff/inventory/import/", {"file": upload})
    page = r.content.decode()
    assert r.status_code == 400 and "何も取り込みませんでした" in page
    assert "<td>5</td><td>データ名</td><td>4行目と重複しています。</td>" in page
    assert "<td>6</td><td>担当課</td>" in page and "権限がありません" in page
    assert InventoryItem.objects.count() == 0
    good = SimpleUploadedFile("survey.xlsx", make_xlsx(rows[:1]))
    r = client.post("/plan/staff/inventory/import/", {"file": good})
    assert r.status_code == 302 and InventoryItem.objects.count() == 1


def test_inventory_form_requires_reason_for_closed(client, dept_editor, departments):
    client.force_login(dept_editor)
    data = {"name": "避難行動要支援者名簿", "organization": str(departments["kikikanri"].pk), "decision": "closed",
            "has_personal_info": "on", "fiscal_year": 2026}
    r = client.post("/plan/staff/inventory/new/", data)
    assert r.status_code == 200 and "理由を書いてください" in r.content.decode()
    data["decision_reason"] = "個人情報のため"
    assert client.post("/plan/staff/inventory/new/", data).status_code == 302
    item = InventoryItem.objects.get()
    assert item.department_title == "危機管理課" and item.updated_by == dept_editor
    data["organization"] = str(departments["kyoiku"].pk)
    r = client.post("/plan/staff/inventory/new/", data)
    assert r.status_code == 200 and InventoryItem.objects.count() == 1  # not a department the editor may choose


def test_plan_editing_by_the_responsible_department(client, demo_plan, dept_editor):
    client.force_login(dept_editor)
    page = client.get("/plan/staff/plans/demo-plan/").content.decode()
    assert "PDCA レビューを記録" in page and "csrfmiddlewaretoken" in page
    measure = Measure.objects.filter(pillar__plan=demo_plan, status="in_progress").first()
    r = client.post(f"/plan/staff/plans/demo-plan/measure/{measure.pk}/status/", {"status": "done"})
    assert r.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done"
    kpi = demo_plan.kpis.get(name="電子申請の年間利用件数")
    r = client.post("/plan/staff/plans/demo-plan/kpi/actual/", {"kpi": kpi.pk, "fiscal_year": 2026, "value": "170123", "note": "速報値"})
    assert r.status_code == 302
    assert KpiActual.objects.get(kpi=kpi, fiscal_year=2026).value == 170123
    client.post("/plan/staff/plans/demo-plan/kpi/actual/", {"kpi": kpi.pk, "fiscal_year": 2026, "value": "171000"})
    assert KpiActual.objects.get(kpi=kpi, fiscal_year=2026).value == 171000
    r = client.post("/plan/staff/plans/demo-plan/review/new/", {"fiscal_year": 2026, "rating": "B", "check_text": "電子申請は目標に近づいた。"})
    assert r.status_code == 302
    review = Review.objects.get(fiscal_year=2026)
    assert review.author == dept_editor and review.measure is None
    assert "電子申請は目標に近づいた。" in client.get("/plan/staff/plans/demo-plan/").content.decode()


def test_other_departments_cannot_edit_the_plan(client, demo_plan, departments, staff_user):
    user = staff_user("kyoiku-editor", departments["kyoiku"])
    client.force_login(user)
    assert client.get("/plan/staff/plans/demo-plan/").status_code == 200  # may read
    measure = Measure.objects.filter(pillar__plan=demo_plan).first()
    assert client.post(f"/plan/staff/plans/demo-plan/measure/{measure.pk}/status/", {"status": "done"}).status_code == 403
    assert client.post("/plan/staff/plans/demo-plan/kpi/measure/").status_code == 403
    assert client.post("/plan/staff/plans/demo-plan/review/new/", {"fiscal_year": 2026, "rating": "A"}).status_code == 403


def test_forms_need_csrf(demo_plan, dept_editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(dept_editor)
    measure = Measure.objects.filter(pillar__plan=demo_plan).first()
    assert client.post(f"/plan/staff/plans/demo-plan/measure/{measure.pk}/status/", {"status": "done"}).status_code == 403


def test_procedure_online_button(client, dept_editor):
    proc = services.create_procedure(name="犬の登録", department="kenkofukushi", yearly_volume=2600, needs_fee=True)
    client.force_login(dept_editor)
    page = client.get("/plan/staff/procedures/").content.decode()
    assert "犬の登録" in page and "段階2" in page
    assert client.post(f"/plan/staff/procedures/{proc['id']}/online/").status_code == 302
    assert services.get_procedure(proc["id"])["online_now"] is True


def test_api_plan_progress(client, demo_plan):
    body = client.get("/api/3/action/plan_progress", {"id": "demo-plan"}).json()
    assert body["success"]
    result = body["result"]
    assert result["completion"]["rate"] == 42.9 and len(result["kpis"]) == 14
    datasets = next(k for k in result["kpis"] if k["measured_by"] == "datasets")
    assert datasets["baseline"] == {"year": 2023, "value": 108.0} and datasets["actuals"]["2025"] == 214.0
    assert [p["id"] for p in client.get("/api/3/action/plan_list").json()["result"]] == ["demo-plan"]
    missing = client.get("/api/3/action/plan_progress", {"id": "nope"})
    assert missing.status_code == 404 and missing.json()["success"] is False


def test_plan_structure_can_be_built_on_the_staff_page(client, dept_editor, departments):
    from kanmin.plan.models import Initiative, Kpi, Pillar, ScheduleEntry

    plan = Plan.objects.create(slug="dx-plan", title="DX推進計画", start_year=2026, end_year=2030, organization_id=departments["kikikanri"].pk)
    client.force_login(dept_editor)
    base = "/plan/staff/plans/dx-plan"
    assert client.post(f"{base}/pillar/new/", {"position": 1, "title": "データ活用"}).status_code == 302
    pillar = Pillar.objects.get(plan=plan)
    assert client.post(f"{base}/measure/new/", {"pillar": pillar.pk, "position": 1, "code": "1-1", "title": "オープンデータの推進",
                                                "status": "in_progress"}).status_code == 302
    measure = Measure.objects.get(pillar=pillar)
    r = client.post(f"{base}/initiative/new/", {"measure": measure.pk, "position": 1, "title": "データ棚卸し",
                                                "organization": str(departments["kenkofukushi"].pk), "start_year": 2026,
                                                "end_year": 2027, "status": "not_started"})
    assert r.status_code == 302
    initiative = Initiative.objects.get(measure=measure)
    assert initiative.owner == "健康福祉局" and initiative.organization_id == departments["kenkofukushi"].pk
    entry = {"initiative": initiative.pk, "fiscal_year": 2026, "planned": "全課で調査"}
    assert client.post(f"{base}/schedule/new/", entry).status_code == 302
    r = client.post(f"{base}/schedule/new/", entry)
    assert r.status_code == 200 and "登録済み" in r.content.decode() and ScheduleEntry.objects.count() == 1
    r = client.post(f"{base}/kpi/new/", {"measure": measure.pk, "position": 1, "name": "公開データセット数", "unit": "件",
                                         "baseline_year": 2025, "baseline_value": "120", "target_year": 2030, "target_value": "300",
                                         "direction": "up", "source": "datasets"})
    assert r.status_code == 302 and Kpi.objects.get(plan=plan).source == "datasets"
    page = client.get(f"{base}/").content.decode()
    assert "2026年度（令和8年度）: 全課で調査" in page and "公開データセット数" in page
    r = client.post(f"{base}/measure/{measure.pk}/edit/", {"pillar": pillar.pk, "position": 1, "code": "1-1",
                                                           "title": "オープンデータの推進（改）", "status": "done"})
    assert r.status_code == 302 and Measure.objects.get().title == "オープンデータの推進（改）"
    assert client.get(f"{base}/nonsense/new/").status_code == 404
    other = Plan.objects.create(slug="other", title="他の計画", start_year=2026, end_year=2030)
    assert client.post(f"/plan/staff/plans/{other.slug}/pillar/new/", {"position": 1, "title": "x"}).status_code == 403

"""The demo plan (idempotent) and the council report as Excel and PDF."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kanmin.plan import report, services
from kanmin.plan.models import InventoryItem, Kpi, KpiActual, Measure, Plan, Procedure, Review


@pytest.fixture
def demo_plan(db):
    """The demo plan alone (no demo catalog: departments missing, so no inventories)."""
    services.seed_demo()
    return Plan.objects.get(slug="demo-plan")


def test_seed_builds_kawasaki_style_plan_and_is_idempotent(demo_catalog):
    services.seed_demo()
    demo_plan = Plan.objects.get(slug="demo-plan")
    assert Measure.objects.filter(pillar__plan=demo_plan).count() == 7
    assert demo_plan.kpis.count() == 14
    real = {k.name: (k.baseline_value, k.target_value, k.is_demo) for k in demo_plan.kpis.filter(is_demo=False)}
    assert real == {
        "公開データセット数": (108, 300, False),
        "オープンデータの年間ダウンロード数": (2858, 5000, False),
        "電子申請の年間利用件数": (157589, 172000, False),
    }
    assert demo_plan.kpis.filter(is_demo=True).count() == 11
    aed = InventoryItem.objects.get(name="AED設置場所一覧")
    assert aed.dataset_name == "aed" and aed.dataset_id
    counts = (Plan.objects.count(), Kpi.objects.count(), KpiActual.objects.count(), InventoryItem.objects.count(),
              Procedure.objects.count(), Review.objects.count())
    summary = services.seed_demo()
    assert "kept" in summary
    assert counts == (Plan.objects.count(), Kpi.objects.count(), KpiActual.objects.count(), InventoryItem.objects.count(),
                      Procedure.objects.count(), Review.objects.count())
    datasets_kpi = demo_plan.kpis.get(source=Kpi.Source.DATASETS)
    from kanmin.plan.fiscal import fiscal_year

    assert datasets_kpi.actuals.get(fiscal_year=fiscal_year()).value == 12  # measured from the demo catalog


def test_excel_report(demo_plan):
    book = load_workbook(io.BytesIO(report.excel(demo_plan, 2025)))
    assert book.sheetnames == ["概要", "施策", "KPI", "PDCA"]
    summary = {r[0]: r[1] for r in book["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["対象年度"] == "2025年度（令和7年度）" and summary["完了率（%）"] == 42.9
    kpi_rows = {r[0]: r for r in book["KPI"].iter_rows(min_row=2, values_only=True)}
    assert kpi_rows["公開データセット数"][2:7] == (2023, 108, 2027, 300, 214)
    assert kpi_rows["公開データセット数"][7] == 55.2
    assert Procedure.objects.count() == 0  # no departments without the demo catalog
    pdca = list(book["PDCA"].iter_rows(min_row=2, values_only=True))
    assert pdca[0][1] == "A：順調" and "段階1" in pdca[0][2]


def test_pdf_report_has_japanese_text(demo_plan):
    reader = PdfReader(io.BytesIO(report.pdf(demo_plan, 2025)))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("官民データ活用推進計画（デモ）", "令和7年度", "施策の完了率：42.9%", "公開データセット数", "電子申請の年間利用件数", "PDCA"):
        assert expected in text, expected


def test_report_downloads(client, demo_plan):
    r = client.get("/plan/p/demo-plan/report-2025.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = client.get("/en/plan/p/demo-plan/report-2025.xlsx")
    assert r.status_code == 200 and "demo-plan-progress-FY2025.xlsx" in r["Content-Disposition"]
    assert client.get("/plan/p/demo-plan/report-1990.pdf").status_code == 404
    demo_plan.published = False
    demo_plan.save()
    assert client.get("/plan/p/demo-plan/report-2025.pdf").status_code == 404
    assert client.get("/plan/p/demo-plan/").status_code == 404

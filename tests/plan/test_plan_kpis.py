"""KPIs kanmin measures itself, achievement, and Takatsuki-style completion rate."""

import sys
from decimal import Decimal

import pytest

from kanmin.plan import kpis, services
from kanmin.plan.fiscal import fiscal_year
from kanmin.plan.models import Kpi, KpiActual, Measure, Pillar, Plan, Status


@pytest.fixture
def plan(db):
    return Plan.objects.create(slug="test-plan", title="テスト計画", start_year=2024, end_year=2027)


def _kpi(plan, source, name=None, base=0, target=100):
    return Kpi.objects.create(plan=plan, name=name or source, baseline_year=2023, baseline_value=base,
                              target_year=2027, target_value=target, source=source)


@pytest.fixture
def fake_engage(monkeypatch):
    import kanmin.engage.services as engage

    def set_metrics(value):
        monkeypatch.setattr(engage, "metrics", lambda: value, raising=False)

    return set_metrics


def test_catalog_kpis_measured_from_real_data(plan, dataset, load_file, corpus):
    datasets = _kpi(plan, Kpi.Source.DATASETS)
    share = _kpi(plan, Kpi.Source.MACHINE_READABLE)
    load_file(corpus / "aed_location" / "data.xlsx")
    from kanmin.catalog import services as catalog

    catalog.create_resource(dataset, name="地図 (PDF)", url="https://example.invalid/aed-map.pdf", format="PDF")
    result = kpis.measure(plan)
    assert result == {"measured": 2, "unmeasured": []}
    year = fiscal_year()
    assert KpiActual.objects.get(kpi=datasets, fiscal_year=year).value == 1
    actual = KpiActual.objects.get(kpi=share, fiscal_year=year)
    assert actual.value == Decimal("50.0") and actual.origin == KpiActual.Origin.AUTO


def test_procedures_online_per_stage(plan, departments):
    kpis_by_source = {s: _kpi(plan, s) for s in (Kpi.Source.ONLINE_TOTAL, Kpi.Source.ONLINE_STAGE1, Kpi.Source.ONLINE_STAGE2, Kpi.Source.ONLINE_STAGE3)}
    services.create_procedure(name="図書館の利用登録", department="kyoiku", online_now=True)
    services.create_procedure(name="イベント申込", department="kyoiku")
    p = services.create_procedure(name="住民票の写し", department="kenkofukushi", needs_identity=True, needs_fee=True)
    services.record_procedure_online(p["id"])
    services.create_procedure(name="転入届", department="kenkofukushi", face_to_face=True)
    kpis.measure(plan, 2026)
    values = {k.source: KpiActual.objects.get(kpi=k, fiscal_year=2026).value for k in kpis_by_source.values()}
    assert values == {"online_total": 2, "online_stage1": 1, "online_stage2": 1, "online_stage3": 0}


def test_engage_metrics_fill_downloads_apps_and_requests(plan, fake_engage):
    downloads, apps, answered = (_kpi(plan, s) for s in (Kpi.Source.DOWNLOADS, Kpi.Source.APPS, Kpi.Source.REQUESTS_ANSWERED))
    fake_engage({"downloads_total": 9000, "downloads_by_year": {2025: 4105, 2026: 1200}, "apps_total": 8,
                 "apps_certified": 3, "requests_total": 30, "requests_answered": 23})
    kpis.measure(plan, 2026)
    assert [KpiActual.objects.get(kpi=k, fiscal_year=2026).value for k in (downloads, apps, answered)] == [1200, 8, 23]


def test_missing_engage_leaves_kpis_unmeasured_not_zero(plan, monkeypatch):
    downloads = _kpi(plan, Kpi.Source.DOWNLOADS, name="ダウンロード数")
    apps = _kpi(plan, Kpi.Source.APPS, name="アプリ数")
    monkeypatch.setitem(sys.modules, "kanmin.engage.services", None)
    result = kpis.measure(plan, 2026)
    assert result == {"measured": 0, "unmeasured": ["ダウンロード数", "アプリ数"]}
    assert not KpiActual.objects.filter(kpi__in=[downloads, apps]).exists()


def test_manual_value_is_not_overwritten(plan, dataset):
    kpi = _kpi(plan, Kpi.Source.DATASETS)
    KpiActual.objects.create(kpi=kpi, fiscal_year=2026, value=250, origin=KpiActual.Origin.MANUAL)
    kpis.measure(plan, 2026)
    assert KpiActual.objects.get(kpi=kpi, fiscal_year=2026).value == 250
    kpis.measure(plan, 2027)
    assert KpiActual.objects.get(kpi=kpi, fiscal_year=2027).value == 1


def test_achievement_from_baseline_to_target(plan):
    kpi = _kpi(plan, Kpi.Source.MANUAL, base=108, target=300)
    assert kpis.achievement(kpi, Decimal(204)) == 50.0
    assert kpis.achievement(kpi, Decimal(300)) == 100.0
    assert kpis.achievement(kpi, None) is None
    KpiActual.objects.create(kpi=kpi, fiscal_year=2025, value=214)
    KpiActual.objects.create(kpi=kpi, fiscal_year=2024, value=156)
    row = kpis.kpi_rows(plan)[0]
    assert row["latest"].fiscal_year == 2025 and row["achievement"] == 55.2 and row["reached"] is False


def test_completion_rate_counts_implemented_and_ended(plan):
    pillar = Pillar.objects.create(plan=plan, title="柱")
    statuses = [Status.DONE, Status.ENDED, Status.DONE, Status.RESEARCH, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.NOT_STARTED]
    for i, s in enumerate(statuses):
        Measure.objects.create(pillar=pillar, position=i, title=f"施策{i}", status=s)
    c = kpis.completion(plan)
    assert (c["done"], c["total"], c["rate"]) == (3, 7, 42.9)
    assert c["by_status"]["research"] == 1
    assert kpis.completion(Plan.objects.create(slug="empty", title="空", start_year=2024, end_year=2025))["rate"] == 0.0

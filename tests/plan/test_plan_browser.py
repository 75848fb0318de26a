"""The public plan-progress dashboard in a real browser."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_charts_and_report_download(page):
    from kanmin.plan import services

    services.seed_demo()
    page.goto(page.base + "/")
    page.get_by_role("link", name="計画の進捗").first.click()
    page.get_by_role("link", name="官民データ活用推進計画（デモ）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("官民データ活用推進計画（デモ）")
    charts = page.locator("svg.kpi-chart")
    assert charts.count() == 14
    chart = page.get_by_role("img", name="公開データセット数", exact=False).first
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    assert page.locator("svg.kpi-chart rect.actual").count() >= 28
    assert "42.9%" in page.locator("#completion-h + p").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").first.click()
    assert info.value.suggested_filename == "demo-plan-progress-FY2024.pdf"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/plan/p/demo-plan/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Public-Private Data Utilization Plan (demo)")

"""Headless Chromium: the AED resource page draws map markers and a chart with no internet access."""

import pytest

pytestmark = pytest.mark.browser


def test_resource_page_map_and_chart_render_offline(page, demo_catalog):
    from kanmin.catalog.models import Resource

    res = Resource.objects.get(dataset__name="aed")
    outside = []
    page.on("request", lambda req: None if req.url.startswith(page.base) or req.url.startswith("data:") else outside.append(req.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(page.base) or route.request.url.startswith("data:") else route.abort())

    page.goto(f"{page.base}/dataset/aed/resource/{res.pk}/")
    mapbox = page.locator("[data-engage-map]")
    mapbox.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-engage-map]').getAttribute('data-points') > 0")
    assert int(mapbox.get_attribute("data-points")) > 400
    markers = page.locator("[data-engage-map] .leaflet-marker-icon")
    assert markers.count() > 0  # clusters and single markers are drawn
    assert page.locator("[data-engage-map] .leaflet-control-scale").count() == 1
    assert page.locator("[data-engage-map] .leaflet-tile").count() == 0  # no base layer configured
    assert "件の地点" in page.locator(".engage-map-status").inner_text()

    # the chart builder draws the default chart at once; then the viewer picks another one
    canvas = page.locator("[data-engage-chart-output] canvas")
    page.wait_for_function("document.querySelector('[data-engage-chart-output] canvas').getAttribute('data-rendered') > 0")
    page.select_option("#cb-label", "equipmentForChildren")
    page.select_option("#cb-type", "pie")
    page.get_by_role("button", name="グラフを表示").click()
    page.wait_for_function("window.Chart && Chart.getChart(document.querySelector('[data-engage-chart-output] canvas')).config.type === 'pie'")
    assert int(canvas.get_attribute("data-rendered")) >= 1
    box = canvas.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert page.locator(".engage-chart-table tbody tr").count() == int(canvas.get_attribute("data-rendered"))
    assert outside == []

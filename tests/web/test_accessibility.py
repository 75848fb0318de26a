"""Automated accessibility checks (axe-core, WCAG 2.x A/AA rules; JIS X 8341-3 AA is our target)
on the main public and staff pages, in Japanese and English."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def violations(page, path: str) -> list[str]:
    page.goto(page.base + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} — {v['help']}" for v in result["violations"]]


def test_public_pages_have_no_axe_violations(page, demo_catalog):
    if not AXE.exists():
        pytest.fail("axe-core missing: run `make test` (it installs tests/web/node_modules)")
    from kanmin.catalog.models import Resource

    res = Resource.objects.get(dataset__name="aed")
    paths = ["/", "/dataset/", "/dataset/?groups=bousai", "/dataset/aed/", f"/dataset/aed/resource/{res.pk}/",
             "/organization/", "/api-guide/", "/login/", "/en/", "/en/dataset/aed/"]
    found = {path: violations(page, path) for path in paths}
    assert not any(found.values()), {p: v for p, v in found.items() if v}


def test_staff_pages_have_no_axe_violations(page, editor, dataset):
    page.goto(page.base + "/login/")
    page.get_by_label("ユーザー名").fill("editor")
    page.get_by_label("パスワード").fill("pass-editor-123")
    page.get_by_role("button", name="ログイン").click()
    found = {path: violations(page, path) for path in
             ["/staff/", "/staff/dataset/new/", "/staff/dataset/aed/edit/", "/staff/dataset/aed/resource/new/", "/staff/tokens/"]}
    assert not any(found.values()), {p: v for p, v in found.items() if v}


def test_the_checker_itself_catches_problems(browser):
    """Guard against a silently broken harness: a page with known faults must fail."""
    page = browser.new_page()
    page.set_content('<html><body><input type="text"><img src="x.png"><a href="#"></a></body></html>')
    page.add_script_tag(path=str(AXE))
    ids = {v["id"] for v in page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")["violations"]}
    page.close()
    assert {"image-alt", "label", "html-has-lang"} <= ids

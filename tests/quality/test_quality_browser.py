"""Headless Chromium: an editor sees the quality panel, opens the converter, reviews and publishes."""

import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_converts_and_publishes(page, editor, corpus, tmp_path, load_file):
    path = tmp_path / "events.xlsx"
    shutil.copy(corpus / "events" / "data.xlsx", path)
    resource = load_file(path, "イベント情報")
    page.goto(page.base + "/login/")
    page.get_by_label("ユーザー名").fill("editor")
    page.get_by_label("パスワード").fill("pass-editor-123")
    page.get_by_role("button", name="ログイン").click()
    page.goto(page.base + f"/dataset/aed/resource/{resource.pk}/")
    panel = page.locator(".quality-panel")
    assert panel.get_by_role("heading", name="機械判読性").is_visible()
    assert int(panel.locator("[data-quality=score]").inner_text()) < 100
    assert panel.locator("[data-quality=stars]").get_attribute("data-stars") == "2"
    panel.locator("[data-quality=convert]").click()
    page.wait_for_url(f"**/quality/convert/{resource.pk}/")
    assert "8月12日（水）" in page.locator("[data-convert=ambiguous]").inner_text()
    page.get_by_label("新しいリソースの名前").fill("イベント（変換済み）")
    page.locator("[data-convert=publish]").click()
    page.wait_for_url("**/resource/**")
    assert page.get_by_role("heading", level=1).inner_text() == "イベント（変換済み）"
    assert page.locator(".quality-panel [data-quality=stars]").get_attribute("data-stars") == "3"

"""Citizen flow in headless Chromium: find → fill (with error summary) → attach → confirm → submit → status."""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
def test_citizen_applies_in_the_browser(transactional_db, page, make_form, tmp_path, pdf_bytes):
    form = make_form()
    pdf = tmp_path / "id-card.pdf"
    pdf.write_bytes(pdf_bytes)
    page.set_viewport_size({"width": 390, "height": 844})  # phone-sized
    page.goto(page.base + "/procedures/")
    page.get_by_label("手続きを検索").fill("住民票")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("link", name=form.title).click()
    page.get_by_role("button", name="申請を始める").click()
    page.get_by_label("氏名").fill("高松 花子")
    page.get_by_role("button", name="入力内容を確認する").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # focus moves to the error list
    summary.get_by_role("link", name=re.compile("生年月日")).click()
    expect(page.locator("#id_birthdate")).to_be_focused()
    expect(page.locator("#id_birthdate")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_birthdate").fill("1990-04-01")
    page.get_by_label("郵便番号").fill("760-8571")
    page.get_by_label("住所").fill("香川県高松市番町一丁目8番15号")
    page.get_by_label("通数").fill("1")
    page.get_by_label("目的").select_option("work")
    page.get_by_label("同意する").check()
    page.wait_for_function("document.getElementById('autosave-status').textContent.length > 0", timeout=10_000)  # autosaved
    page.get_by_label("本人確認書類").set_input_files(str(pdf))
    page.get_by_role("button", name="入力内容を確認する").click()
    page.wait_for_url("**/confirm/**")
    expect(page.get_by_text("id-card.pdf")).to_be_visible()
    page.get_by_role("button", name="この内容で申請する").click()
    expect(page.get_by_text("申請を受け付けました")).to_be_visible()
    receipt = page.locator(".receipt").inner_text()
    assert re.fullmatch(r"R\d{4}-\d{6}", receipt)
    assert page.locator("[aria-current=step]").inner_text() == "受付"

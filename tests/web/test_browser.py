"""Headless Chromium: a citizen searches, opens a dataset, previews the table and downloads CSV;
a staff member uploads a file and watches the load finish."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_dataset_preview_download(page, demo_catalog):
    page.goto(page.base + "/")
    page.get_by_label("データを検索").fill("図書館")
    page.get_by_role("button", name="検索").click()
    page.wait_for_url("**/dataset/?q=*")
    assert "1 件のデータセット" in page.locator(".result-count").inner_text()
    page.get_by_role("link", name="図書館", exact=True).click()
    page.wait_for_url("**/dataset/libraries/")
    assert page.get_by_role("heading", level=1).inner_text() == "図書館"
    page.locator(".resource-list a").first.click()
    page.wait_for_url("**/dataset/libraries/resource/*/")
    table = page.locator("#datastore-preview")
    expect(table.locator("tbody tr")).to_have_count(5)
    assert "高松市中央図書館" in table.inner_text()
    page.get_by_label("表の中を検索").fill("牟礼")
    page.get_by_role("button", name="検索").click()
    page.wait_for_url("**/resource/*/?q=*")
    # expect() waits for the new page; a bare count() could read the page mid-navigation
    expect(page.locator("#datastore-preview tbody tr")).to_have_count(1)
    expect(page.locator("#datastore-preview")).to_contain_text("牟礼")
    with page.expect_download() as info:
        page.locator("[data-download=csv-sjis]").click()
    data = open(info.value.path(), "rb").read().decode("cp932")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][:3] == ["#property", "latitude", "longitude"] and len(rows) == 6


def test_facets_keyboard_and_english(page, demo_catalog):
    page.goto(page.base + "/dataset/")
    page.locator("a[data-facet=groups][data-value=bousai]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**groups=bousai**")
    assert "2 件のデータセット" in page.locator(".result-count").inner_text()
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "2 datasets" in page.locator(".result-count").inner_text()


def test_staff_upload_shows_progress_then_preview(page, editor, dataset):
    page.goto(page.base + "/login/")
    page.get_by_label("ユーザー名").fill("editor")
    page.get_by_label("パスワード").fill("pass-editor-123")
    page.get_by_role("button", name="ログイン").click()
    page.goto(page.base + "/staff/dataset/aed/resource/new/")
    page.get_by_label("名前 / Name").fill("人口")
    body = "町名,人口\n" + "".join(f"町{i},{i * 3}\n" for i in range(1, 2001))
    page.set_input_files("input[type=file]", files=[{"name": "pop.csv", "mimeType": "text/csv", "buffer": body.encode("cp932")}])
    page.get_by_role("button", name="アップロード").click()
    page.wait_for_url("**/resource/**")
    page.wait_for_selector("#datastore-preview")
    assert "2000 行" in page.content()
    assert page.locator("#datastore-preview tbody tr").first.locator("td").nth(1).inner_text() == "町1"


def test_background_load_shows_progress_bar_until_done(page, editor, dataset, settings):
    settings.KANMIN_JOBS_INLINE = False  # the real server path: the load runs in a background thread
    page.goto(page.base + "/login/")
    page.get_by_label("ユーザー名").fill("editor")
    page.get_by_label("パスワード").fill("pass-editor-123")
    page.get_by_role("button", name="ログイン").click()
    page.goto(page.base + "/staff/dataset/aed/resource/new/")
    body = "番号,区,件数\n" + "".join(f"{i},区{i % 7},{i * 3}\n" for i in range(150_000))
    page.set_input_files("input[type=file]", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": body.encode()}])
    page.get_by_role("button", name="アップロード").click()
    page.wait_for_url("**/resource/**?job=*")
    expect(page.locator("#job-progress")).to_have_count(1)  # the load is still running when the page opens
    page.wait_for_selector("#datastore-preview", timeout=60_000)
    assert "150000 行" in page.content()

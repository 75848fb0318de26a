"""App showcase: submission with screenshots, bad files and URLs, review, certification on dataset pages."""

import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kanmin.engage import notify, services
from kanmin.engage.models import App, Screenshot

from .conftest import png_bytes

pytestmark = pytest.mark.django_db
NEW = "/engage/apps/new/"


def app_data(dataset, **over):
    return {
        "name": "高松AEDマップ", "description": "近くの AED をすぐに探せる地図アプリです。", "developer": "株式会社さぬきデータ",
        "url": "https://aed.example.jp/", "platforms": ["web", "android"], "datasets": [str(dataset.pk)],
        "email": "dev@example.jp", **over,
    }


def shot(data: bytes, name="screen.png", kind="image/png"):
    return SimpleUploadedFile(name, data, content_type=kind)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT) / "engage" / "screenshots"
    return sorted(root.glob("*")) if root.exists() else []


def confirm(app):
    assert services.confirm(notify.confirm_token("app", app.pk)) == app


@pytest.mark.django_db(transaction=True)
def test_submit_review_certify_and_show_on_dataset_page(client, post_form, dataset, editor, smtp, settings):
    r = post_form(NEW, app_data(dataset), files={"screenshots": [shot(png_bytes(Comment="hello"))]})
    assert r.status_code == 200, r.content.decode()[:3000]
    app = App.objects.get()
    assert app.platforms == ["web", "android"] and app.moderation == "pending" and not app.certified
    # confirmation by the link in the mail
    link = smtp.link(smtp.wait(1)[0], "/engage/confirm/")
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    app.refresh_from_db()
    assert app.confirmed_at is not None
    # not listed before review
    assert "高松AEDマップ" not in client.get("/dataset/aed/").content.decode()

    # the screenshot was re-encoded: a real PNG without the text chunk, served with its type
    (s,) = Screenshot.objects.filter(app=app)
    path = Path(settings.MEDIA_ROOT) / s.path
    with Image.open(path) as img:
        assert img.format == "PNG" and img.size == (40, 30) and "Comment" not in img.info
    assert b"hello" not in path.read_bytes()

    client.force_login(editor)
    r = client.post(f"/engage/staff/apps/{app.pk}/", {"moderation": "approved", "certified": "on", "provider": "private", "note": "確認しました。"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.certified and app.certified_at
    review = smtp.wait(2)[1]
    assert "公認" in smtp.body(review) and review["To"] == "dev@example.jp"

    # a second listed app that is not certified sorts after the certified one, though its name sorts first
    other = App.objects.create(name="AAA 防災ナビ", description="x", developer="市民", url="https://a.example.jp/",
                               email="a@example.jp", moderation="approved", confirmed_at=app.confirmed_at, platforms=["ios"])
    other.datasets.create(dataset_id=str(dataset.pk))
    client.logout()
    page = client.get("/dataset/aed/").content.decode()
    assert "このデータを使ったアプリ" in page
    assert page.index("高松AEDマップ") < page.index("AAA 防災ナビ")
    assert "公認" in page[page.index("高松AEDマップ"):page.index("AAA 防災ナビ")]

    r = client.get(f"/engage/screenshots/{s.pk}")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content).startswith(b"\x89PNG")
    listing = client.get("/engage/apps/?certified=1").content.decode()
    assert "高松AEDマップ" in listing and "AAA 防災ナビ" not in listing
    assert "AAA 防災ナビ" in client.get("/engage/apps/?platform=ios").content.decode()
    detail = client.get(f"/engage/apps/{app.pk}/").content.decode()
    assert 'href="https://aed.example.jp/"' in detail and "/dataset/aed/" in detail


def test_fake_png_is_rejected_and_nothing_kept(post_form, dataset, settings):
    fake = shot(b"<?php system($_GET['c']); ?>" + b"\x00" * 64, name="evil.png")
    r = post_form(NEW, app_data(dataset), files={"screenshots": [shot(png_bytes()), fake]})
    assert r.status_code == 400
    body = r.content.decode()
    assert "evil.png" in body and "画像として読み込めません" in body
    assert App.objects.count() == 0 and Screenshot.objects.count() == 0
    assert stored_files(settings) == []  # the good first image was removed again


def test_truncated_png_is_rejected(post_form, dataset):
    data = png_bytes((200, 200))
    r = post_form(NEW, app_data(dataset), files={"screenshots": [shot(data[: len(data) // 2])]})
    assert r.status_code == 400 and App.objects.count() == 0


def test_huge_screenshot_is_rejected(post_form, dataset, settings):
    settings.KANMIN_ENGAGE_SCREENSHOT_MB = 0.05
    noisy = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    buf = io.BytesIO()
    noisy.save(buf, "PNG")
    assert len(buf.getvalue()) > 0.05 * 1024 * 1024
    r = post_form(NEW, app_data(dataset), files={"screenshots": [shot(buf.getvalue())]})
    assert r.status_code == 400 and "大きすぎます" in r.content.decode()
    assert App.objects.count() == 0


def test_jpeg_exif_is_stripped(post_form, dataset, settings):
    img = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "secret location note"  # ImageDescription
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    r = post_form(NEW, app_data(dataset), files={"screenshots": [shot(buf.getvalue(), "p.jpg", "image/jpeg")]})
    assert r.status_code == 200
    s = Screenshot.objects.get()
    data = (Path(settings.MEDIA_ROOT) / s.path).read_bytes()
    assert s.content_type == "image/jpeg" and b"secret location note" not in data


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://localhost/", "ftp://files.example.jp/app", "https://user:pw@example.jp/", "not a url", 'https://example.jp/"onmouseover="x'])
def test_broken_urls_are_rejected(post_form, dataset, url):
    r = post_form(NEW, app_data(dataset, url=url))
    assert r.status_code == 400 and "URL が正しくありません" in r.content.decode()
    assert App.objects.count() == 0


def test_xss_in_app_fields(client, post_form, dataset, editor):
    r = post_form(NEW, app_data(dataset, name="<b onclick=alert(1)>App</b>"))
    assert r.status_code == 400 and App.objects.count() == 0
    quote = "説明 \" onmouseover=\"alert(1)"
    assert post_form(NEW, app_data(dataset, description=quote)).status_code == 200
    app = App.objects.get()
    confirm(app)
    services.review_app(app, moderation="approved", certified=False, note="")
    page = client.get(f"/engage/apps/{app.pk}/").content.decode()
    assert 'onmouseover="alert(1)"' not in page and "&quot; onmouseover=&quot;alert(1)" in page


def test_too_many_screenshots(post_form, dataset):
    files = [shot(png_bytes(), f"s{n}.png") for n in range(6)]
    r = post_form(NEW, app_data(dataset), files={"screenshots": files})
    assert r.status_code == 400 and "5 枚まで" in r.content.decode()


def test_unlisted_app_and_its_screenshot_are_hidden(client, post_form, dataset):
    assert post_form(NEW, app_data(dataset), files={"screenshots": [shot(png_bytes())]}).status_code == 200
    app = App.objects.get()
    assert client.get(f"/engage/apps/{app.pk}/").status_code == 404
    assert client.get(f"/engage/screenshots/{app.screenshots.get().pk}").status_code == 404


def test_delete_app_removes_files(client, post_form, dataset, editor, settings):
    post_form(NEW, app_data(dataset), files={"screenshots": [shot(png_bytes())]})
    app = App.objects.get()
    assert len(stored_files(settings)) == 1
    client.force_login(editor)
    assert client.post(f"/engage/staff/apps/{app.pk}/", {"delete": "1"}).status_code == 302
    assert App.objects.count() == 0 and stored_files(settings) == []

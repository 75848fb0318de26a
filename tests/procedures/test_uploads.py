"""Attachments: sniffed by content, size-limited, stored outside the web root, nothing half-written."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from kanmin.core.errors import UserError
from kanmin.procedures import applications, uploads
from kanmin.procedures.models import Attachment

from .conftest import VALID

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def _attach(app, data: bytes, name: str):
    return applications.add_attachment(app, "doc", io.BytesIO(data), name)


@pytest.fixture
def app(make_form):
    return applications.start(make_form())


@pytest.mark.parametrize("data,name,reason", [
    (EXE, "scan.pdf", "executable"),
    (ELF, "photo.png", "executable"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "doc.pdf", "HTML"),
    (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image.png", "SVG"),
    (b"  <svg onload=alert(1)>", "image.jpeg", "SVG"),
    (b"#!/bin/sh\nrm -rf /\n", "run.pdf", "script"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 50, "x.pdf", "archive"),
    (b"plain text that is not a document", "notes.pdf", "could not be recognised"),
    (b"", "empty.pdf", "empty"),
])
def test_dangerous_or_unknown_content_is_refused(app, data, name, reason):
    with pytest.raises(UserError) as err:
        _attach(app, data, name)
    assert reason in err.value.en
    assert err.value.ja.startswith("「本人確認書類」")
    assert not Attachment.objects.filter(application=app).exists()
    assert not list((uploads.root() / "tmp").glob("*.part"))  # no half files left behind


def test_real_spreadsheet_renamed_to_pdf_is_refused_as_archive(app, xlsx_path):
    with pytest.raises(UserError, match="ZIP"):
        _attach(app, xlsx_path.read_bytes(), "certificate.pdf")


def test_extension_must_match_content(app, png_bytes, pdf_bytes):
    with pytest.raises(UserError, match="does not match"):
        _attach(app, png_bytes, "scan.pdf")
    with pytest.raises(UserError, match="does not match"):
        _attach(app, pdf_bytes, "scan")


def test_type_not_allowed_for_this_document(make_form, jpeg_bytes):
    form = make_form(attachments=[{"key": "doc", "label": "証明書", "types": ["pdf"], "max_mb": 1}])
    app = applications.start(form)
    with pytest.raises(UserError, match="must be PDF"):
        _attach(app, jpeg_bytes, "cert.jpg")


def test_size_limit(app, pdf_bytes):
    big = pdf_bytes + b"%" + b"0" * (1024 * 1024)
    with pytest.raises(UserError, match="too large"):
        _attach(app, big, "big.pdf")
    assert not Attachment.objects.exists()


def test_good_files_are_stored_outside_static_with_hash(app, pdf_bytes, png_bytes, jpeg_bytes):
    import hashlib

    for data, name in [(pdf_bytes, "a.pdf"), (png_bytes, "b.PNG"), (jpeg_bytes, "c.jpg")]:
        att = _attach(app, data, name)
        path = uploads.absolute(att.path)
        assert path.read_bytes() == data and att.sha256 == hashlib.sha256(data).hexdigest()
        assert str(settings.STATIC_ROOT) not in str(path) and path.is_relative_to(uploads.root())
        assert len(path.stem) == 32 and int(path.stem, 16) >= 0  # stored under a random name, not the user's
    # replacing keeps one file per slot and removes the old file
    assert Attachment.objects.filter(application=app).count() == 1
    assert len([p for p in (uploads.root() / str(app.pk)).iterdir()]) == 1


def test_path_traversal_names_are_neutralised(app, pdf_bytes):
    att = _attach(app, pdf_bytes, "../../etc/passwd.pdf")
    assert att.filename == "passwd.pdf"
    with pytest.raises(FileNotFoundError):
        uploads.absolute("../../etc/passwd")


def test_upload_through_the_page_reports_errors(client, make_form):
    form = make_form()
    r = client.post(f"/procedures/f/{form.slug}/start/")
    url = r["Location"]
    bad = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")
    r = client.post(url, dict(VALID, action="confirm", file_doc=bad))
    body = r.content.decode()
    assert r.status_code == 200 and "実行ファイル" in body and 'class="error-summary"' in body
    assert 'value="高松 花子"' in body  # the typed values are kept


def test_oversized_request_is_refused_before_reading(client, make_form, settings):
    form = make_form()
    url = client.post(f"/procedures/f/{form.slug}/start/")["Location"]
    r = client.post(url, {"name": "x", "action": "save"}, CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert r.status_code == 302
    assert "大きすぎます" in client.get(url).content.decode()


def test_staff_download_is_forced_attachment(client, make_form, editor, pdf_bytes):
    form = make_form()
    app = applications.start(form)
    att = _attach(app, pdf_bytes, "id.pdf")
    client.force_login(editor)
    r = client.get(f"/procedures/staff/a/{app.pk}/attachment/{att.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff" and b"".join(r.streaming_content) == pdf_bytes


def test_sweep_removes_orphans_only(app, pdf_bytes):
    from kanmin.procedures.services import sweep_files

    att = _attach(app, pdf_bytes, "keep.pdf")
    orphan = uploads.root() / "orphan" / "x.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(pdf_bytes)
    part = uploads.root() / "tmp" / "dead.part"
    part.write_bytes(b"half")
    removed = sweep_files(older_than_s=0)
    assert not orphan.exists() and not part.exists() and uploads.absolute(att.path).exists()
    assert len(removed) == 2

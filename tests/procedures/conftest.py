"""Fixtures for the online procedures tests: signing keys, forms, citizens, real upload files."""

import io
from pathlib import Path

import pytest

SIMPLE_FIELDS = [
    {"key": "name", "label": "氏名", "label_en": "Name", "type": "text", "required": True, "max_length": 40, "prefill": "name"},
    {"key": "birthdate", "label": "生年月日", "type": "date", "required": True, "prefill": "birthdate"},
    {"key": "postal_code", "label": "郵便番号", "type": "postal_code", "required": True},
    {"key": "address", "label": "住所", "type": "text", "required": True, "prefill": "address"},
    {"key": "count", "label": "通数", "type": "number", "required": True},
    {"key": "purpose", "label": "目的", "type": "select", "required": True, "choices": [["work", "勤務先", "Work"], ["bank", "銀行", "Bank"]]},
    {"key": "phone", "label": "電話", "type": "tel", "required": False},
    {"key": "email", "label": "メール", "type": "email", "required": False},
    {"key": "agree", "label": "同意する", "type": "checkbox", "required": True},
]
DOC = {"key": "doc", "label": "本人確認書類", "label_en": "ID document", "types": ["pdf", "png", "jpeg"], "max_mb": 1, "required": True}
VALID = {"name": "高松 花子", "birthdate": "1990-04-01", "postal_code": "７６０-８５７１", "address": "香川県高松市番町一丁目8番15号",
         "count": "2", "purpose": "work", "phone": "087-839-2011", "email": "hanako@example.jp", "agree": "on"}


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory):
    from kanmin.procedures import signing

    return signing.keygen(tmp_path_factory.mktemp("keys"), city="テスト市")


@pytest.fixture(autouse=True)
def _procedure_settings(settings, key_dir, tmp_path):
    settings.KANMIN_PROCEDURES_KEY_DIR = str(key_dir)
    settings.KANMIN_JPKI_ADAPTER = "fake"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KANMIN_CITY_NAME = "テスト市長"


@pytest.fixture
def make_form(db, org):
    from kanmin.procedures import definitions

    def make(slug="juminhyo", **kw):
        values = dict(slug=slug, title="住民票の写しの交付請求", title_en="Residence record copy", department=org.name,
                      fields=SIMPLE_FIELDS, attachments=[DOC], identity_level="none", fee=0, published=True)
        values.update(kw)
        return definitions.save_form(**values)

    return make


@pytest.fixture
def citizen(db):
    from kanmin.procedures.models import CitizenIdentity

    return CitizenIdentity.objects.create(provider="oidc:test", subject="sub-1", level="login",
                                          claims={"name": "高松 太郎", "address": "香川県高松市番町1-8-15", "birthdate": "1985-05-05"})


def login_as(client, citizen, level="login"):
    import time

    session = client.session
    session["procedures_citizen"] = {"id": str(citizen.pk), "level": level, "seen": time.time()}
    session.save()


@pytest.fixture
def pdf_bytes() -> bytes:
    """A real PDF drawn by reportlab."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "ID document")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (30, 30, 200)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def xlsx_path(corpus) -> Path:
    """A real Takamatsu spreadsheet (a ZIP container) for the 'archive renamed to .pdf' case."""
    return next(corpus.rglob("*.xlsx"))

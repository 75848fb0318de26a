"""Engage fixtures: a real SMTP server on 127.0.0.1 (aiosmtpd), fast forms, helpers to post public forms."""

import email
import email.policy
import re
import socket
import time

import pytest


class Inbox:
    """Messages received by the local SMTP server, parsed."""

    def __init__(self):
        self.messages = []

    def wait(self, count: int = 1, timeout: float = 5.0):
        end = time.time() + timeout
        while len(self.messages) < count and time.time() < end:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"expected {count} mails, got {len(self.messages)}"
        return self.messages

    def to(self, address: str):
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def body(msg) -> str:
        return msg.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def link(msg, pattern: str) -> str:
        found = re.search(r"https?://[^\s]+" + pattern + r"[^\s]*", Inbox.body(msg))
        assert found, f"no link matching {pattern} in {Inbox.body(msg)}"
        return found.group(0)


class _Handler:
    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.inbox.messages.append(msg)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server in a thread; Django's SMTP backend is pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "opendata@city.example.jp"
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def engage_settings(settings, tmp_path):
    settings.KANMIN_ENGAGE_MIN_SECONDS = 0
    settings.KANMIN_SITE_URL = "http://testserver"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KANMIN_MAP_TILES = ""
    return settings


@pytest.fixture
def post_form(client):
    """GET a public form (for its signed stamp), then POST ``data`` with it."""

    def post(url, data, *, files=None, c=None):
        c = c or client
        page = c.get(url).content.decode()
        stamp = re.search(r'name="form_stamp" value="([^"]+)"', page)
        payload = {"website": "", **({"form_stamp": stamp.group(1)} if stamp else {}), **data}
        if files:
            payload.update(files)
        return c.post(url, payload)

    return post


@pytest.fixture
def aed_resource(load_file, corpus):
    """The real AED spreadsheet (has 緯度/経度) loaded into the datastore of dataset ``aed``."""
    return load_file(corpus / "aed_location" / "data.xlsx", name="AED設置場所一覧")


def png_bytes(size=(40, 30), color=(200, 30, 30), **info) -> bytes:
    import io

    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for k, v in info.items():
        meta.add_text(k, v)
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG", pnginfo=meta)
    return buf.getvalue()

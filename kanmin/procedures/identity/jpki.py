"""My Number card (公的個人認証 JPKI) adapter interface.

A real adapter talks to a JPKI platform (プラットフォーム事業者) or a card-reading app: the citizen
signs a challenge with the card's 署名用電子証明書 (signature certificate), the adapter checks the
signature and the certificate's revocation status with J-LIS, and returns the certificate's basic four
attributes (基本4情報: name, address, birthdate, gender) with ``strong`` assurance.

No card reader exists in this environment, so only the interface is real. ``FakeJPKIAdapter`` is a
**test/demo fake**: it accepts typed-in attributes and must never be enabled in production.
Select the adapter with ``settings.KANMIN_JPKI_ADAPTER`` ("dotted.path.Class" or "fake"); unset
means JPKI login is not offered.
"""

import hashlib
from importlib import import_module

from django.conf import settings
from django.shortcuts import redirect

from kanmin.core.errors import UserError

from ..models import IdentityLevel
from .base import Identity, IdentityProvider


class JPKIAdapter:
    """Interface for a JPKI integration.

    ``challenge(request) -> dict`` returns what the card app must sign (nonce, return URL);
    ``verify(request, response: dict) -> Identity`` checks the signed response and returns the
    basic four attributes with level ``strong``, raising ``UserError`` when verification fails.
    """

    fake = False

    def challenge(self, request) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def verify(self, request, response: dict) -> Identity:  # pragma: no cover - interface
        raise NotImplementedError


class FakeJPKIAdapter(JPKIAdapter):
    """FAKE adapter for tests and demos: no card, no signature — trusts the typed attributes."""

    fake = True

    def challenge(self, request) -> dict:
        return {"nonce": "fake"}

    def verify(self, request, response: dict) -> Identity:
        name = (response.get("name") or "").strip()
        birthdate = (response.get("birthdate") or "").strip()
        if not name or not birthdate:
            raise UserError("氏名と生年月日を入力してください（テスト用の偽カード）。", "Enter a name and birthdate (fake test card).")
        subject = hashlib.sha256(f"{name}|{birthdate}".encode()).hexdigest()[:32]
        claims = {k: response[k].strip() for k in ("name", "address", "birthdate", "gender") if response.get(k)}
        return Identity(provider="jpki-fake", subject=subject, level=IdentityLevel.STRONG, claims=claims)


def adapter() -> JPKIAdapter | None:
    path = getattr(settings, "KANMIN_JPKI_ADAPTER", "") or ""
    if not path:
        return None
    if path == "fake":
        return FakeJPKIAdapter()
    module, _, cls = path.rpartition(".")
    return getattr(import_module(module), cls)()


class JPKIProvider(IdentityProvider):
    name = "jpki"
    label_ja = "マイナンバーカードでログイン"
    label_en = "Log in with a My Number card"
    level = IdentityLevel.STRONG

    def enabled(self) -> bool:
        return adapter() is not None

    def begin(self, request, callback_url: str):
        request.session["procedures_jpki_challenge"] = adapter().challenge(request)
        return redirect(callback_url)

    def complete(self, request) -> Identity:
        if not request.session.pop("procedures_jpki_challenge", None):
            raise UserError("ログインの手順をやり直してください。", "Please start the login again.")
        return adapter().verify(request, request.POST.dict())

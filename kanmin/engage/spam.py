"""CAPTCHA-free abuse protection: a honeypot field, a minimum fill-in time and daily rate limits.

Rate limits count submissions per e-mail address and per client. The client key is a SHA-256 of the
address with a salt that changes every day (secret key + date), so no IP address is stored and keys
cannot be linked across days. Limits come from ``settings.KANMIN_ENGAGE_RATE_LIMIT``
(``{"per_email": 5, "per_client": 20}`` submissions a day) and ``KANMIN_ENGAGE_MIN_SECONDS``.
"""

import hashlib
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from kanmin.core.errors import UserError

from .models import RateEvent

HONEYPOT = "website"
STAMP = "form_stamp"
DEFAULT_LIMITS = {"per_email": 5, "per_client": 20, "per_session": 10}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "KANMIN_ENGAGE_RATE_LIMIT", {})}


def min_seconds() -> float:
    return float(getattr(settings, "KANMIN_ENGAGE_MIN_SECONDS", 2))


def new_stamp() -> str:
    """Signed time the form was shown; a bot posting instantly is refused."""
    return signing.dumps(time.time(), salt="engage-form-stamp")


def check_form(data) -> None:
    """Refuse a submission that filled the honeypot or came back too quickly (or with no stamp)."""
    if (data.get(HONEYPOT) or "").strip():
        raise UserError(
            "送信できませんでした。入力内容が自動送信（スパム）と判定されました。",
            "The form could not be sent: it looks like an automated (spam) submission.",
        )
    try:
        shown = signing.loads(data.get(STAMP) or "", salt="engage-form-stamp", max_age=24 * 3600)
    except signing.BadSignature:
        raise UserError(
            "フォームの有効期限が切れました。ページを再読み込みしてもう一度送信してください。",
            "The form has expired; reload the page and send it again.",
        ) from None
    if time.time() - float(shown) < min_seconds():
        raise UserError(
            "送信が早すぎます。内容を確認してからもう一度送信してください。",
            "The form was sent too quickly; check your entry and send it again.",
        )


def client_key(request) -> str:
    """Daily-salted digest of the client address (never stored in clear)."""
    address = request.META.get("REMOTE_ADDR", "")
    day = timezone.localdate().isoformat()
    return hashlib.sha256(f"{settings.SECRET_KEY}|{day}|{address}".encode()).hexdigest()


def email_key(email: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|mail|{email.strip().lower()}".encode()).hexdigest()


def session_key(request) -> str | None:
    """A per-browser key kept in the session (only for browsers that keep cookies)."""
    if not hasattr(request, "session"):
        return None
    token = request.session.get("engage_rate")
    if not token:
        token = hashlib.sha256(f"{time.time_ns()}|{id(request)}".encode()).hexdigest()
        request.session["engage_rate"] = token
    return token


def check_rate(request, bucket: str, email: str = "") -> None:
    """Raise if today's submissions for this e-mail, browser session or client reached the limit; else record one."""
    cfg = limits()
    since = timezone.now() - timedelta(days=1)
    keys = [("per_client", f"c:{client_key(request)}")]
    if email:
        keys.append(("per_email", f"e:{email_key(email)}"))
    skey = session_key(request)
    if skey:
        keys.append(("per_session", f"s:{hashlib.sha256(skey.encode()).hexdigest()}"))
    for limit_name, key in keys:
        key = hashlib.sha256(key.encode()).hexdigest()
        if RateEvent.objects.filter(bucket=bucket, key=key, created__gte=since).count() >= cfg[limit_name]:
            raise UserError(
                "送信の回数が上限に達しました。24 時間後にもう一度お試しください。",
                "You have reached the daily limit of submissions; please try again in 24 hours.",
            )
    RateEvent.objects.bulk_create([RateEvent(bucket=bucket, key=hashlib.sha256(k.encode()).hexdigest()) for _n, k in keys])


def purge(days: int = 2) -> int:
    return RateEvent.objects.filter(created__lt=timezone.now() - timedelta(days=days)).delete()[0]

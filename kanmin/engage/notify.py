"""E-mail: confirmation links, request status updates, app review results and area alerts.

Mail goes through Django's e-mail framework (``EMAIL_HOST``/``EMAIL_PORT`` etc.). Bodies are plain
text in Japanese followed by English. Links are absolute, built from ``KANMIN_SITE_URL``.
Confirmation links are signed (no token stored) and expire after ``CONFIRM_DAYS`` days.
"""

import logging

from django.conf import settings
from django.core import mail, signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)
CONFIRM_SALT = "engage-confirm"
UNSUBSCRIBE_SALT = "engage-unsubscribe"
CONFIRM_DAYS = 7


def absolute(url_name: str, *args, lang: str = "ja") -> str:
    with translation.override("en" if lang == "en" else "ja"):
        path = reverse(url_name, args=args)
    return settings.KANMIN_SITE_URL.rstrip("/") + path


def confirm_token(kind: str, obj_id) -> str:
    return signing.dumps({"k": kind, "id": str(obj_id)}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        return None
    return data.get("k"), data.get("id")


def unsubscribe_token(subscription_id) -> str:
    return signing.dumps(str(subscription_id), salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def sender() -> str:
    return getattr(settings, "KANMIN_ENGAGE_FROM_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def message(template: str, to: list[str], context: dict) -> mail.EmailMessage:
    context = {**context, "site_name": settings.KANMIN_SITE_NAME, "site_url": settings.KANMIN_SITE_URL}
    text = render_to_string(f"engage/mail/{template}.txt", context).strip() + "\n"
    subject, _sep, body = text.partition("\n")
    return mail.EmailMessage(subject.strip()[:200], body.lstrip("\n"), sender(), to)


def send(template: str, to: str, context: dict) -> bool:
    """Send one message; a mail server failure is logged and reported as False (never lost silently)."""
    try:
        return message(template, [to], context).send() == 1
    except Exception:  # noqa: BLE001 - SMTP errors must not break the page
        log.exception("engage mail %s to recipient failed", template)
        return False


def send_confirmation(kind: str, obj, lang: str = "ja") -> bool:
    url = absolute("engage:confirm", confirm_token(kind, obj.pk), lang=lang)
    return send("confirm", obj.email, {"kind": kind, "obj": obj, "url": url, "days": CONFIRM_DAYS})


def send_request_update(req, event) -> bool:
    return send("request_update", req.email, {
        "req": req, "event": event, "url": absolute("engage:request_detail", req.pk, lang=req.lang),
        "dataset_url": _dataset_url(req.dataset_id, req.lang),
    })


def send_app_review(app) -> bool:
    return send("app_review", app.email, {"app": app, "url": absolute("engage:app_detail", app.pk, lang=app.lang)})


def notify_staff(subject_kind: str, obj) -> None:
    """Tell the staff mailbox (``KANMIN_ENGAGE_STAFF_EMAIL``) that something waits for review."""
    to = getattr(settings, "KANMIN_ENGAGE_STAFF_EMAIL", "")
    if to:
        url = absolute("engage:staff_requests" if subject_kind == "request" else "engage:staff_apps")
        send("staff_new", to, {"kind": subject_kind, "obj": obj, "url": url})


def alert_messages(alert, subscriptions) -> list[mail.EmailMessage]:
    from .services import dataset_ref

    ref = dataset_ref(alert.dataset_id)
    out = []
    for sub in subscriptions:
        out.append(message("alert", [sub.email], {
            "alert": alert,
            "url": absolute("engage:alert_detail", alert.pk, lang=sub.lang),
            "dataset_url": _ref_url(ref, sub.lang),
            "unsubscribe_url": absolute("engage:unsubscribe", unsubscribe_token(sub.pk), lang=sub.lang),
        }))
    return out


def _dataset_url(dataset_id: str, lang: str) -> str:
    from .services import dataset_ref

    return _ref_url(dataset_ref(dataset_id), lang)


def _ref_url(ref: dict | None, lang: str) -> str:
    return absolute("web:dataset", ref["name"], lang=lang) if ref else ""

"""Staff side: the review queue's state machine (受付 → 審査 → 差戻し/承認 → 交付), comments and
issuing the signed document. Every step is checked against the department permission and audited."""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kanmin.core.errors import UserError

from . import access, audit, schema, signing, uploads
from .models import Application, ApplicationEvent, IssuedDocument

S = Application.Status
Kind = ApplicationEvent.Kind

TRANSITIONS = {
    S.RECEIVED: (S.REVIEWING,),
    S.REVIEWING: (S.RETURNED, S.APPROVED),
    S.RETURNED: (),  # the applicant corrects and resubmits (back to 受付)
    S.APPROVED: (S.ISSUED,),
    S.ISSUED: (),
    S.DRAFT: (),
}


def allowed_next(app: Application) -> tuple:
    return TRANSITIONS.get(app.status, ())


def _check(user, app: Application) -> None:
    if not access.can_work(user, app.department):
        raise PermissionDenied


def transition(app: Application, to: str, user, *, message: str = "") -> Application:
    """Move ``app`` to ``to``; 差戻し needs a reason for the applicant; 交付 issues the signed PDF."""
    _check(user, app)
    message = (message or "").strip()
    if to == S.ISSUED:
        return issue(app, user, message=message)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if to not in TRANSITIONS.get(locked.status, ()):
            raise UserError(f"「{locked.get_status_display()}」から「{S(to).label}」には進めません。",
                            f"Cannot move from {locked.status} to {to}.")
        if to == S.RETURNED and not message:
            raise UserError("差戻しの理由を入力してください（申請者に表示されます）。", "Give the reason for returning (shown to the applicant).", field="message")
        was = locked.status
        locked.status = to
        fields = ["status", "modified"]
        if to == S.RETURNED:
            locked.submit_token = secrets.token_urlsafe(24)
            fields.append("submit_token")
        if to == S.APPROVED:
            locked.decided_at = timezone.now()
            fields.append("decided_at")
        locked.save(update_fields=fields)
        audit.record(locked, Kind.TRANSITION, actor=user, from_status=was, to_status=to, message=message)
    return locked


def comment(app: Application, user, text: str, *, visible: bool = False) -> ApplicationEvent:
    _check(user, app)
    text = (text or "").strip()
    if not text:
        raise UserError("コメントを入力してください。", "Enter a comment.", field="message")
    return audit.record(app, Kind.COMMENT, actor=user, message=text[:4000], visible=visible)


def _document_rows(app: Application) -> list[tuple[str, str]]:
    rows = [("手続 / Procedure", app.form.title)]
    for spec in app.form.fields:
        value = schema.display_value(spec, app.data.get(spec["key"]))
        if value and spec["type"] not in ("checkbox",):
            rows.append((spec["label"], value))
    return rows[:18]


def applicant_name(app: Application) -> str:
    data = app.data or {}
    claims = app.citizen.claims if app.citizen else {}
    return str(data.get("name") or data.get("applicant_name") or claims.get("name") or "—")


def issue(app: Application, user, *, message: str = "") -> Application:
    """Approved → 交付: draw and sign the PDF, store it atomically, record it. Needs the fee paid."""
    _check(user, app)
    app.refresh_from_db()
    if app.status != S.APPROVED:
        raise UserError("承認済みの申請だけを交付できます。", "Only approved applications can be issued.")
    if not app.is_paid:
        raise UserError("手数料の支払が確認できないため交付できません。", "The fee has not been paid, so the document cannot be issued.")
    issuer = getattr(settings, "KANMIN_CITY_NAME", "") or settings.KANMIN_SITE_NAME
    pdf = signing.render_pdf(title=f"{app.form.title} 交付通知書", receipt=app.receipt_number, applicant=applicant_name(app),
                             rows=_document_rows(app), issuer=issuer, issued_on=timezone.localdate().isoformat())
    signed = signing.sign_pdf(pdf)
    rel = Path(uploads.ROOT_NAME) / "issued" / str(app.pk) / f"{app.receipt_number}.pdf"
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(signed)
    os.replace(tmp, target)
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=app.pk)
            if locked.status != S.APPROVED:
                raise UserError("この申請は既に処理されています。", "This application was already processed.")
            IssuedDocument.objects.create(application=locked, path=str(rel), sha256=hashlib.sha256(signed).hexdigest(),
                                          signer_subject=signing.signer_subject(), issued_by=user)
            locked.status = S.ISSUED
            locked.save(update_fields=["status", "modified"])
            audit.record(locked, Kind.TRANSITION, actor=user, from_status=S.APPROVED, to_status=S.ISSUED, message=message)
            audit.record(locked, Kind.ISSUED, actor=user, message=f"電子署名付き PDF を交付 / signed PDF issued (sha256 {hashlib.sha256(signed).hexdigest()[:16]}…)")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return locked

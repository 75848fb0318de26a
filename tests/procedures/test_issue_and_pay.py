"""Fees through the payment provider, and issuing a PDF signed with the city's key (verified with pyHanko)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kanmin.core.errors import UserError
from kanmin.procedures import applications, payments, signing, uploads, workflow
from kanmin.procedures.models import Application, Payment

from .conftest import VALID

S = Application.Status


@pytest.fixture
def approved(make_form, editor):
    app = applications.start(make_form(attachments=[], fee=300))
    applications.save_draft(app, VALID)
    app = applications.submit(app, app.submit_token)
    workflow.transition(app, S.REVIEWING, editor)
    return workflow.transition(app, S.APPROVED, editor)


def test_payment_only_through_provider_confirmation(approved):
    provider = payments.TestPaymentProvider()
    assert not approved.is_paid
    payment = provider.start(approved)
    assert payment.status == Payment.Status.PENDING and payment.amount == 300
    assert provider.start(approved).pk == payment.pk  # no duplicate pending payments
    with pytest.raises(UserError, match="could not be verified"):
        provider.confirm(payment, dict(provider.notification_for(payment), signature="forged"))
    with pytest.raises(UserError):
        provider.confirm(payment, dict(provider.notification_for(payment), amount=1))
    approved.refresh_from_db()
    assert not approved.is_paid
    provider.confirm(payment, provider.notification_for(payment))
    provider.confirm(payment, provider.notification_for(payment))  # repeated notification is harmless
    assert approved.is_paid and approved.paid_amount == 300
    assert approved.events.filter(kind="payment").count() == 1
    with pytest.raises(UserError, match="already been paid"):
        provider.start(approved)


def test_no_paid_state_without_a_payment_record(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(application=approved, provider="test", provider_reference="", amount=300, status="paid", paid_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(application=approved, provider="test", provider_reference="X-1", amount=300, status="paid")  # no paid_at
    assert not approved.is_paid


def test_cannot_pay_a_draft_or_a_free_procedure(make_form):
    draft = applications.start(make_form(attachments=[], fee=300))
    with pytest.raises(UserError, match="Submit"):
        payments.TestPaymentProvider().start(draft)
    free = applications.start(make_form(slug="free", attachments=[]))
    with pytest.raises(UserError, match="no fee"):
        payments.TestPaymentProvider().start(free)


def test_issue_requires_payment_then_signed_pdf_verifies(approved, editor, client, key_dir):
    with pytest.raises(UserError, match="not been paid"):
        workflow.transition(approved, S.ISSUED, editor)
    # the citizen pays through the pages (status -> pay -> test checkout)
    session = client.session
    session["procedures_keys"] = [approved.access_key]
    session.save()
    r = client.post(f"/procedures/a/{approved.pk}/pay/")
    assert r.status_code == 302 and "/pay/test/TEST-" in r["Location"]
    assert "300" in client.get(r["Location"]).content.decode()
    r = client.post(r["Location"], {"action": "pay"})
    approved.refresh_from_db()
    assert approved.is_paid
    app = workflow.transition(approved, S.ISSUED, editor)
    assert app.status == S.ISSUED
    doc = app.documents.get()
    pdf = uploads.absolute(doc.path).read_bytes()
    result = signing.verify_pdf(pdf, (key_dir / "root.pem").read_bytes())
    assert result["ok"] and result["intact"] and result["valid"] and result["trusted"], result
    assert "Document Signing" in result["signer"]
    # the applicant downloads it; the public verify page accepts it and rejects a tampered copy
    r = client.get(f"/procedures/a/{app.pk}/document/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    ok = client.post("/procedures/verify/", {"pdf": SimpleUploadedFile("a.pdf", pdf)}).content.decode()
    assert "有効な電子署名です" in ok
    at = pdf.find(b"/Author")
    tampered = pdf[:at + 10] + (b"X" if pdf[at + 10:at + 11] != b"X" else b"Y") + pdf[at + 11:]
    assert not signing.verify_pdf(tampered)["intact"]
    assert "改ざん" in client.post("/procedures/verify/", {"pdf": SimpleUploadedFile("a.pdf", tampered)}).content.decode()


def test_signature_from_another_key_is_not_trusted(tmp_path, settings, key_dir):
    """A PDF signed by someone else's (self-made) key does not verify against the city's root."""
    other = signing.keygen(tmp_path / "other", city="よその市")
    settings.KANMIN_PROCEDURES_KEY_DIR = str(other)
    pdf = signing.sign_pdf(signing.render_pdf(title="偽の証明書", receipt="R2026-999999", applicant="x", rows=[], issuer="よその市", issued_on="2026-01-01"))
    assert signing.verify_pdf(pdf, (other / "root.pem").read_bytes())["ok"]
    city = signing.verify_pdf(pdf, (key_dir / "root.pem").read_bytes())
    assert city["intact"] and not city["trusted"] and not city["ok"]


def test_keygen_cli_refuses_to_overwrite(tmp_path):
    signing.keygen(tmp_path / "k")
    assert oct((tmp_path / "k" / "signer.key").stat().st_mode)[-3:] == "600"
    with pytest.raises(UserError, match="already exist"):
        signing.keygen(tmp_path / "k")

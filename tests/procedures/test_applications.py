"""Citizen flow through the web: draft, autosave, attachments, confirm, idempotent submit, receipts."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kanmin.core.errors import UserError
from kanmin.procedures import applications, receipts
from kanmin.procedures.models import Application, ApplicationEvent, Attachment, Counter

from .conftest import VALID, login_as


def _start(client, form):
    r = client.post(f"/procedures/f/{form.slug}/start/")
    assert r.status_code == 302
    return Application.objects.get(pk=r["Location"].split("/")[3])


def test_draft_confirm_submit_receipt_and_double_submit(client, make_form, pdf_bytes):
    form = make_form()
    assert "住民票の写しの交付請求" in client.get("/procedures/?q=住民票").content.decode()
    app = _start(client, form)
    # explicit save keeps partial, even invalid, input
    r = client.post(f"/procedures/a/{app.pk}/", {"name": "高松 花子", "count": "二", "action": "save"})
    assert r.status_code == 200 and "数字" in r.content.decode()
    app.refresh_from_db()
    assert app.data["name"] == "高松 花子" and app.data["count"] == "二"
    # autosave endpoint (JSON)
    r = client.post(f"/procedures/a/{app.pk}/autosave/", {"address": "高松市番町"}, content_type="application/json")
    assert r.json()["saved"] is True
    app.refresh_from_db()
    assert app.data["address"] == "高松市番町"
    # confirm without the attachment: error summary linked to the problem
    r = client.post(f"/procedures/a/{app.pk}/", dict(VALID, action="confirm"))
    body = r.content.decode()
    assert r.status_code == 200 and 'class="error-summary"' in body and "「本人確認書類」を添付してください。" in body
    upload = SimpleUploadedFile("id.pdf", pdf_bytes, content_type="application/pdf")
    r = client.post(f"/procedures/a/{app.pk}/", dict(VALID, action="confirm", file_doc=upload))
    assert r.status_code == 302 and r["Location"].endswith("/confirm/")
    page = client.get(r["Location"]).content.decode()
    assert "760-8571" in page and "id.pdf" in page
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    first = client.post(f"/procedures/a/{app.pk}/confirm/", {"submit_token": token})
    second = client.post(f"/procedures/a/{app.pk}/confirm/", {"submit_token": token})  # double click
    assert first.status_code == second.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED
    assert re.fullmatch(r"R\d{4}-\d{6}", app.receipt_number)
    assert Application.objects.exclude(receipt_number=None).count() == 1
    assert ApplicationEvent.objects.filter(application=app, kind="submitted").count() == 1
    status = client.get(f"/procedures/a/{app.pk}/status/").content.decode()
    assert app.receipt_number in status
    assert client.get(f"/procedures/a/{app.pk}/status.json").json()["status"] == "received"
    # a submitted application can no longer be edited
    r = client.post(f"/procedures/a/{app.pk}/", dict(VALID, name="別人", action="save"))
    app.refresh_from_db()
    assert app.data["name"] == "高松 花子"
    att = Attachment.objects.get(application=app)
    assert att.sha256 and att.path.startswith("procedures/") and att.content_type == "application/pdf"


def test_other_people_cannot_see_an_anonymous_application(client, make_form, django_user_model):
    from django.test import Client

    app = applications.start(make_form())
    stranger = Client()
    assert stranger.get(f"/procedures/a/{app.pk}/").status_code == 403
    assert stranger.get(f"/procedures/a/{app.pk}/?key={app.access_key}").status_code == 200  # the resume link works
    assert stranger.get(f"/procedures/a/{app.pk}/").status_code == 200  # and is remembered in the session


def test_stale_token_is_rejected_with_a_message(make_form):
    app = applications.start(make_form(attachments=[]))
    applications.save_draft(app, VALID)
    with pytest.raises(UserError, match="out of date"):
        applications.submit(app, "not-the-token")
    app = applications.submit(app, app.submit_token)
    assert app.receipt_number
    assert applications.submit(app, "anything").receipt_number == app.receipt_number  # already submitted: same receipt


def test_prefill_from_identity_and_earlier_applications(client, make_form, citizen):
    form = make_form(identity_level="login", attachments=[])
    first = applications.start(form, citizen=citizen, level="login")
    assert first.data["name"] == "高松 太郎" and first.data["birthdate"] == "1985-05-05"
    applications.save_draft(first, dict(VALID, name="高松 太郎", phone="090-1234-5678"))
    applications.submit(first, first.submit_token)
    second = applications.start(form, citizen=citizen, level="login")
    assert second.data["phone"] == "090-1234-5678"  # from the earlier application
    assert second.data["name"] == "高松 太郎"  # identity claim wins
    login_as(client, citizen)
    page = client.get(f"/procedures/a/{second.pk}/").content.decode()
    assert "ログイン情報から入力済み" in page and 'value="090-1234-5678"' in page


def test_login_required_and_expired_session_keeps_input(client, make_form, citizen):
    form = make_form(identity_level="login", attachments=[])
    r = client.post(f"/procedures/f/{form.slug}/start/")
    assert r.status_code == 302 and "/procedures/login/" in r["Location"]
    login_as(client, citizen)
    app = _start(client, form)
    # the session expires (idle too long) while the citizen is typing
    session = client.session
    session["procedures_citizen"]["seen"] -= 3 * 3600
    session.save()
    r = client.post(f"/procedures/a/{app.pk}/", dict(VALID, address="香川県高松市亀井町", action="save"))
    assert r.status_code == 302 and "/procedures/login/" in r["Location"]
    app.refresh_from_db()
    assert app.data.get("address") != "香川県高松市亀井町"  # not written without a valid login
    assert "期限" in client.get(r["Location"]).content.decode()
    login_as(client, citizen)
    page = client.get(f"/procedures/a/{app.pk}/").content.decode()
    app.refresh_from_db()
    assert app.data["address"] == "香川県高松市亀井町" and "復元しました" in page
    # someone else logged in cannot open it
    from kanmin.procedures.models import CitizenIdentity

    other = CitizenIdentity.objects.create(provider="oidc:test", subject="sub-2", level="login", claims={})
    login_as(client, other)
    assert client.get(f"/procedures/a/{app.pk}/").status_code == 403


def test_strong_identity_waives_attachment_the_city_holds(make_form, citizen):
    form = make_form(identity_level="login", attachments=[dict(**{"key": "tenshutsu", "label": "転出証明書", "types": ["pdf"], "max_mb": 1, "required": True, "waive_level": "strong"})])
    weak = applications.start(form, citizen=citizen, level="login")
    strong = applications.start(form, citizen=citizen, level="strong")
    applications.save_draft(weak, VALID)
    applications.save_draft(strong, VALID)
    assert applications.submission_errors(weak)[1]
    assert applications.submission_errors(strong) == ({}, [])
    assert applications.submit(strong, strong.submit_token).receipt_number


def test_receipt_numbers_are_sequential_and_rollback_returns_the_number(db):
    from django.db import transaction

    a = receipts.next_number("R", 2026)
    b = receipts.next_number("R", 2026)
    assert (a, b) == ("R2026-000001", "R2026-000002")
    with pytest.raises(RuntimeError), transaction.atomic():
        receipts.next_number("R", 2026)
        raise RuntimeError("submission failed")
    assert receipts.next_number("R", 2026) == "R2026-000003"
    assert receipts.next_number("B", 2026) == "B2026-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_are_unique():
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(receipts.next_number("R", 2030))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [f"R2030-{i:06d}" for i in range(1, 31)]
    assert Counter.objects.get(key="R2030").last == 30


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_gives_one_receipt(org):
    from kanmin.procedures import definitions

    from .conftest import SIMPLE_FIELDS

    form = definitions.save_form(slug="x", title="X", department=org.name, fields=SIMPLE_FIELDS, published=True)
    app = applications.start(form)
    applications.save_draft(app, VALID)
    token = app.submit_token
    out, errors = [], []

    def work():
        try:
            out.append(applications.submit(Application.objects.get(pk=app.pk), token).receipt_number)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(set(out)) == 1 and len(out) == 4
    assert ApplicationEvent.objects.filter(application=app, kind="submitted").count() == 1

"""Staff queue: state transitions, comments, append-only audit trail, department permissions, counter mode."""

import pytest
from django.contrib.auth import get_user_model

from kanmin.core.errors import UserError
from kanmin.procedures import applications, workflow
from kanmin.procedures.models import Application, ApplicationEvent

from .conftest import VALID

S = Application.Status


@pytest.fixture
def submitted(make_form):
    app = applications.start(make_form(attachments=[]))
    applications.save_draft(app, VALID)
    return applications.submit(app, app.submit_token)


def test_transitions_and_audit_trail(submitted, editor, client):
    app = submitted
    with pytest.raises(UserError, match="Cannot move"):
        workflow.transition(app, S.APPROVED, editor)  # must be reviewed first
    workflow.transition(app, S.REVIEWING, editor)
    with pytest.raises(UserError, match="reason"):
        workflow.transition(app, S.RETURNED, editor)
    workflow.transition(app, S.RETURNED, editor, message="住所の番地が抜けています。")
    app.refresh_from_db()
    assert app.status == S.RETURNED and app.receipt_number
    # the applicant sees the reason, corrects and resubmits under the same receipt number
    receipt = app.receipt_number
    session = client.session
    session["procedures_keys"] = [app.access_key]
    session.save()
    assert "住所の番地が抜けています。" in client.get(f"/procedures/a/{app.pk}/").content.decode()
    applications.save_draft(app, dict(VALID, address="香川県高松市番町一丁目8番15号"))
    app = applications.submit(app, app.submit_token)
    assert app.status == S.RECEIVED and app.receipt_number == receipt
    workflow.transition(app, S.REVIEWING, editor)
    workflow.comment(app, editor, "内部メモ: 確認済み")
    workflow.transition(app, S.APPROVED, editor)
    kinds = list(app.events.values_list("kind", "from_status", "to_status"))
    assert ("transition", "received", "reviewing") in kinds and ("transition", "reviewing", "returned") in kinds
    assert ("submitted", "returned", "received") in kinds
    last = app.events.filter(kind="transition").last()
    assert last.actor == editor and last.to_status == "approved" and last.at is not None
    # internal comments stay internal
    page = client.get(f"/procedures/a/{app.pk}/status/").content.decode()
    assert "内部メモ" not in page and "承認" in page


def test_audit_trail_is_append_only(submitted):
    event = submitted.events.first()
    event.message = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.filter(application=submitted).update(message="x")
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.filter(application=submitted).delete()


def test_department_permissions(submitted, other_org, client, editor, staff_user):
    outsider = staff_user("outsider", other_org)
    with pytest.raises(Exception) as err:
        workflow.transition(submitted, S.REVIEWING, outsider)
    assert type(err.value).__name__ == "PermissionDenied"
    client.force_login(outsider)
    assert client.get(f"/procedures/staff/a/{submitted.pk}/").status_code == 403
    assert submitted.receipt_number not in client.get("/procedures/staff/").content.decode()
    r = client.post(f"/procedures/staff/a/{submitted.pk}/transition/", {"to": "reviewing"})
    assert r.status_code == 403
    nobody = get_user_model().objects.create_user("citizen-ish", password="pw-nobody-1")
    client.force_login(nobody)
    assert client.get("/procedures/staff/").status_code == 403
    client.force_login(editor)
    assert submitted.receipt_number in client.get("/procedures/staff/").content.decode()
    r = client.post(f"/procedures/staff/a/{submitted.pk}/transition/", {"to": "reviewing"})
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.REVIEWING
    r = client.post(f"/procedures/staff/a/{submitted.pk}/comment/", {"message": "書類を確認しました", "visible": "on"})
    page = client.get(f"/procedures/staff/a/{submitted.pk}/").content.decode()
    assert "書類を確認しました" in page and "editor" in page


def test_counter_mode_is_recorded_as_on_behalf(client, editor, make_form, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = make_form(identity_level="strong")
    client.force_login(editor)
    r = client.post("/procedures/staff/counter/", {"form_slug": form.slug, "id_checked": "mynumber", "note": "カード券面を確認"})
    assert r.status_code == 302
    app = Application.objects.get(channel="counter")
    assert app.filed_by == editor and app.identity_level == "strong" and app.citizen is None
    upload = SimpleUploadedFile("id.pdf", pdf_bytes)
    r = client.post(r["Location"], dict(VALID, action="confirm", file_doc=upload))
    assert r.status_code == 302 and r["Location"].endswith("/confirm/")
    r = client.post(r["Location"], {"submit_token": Application.objects.get(pk=app.pk).submit_token})
    app.refresh_from_db()
    assert app.status == S.RECEIVED
    events = list(app.events.all())
    assert all(e.actor == editor and e.on_behalf for e in events)
    assert any("窓口" in e.message for e in events if e.kind == "submitted")
    assert any("mynumber" in e.message for e in events if e.kind == "comment")
    # a citizen session cannot touch a counter filing
    from django.test import Client

    assert Client().get(f"/procedures/a/{app.pk}/").status_code == 403


def test_form_builder_page_creates_and_versions(client, editor, org, other_org):
    client.force_login(editor)
    assert client.get("/procedures/staff/forms/new/").status_code == 200
    data = {
        "slug": "inu-toroku", "title": "犬の登録", "title_en": "Dog registration", "procedure_id": "", "department": org.name,
        "description": "", "description_en": "", "identity_level": "none", "fee": "3000", "keywords": "犬", "published": "on",
        "f-TOTAL_FORMS": "3", "f-INITIAL_FORMS": "0", "f-MIN_NUM_FORMS": "0", "f-MAX_NUM_FORMS": "1000",
        "f-0-key": "name", "f-0-label": "飼い主の氏名", "f-0-type": "text", "f-0-required": "on", "f-0-ORDER": "2",
        "f-1-key": "dog_breed", "f-1-label": "犬種", "f-1-type": "select", "f-1-choices": "shiba|柴犬|Shiba\nother|その他|Other", "f-1-ORDER": "1",
        "a-TOTAL_FORMS": "1", "a-INITIAL_FORMS": "0", "a-MIN_NUM_FORMS": "0", "a-MAX_NUM_FORMS": "1000",
        "a-0-key": "vaccine", "a-0-label": "狂犬病予防注射済証", "a-0-types": ["pdf", "jpeg"], "a-0-max_mb": "5", "a-0-required": "on",
    }
    r = client.post("/procedures/staff/forms/new/", data)
    assert r.status_code == 302, (r.context["settings_form"].errors, r.context["fields_fs"].errors, r.context["attach_fs"].errors)
    from kanmin.procedures.definitions import current

    form = current("inu-toroku")
    assert [f["key"] for f in form.fields] == ["dog_breed", "name"]  # ordered as asked
    assert form.fields[0]["choices"][0] == ["shiba", "柴犬", "Shiba"] and form.fee == 3000
    assert form.attachments[0]["types"] == ["pdf", "jpeg"]
    assert "犬の登録" in client.get("/procedures/").content.decode()
    # another department is refused; a bad key gives a clear error
    r = client.post("/procedures/staff/forms/new/", dict(data, slug="x2", department=other_org.name))
    assert r.status_code == 200 and form.__class__.objects.filter(slug="x2").count() == 0
    r = client.post("/procedures/staff/forms/new/", dict(data, slug="x3", **{"f-0-key": "Bad Key"}))
    assert "英小文字" in r.content.decode()


def test_staff_document_outside_the_store_is_not_found(submitted, editor, client):
    """A document whose path leaves MEDIA_ROOT/procedures answers 404 (as on the applicant's page), not 500."""
    from kanmin.procedures.models import IssuedDocument

    doc = IssuedDocument.objects.create(application=submitted, path="procedures-old/x.pdf", sha256="0" * 64, signer_subject="x")
    client.force_login(editor)
    assert client.get(f"/procedures/staff/a/{submitted.pk}/document/{doc.pk}/").status_code == 404
    doc.path = "../../etc/passwd"
    doc.save()
    assert client.get(f"/procedures/staff/a/{submitted.pk}/document/{doc.pk}/").status_code == 404

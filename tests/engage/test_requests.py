"""Data requests: submission, spam protection, e-mail confirmation, staff triage and notification."""

import pytest

from kanmin.engage import notify, services
from kanmin.engage.models import DataRequest, RateEvent, RequestEvent

pytestmark = pytest.mark.django_db

NEW = "/engage/requests/new/"
GOOD = {
    "title": "公園のベンチの位置データ",
    "body": "市内の公園にあるベンチの位置（緯度経度）を CSV で公開してください。",
    "purpose": "散歩アプリで休憩場所を案内したい",
    "requester_name": "高松太郎",
    "email": "taro@example.jp",
}


@pytest.mark.django_db(transaction=True)  # mails are sent after commit
def test_request_confirm_triage_and_notification(client, post_form, smtp, editor, dataset):
    r = post_form(NEW, GOOD)
    assert r.status_code == 200, r.content.decode()[:500]
    assert "確認メールを送りました" in r.content.decode()
    req = DataRequest.objects.get()
    assert req.confirmed_at is None and req.moderation == "pending" and req.status == "received"

    # the confirmation link arrives at the real SMTP server
    mail = smtp.wait(1)[0]
    assert mail["To"] == "taro@example.jp" and "確認" in mail["Subject"]
    link = smtp.link(mail, "/engage/confirm/")
    assert "公開されます" not in client.get("/engage/requests/").content.decode()
    r = client.get(link.replace("http://testserver", ""))
    assert r.status_code == 200 and "確認できました" in r.content.decode()
    req.refresh_from_db()
    assert req.confirmed_at is not None
    # still moderated: not public until staff approve it
    assert GOOD["title"] not in client.get("/engage/requests/").content.decode()
    assert client.get(f"/engage/requests/{req.pk}/").status_code == 404

    # staff triage: approve and mark as under consideration -> requester notified
    client.force_login(editor)
    page = client.get("/engage/staff/requests/?view=pending").content.decode()
    assert GOOD["title"] in page
    r = client.post(f"/engage/staff/requests/{req.pk}/", {
        "moderation": "approved", "status": "considering", "response": "担当課で公開を検討しています。", "dataset": "",
    })
    assert r.status_code == 302
    update = smtp.wait(2)[1]
    assert update["To"] == "taro@example.jp"
    assert "検討中" in update["Subject"] and "担当課で公開を検討しています。" in smtp.body(update)

    # published with a linked dataset -> second notification carries the dataset URL
    r = client.post(f"/engage/staff/requests/{req.pk}/", {
        "moderation": "approved", "status": "published", "response": "AED 設置場所として公開しました。", "dataset": "aed",
    })
    assert r.status_code == 302
    done = smtp.wait(3)[2]
    assert "公開済" in done["Subject"] and "http://testserver/dataset/aed/" in smtp.body(done)
    req.refresh_from_db()
    assert req.status == "published" and req.dataset_id == str(dataset.pk)
    assert RequestEvent.objects.filter(request=req, notified=True).count() == 2

    client.logout()
    listing = client.get("/engage/requests/?status=published").content.decode()
    assert GOOD["title"] in listing and "公開済" in listing
    detail = client.get(f"/engage/requests/{req.pk}/").content.decode()
    assert "AED設置場所" in detail and "/dataset/aed/" in detail
    assert "taro@example.jp" not in detail and "高松太郎" not in detail  # personal data never public


def test_honeypot_is_rejected_and_nothing_stored(post_form):
    r = post_form(NEW, {**GOOD, "website": "http://spam.example.com"})
    assert r.status_code == 400
    assert "スパム" in r.content.decode()
    assert DataRequest.objects.count() == 0


def test_form_sent_too_fast_or_without_stamp_is_rejected(client, post_form, settings):
    settings.KANMIN_ENGAGE_MIN_SECONDS = 30
    r = post_form(NEW, GOOD)
    assert r.status_code == 400 and "早すぎます" in r.content.decode()
    r = client.post(NEW, {**GOOD, "form_stamp": "forged"})
    assert r.status_code == 400 and "有効期限" in r.content.decode()
    assert DataRequest.objects.count() == 0


def test_rate_limit_per_email_and_no_ip_stored(client, post_form, settings):
    settings.KANMIN_ENGAGE_RATE_LIMIT = {"per_email": 2, "per_client": 50, "per_session": 50}
    for n in range(2):
        assert post_form(NEW, {**GOOD, "title": f"データ {n}"}).status_code == 200
    r = post_form(NEW, {**GOOD, "title": "データ 3"})
    assert r.status_code == 400 and "上限" in r.content.decode()
    assert DataRequest.objects.count() == 2
    # another address from the same client still works (per-client limit is higher)
    assert post_form(NEW, {**GOOD, "email": "hanako@example.jp"}).status_code == 200
    # what is stored for rate limiting: a bucket, a digest and a time; never an address
    assert {f.name for f in RateEvent._meta.fields} == {"id", "bucket", "key", "created"}
    for event in RateEvent.objects.all():
        assert len(event.key) == 64 and "127.0.0.1" not in event.key


def test_rate_limit_per_client(post_form, settings):
    settings.KANMIN_ENGAGE_RATE_LIMIT = {"per_email": 50, "per_client": 1, "per_session": 50}
    assert post_form(NEW, GOOD).status_code == 200
    r = post_form(NEW, {**GOOD, "email": "other@example.jp"})
    assert r.status_code == 400 and DataRequest.objects.count() == 1


@pytest.mark.parametrize("field,payload", [
    ("title", "<script>alert(1)</script>"),
    ("body", 'ベンチ <img src=x onerror="alert(1)">'),
    ("purpose", "javascript:alert(document.cookie)"),
    ("body", "&#60;script&#62;alert(1)"),
])
def test_markup_and_script_are_rejected(post_form, field, payload):
    r = post_form(NEW, {**GOOD, field: payload})
    assert r.status_code == 400
    body = r.content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert "HTML" in body or "スクリプト" in body
    assert DataRequest.objects.count() == 0


def test_link_spam_is_rejected(post_form):
    spam = " ".join(f"https://spam{n}.example.com" for n in range(5))
    r = post_form(NEW, {**GOOD, "body": spam})
    assert r.status_code == 400 and "リンクが多すぎます" in r.content.decode()


def test_quotes_are_escaped_on_every_page(client, post_form, editor):
    sneaky = "\" onmouseover=\"alert(1)\" x='"
    assert post_form(NEW, {**GOOD, "title": "引用符" + sneaky}).status_code == 200
    req = DataRequest.objects.get()
    assert services.confirm(notify.confirm_token("request", req.pk)) == req
    client.force_login(editor)
    client.post(f"/engage/staff/requests/{req.pk}/", {"moderation": "approved", "status": "received", "response": sneaky, "dataset": ""})
    for url in ("/engage/requests/", f"/engage/requests/{req.pk}/", f"/engage/staff/requests/{req.pk}/"):
        page = client.get(url).content.decode()
        assert 'onmouseover="alert(1)"' not in page
        assert "&quot; onmouseover=&quot;alert(1)&quot;" in page, url


def test_declined_needs_reason_and_unknown_dataset_is_refused(client, post_form, editor):
    post_form(NEW, GOOD)
    req = DataRequest.objects.get()
    client.force_login(editor)
    r = client.post(f"/engage/staff/requests/{req.pk}/", {"moderation": "approved", "status": "declined", "response": "", "dataset": ""})
    assert r.status_code == 200 and "理由" in r.content.decode()
    r = client.post(f"/engage/staff/requests/{req.pk}/", {"moderation": "approved", "status": "published", "response": "ok", "dataset": "no-such"})
    assert r.status_code == 200 and "見つからない" in r.content.decode()
    req.refresh_from_db()
    assert req.status == "received"


def test_staff_pages_need_staff(client, db):
    from django.contrib.auth import get_user_model

    assert client.get("/engage/staff/requests/").status_code == 302
    nobody = get_user_model().objects.create_user("citizen", "c@example.jp", "pass-citizen-1")
    client.force_login(nobody)
    assert client.get("/engage/staff/requests/").status_code == 403


def test_logged_in_staff_request_skips_confirmation(client, post_form, editor, settings):
    client.force_login(editor)
    assert post_form(NEW, GOOD).status_code == 200
    assert DataRequest.objects.get().confirmed_at is not None

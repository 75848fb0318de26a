"""Submissions: the period is enforced by the server clock, double submission, staff entry, bad input."""

import datetime as dt

import pytest
from freezegun import freeze_time

from kanmin.core.errors import UserError
from kanmin.pubcomment import services
from kanmin.pubcomment.models import Submission


def test_accepts_only_within_the_period(case, person, period):
    opens, closes = period
    with freeze_time(opens - dt.timedelta(minutes=1)):
        with pytest.raises(UserError) as err:
            services.submit_web(case, person, "t1")
        assert "から" in err.value.ja and "accepted from" in err.value.en
    with freeze_time(opens):
        first = services.submit_web(case, person, "t2")
        assert first.number == 1 and first.channel == "web"
    with freeze_time(closes - dt.timedelta(seconds=1)):
        assert services.submit_web(case, person, "t3").number == 2
    with freeze_time(closes):
        with pytest.raises(UserError) as err:
            services.submit_web(case, person, "t4")
        assert "締め切りました" in err.value.ja and "closed" in err.value.en
    assert Submission.objects.filter(case=case).count() == 2


def test_form_opened_before_closing_is_refused_after(client, case, person, period):
    _opens, closes = period
    with freeze_time(closes - dt.timedelta(minutes=5)):
        page = client.get(f"/pubcomment/{case.pk}/")
        assert 'id="comment-form"' in page.content.decode()
        token = page.context["form"].initial["token"]
    with freeze_time(closes + dt.timedelta(minutes=1)):
        response = client.post(f"/pubcomment/{case.pk}/", {**person, "token": token, "agree": "on", "submitter_type": "person"})
    body = response.content.decode()
    assert response.status_code == 200 and "締め切りました" in body
    assert "オープンデータの公開を増やしてください。" in body  # the text is still there, nothing lost
    assert not Submission.objects.exists()
    with freeze_time(closes + dt.timedelta(minutes=1)):
        en = client.post(f"/en/pubcomment/{case.pk}/", {**person, "token": token, "agree": "on"})
    assert "no longer be accepted" in en.content.decode()


def test_double_submission_keeps_the_first(client, case, person, period):
    opens, _ = period
    with freeze_time(opens + dt.timedelta(days=1)):
        token = client.get(f"/pubcomment/{case.pk}/").context["form"].initial["token"]
        data = {**person, "token": token, "agree": "on"}
        first = client.post(f"/pubcomment/{case.pk}/", data)
        assert first.status_code == 302 and first["Location"].endswith("/thanks/")
        second = client.post(f"/pubcomment/{case.pk}/", data, follow=True)
    assert Submission.objects.count() == 1
    assert "すでに受け付けています" in second.content.decode()
    assert 'id="receipt-number">1<' in second.content.decode()
    with pytest.raises(services.DuplicateSubmission):
        with freeze_time(opens + dt.timedelta(days=1)):
            services.submit_web(case, person, token)


def test_honeypot_and_missing_fields(client, case, person, period):
    opens, _ = period
    with freeze_time(opens + dt.timedelta(days=1)):
        token = client.get(f"/pubcomment/{case.pk}/").context["form"].initial["token"]
        bot = client.post(f"/pubcomment/{case.pk}/", {**person, "token": token, "agree": "on", "website": "http://spam"})
        assert bot.status_code == 200 and not Submission.objects.exists()
        corp = client.post(f"/pubcomment/{case.pk}/", {**person, "submitter_type": "corporation", "token": token, "agree": "on"})
        assert "代表者名" in corp.content.decode() and not Submission.objects.exists()
        ok = client.post(f"/pubcomment/{case.pk}/", {**person, "submitter_type": "corporation", "name": "株式会社かがわデータ",
                                                     "representative": "代表取締役 讃岐太郎", "token": token, "agree": "on"})
        assert ok.status_code == 302
    sub = Submission.objects.get()
    assert sub.submitter_type == "corporation" and sub.representative == "代表取締役 讃岐太郎"


def test_staff_entry_of_paper_comments(case, editor, person, period):
    _opens, closes = period
    with freeze_time(closes + dt.timedelta(days=3)):
        sub = services.enter_paper(case, editor, {**person, "channel": "mail", "received_at": closes - dt.timedelta(hours=2)})
        assert sub.channel == "mail" and sub.entered_by == editor
        with pytest.raises(UserError) as err:
            services.enter_paper(case, editor, {**person, "channel": "fax", "received_at": closes + dt.timedelta(hours=1)})
        assert "募集期間の外" in err.value.ja and "after closing" in err.value.en
    assert Submission.objects.count() == 1


def test_staff_entry_page(client, case, editor, person, period):
    _, closes = period
    client.force_login(editor)
    response = client.post(f"/pubcomment/staff/{case.pk}/entry/", {
        **person, "channel": "counter", "received_at": (closes - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 302
    sub = Submission.objects.get()
    assert sub.channel == "counter" and sub.received_at < closes
    staff_page = client.get(f"/pubcomment/staff/{case.pk}/").content.decode()
    assert "香川 花子" in staff_page


def test_case_needs_a_document_and_a_sane_period(editor, org, period):
    opens, closes = period
    with pytest.raises(UserError, match="締切"):
        services.save_case(editor, org, {"title": "x", "summary": "y", "opens_at": closes, "closes_at": opens})
    case = services.save_case(editor, org, {"title": "x", "summary": "y", "opens_at": opens, "closes_at": closes})
    assert case.department == "企画課"
    with pytest.raises(UserError, match="資料"):
        services.publish_case(case)
    assert case.phase() == "draft"


def test_staff_export_is_private_and_safe(client, case, editor, person, period):
    with freeze_time(period[0] + dt.timedelta(hours=1)):
        services.submit_web(case, {**person, "text": "=HYPERLINK(\"http://evil\")"}, "tok")
    url = f"/pubcomment/staff/{case.pk}/export.csv"
    assert client.get(url).status_code == 302
    client.force_login(editor)
    response = client.get(url)
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert "香川 花子" in body and "'=HYPERLINK" in body

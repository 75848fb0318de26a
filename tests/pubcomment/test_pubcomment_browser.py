"""A citizen submits a comment with a real browser, using labels as a person (or screen reader) would."""

import datetime as dt
import io

import pytest
from django.utils import timezone


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_submits_a_comment(page, editor, org):
    from kanmin.pubcomment import services
    from kanmin.pubcomment.models import Submission

    now = timezone.now()
    case = services.save_case(editor, org, {
        "title": "高松市官民データ活用推進計画（案）", "summary": "計画案について意見を募集します。",
        "opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=1), "sections": "第1章\n第2章",
    })
    services.add_document(case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "an.pdf", "計画（案）")
    services.publish_case(case)

    page.goto(page.base + "/pubcomment/")
    page.get_by_role("link", name="高松市官民データ活用推進計画（案）").click()
    page.get_by_role("heading", name="意見を提出する").wait_for()
    page.get_by_label("個人 / Individual").check()
    page.get_by_label("氏名（法人・団体の場合は名称） / Name (or corporation's name)").fill("香川 花子")
    page.get_by_label("住所（法人・団体の場合は所在地） / Address (or corporation's location)").fill("高松市番町一丁目8番15号")
    page.get_by_label("意見の対象となる項目 / Section concerned").select_option("第2章")
    page.get_by_label("ご意見 / Your comment").fill("データを公開してください。連絡は 087-839-2011 まで。")
    page.get_by_label("氏名・住所は公表されず", exact=False).check()
    page.get_by_role("button", name="意見を送信する").click()
    page.get_by_role("heading", name="ご意見を受け付けました").wait_for()
    assert page.locator("#receipt-number").inner_text() == "1"
    sub = Submission.objects.get()
    assert sub.section == "第2章" and "■■■" in sub.published_text and "087-839-2011" not in sub.published_text
    assert sub.name == "香川 花子"

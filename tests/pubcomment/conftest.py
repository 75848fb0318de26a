"""A public comment case on the city plan, with a real Takamatsu spreadsheet attached."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

JST = ZoneInfo("Asia/Tokyo")
OPENS = dt.datetime(2026, 1, 5, 9, 0, tzinfo=JST)
CLOSES = dt.datetime(2026, 2, 4, 17, 0, tzinfo=JST)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def case(editor, org, corpus):
    from kanmin.pubcomment import services

    case = services.save_case(editor, org, {
        "title": "高松市官民データ活用推進計画（案）", "summary": "計画案について意見を募集します。",
        "opens_at": OPENS, "closes_at": CLOSES, "sections": "第1章 計画の概要\n第2章 施策",
    })
    services.add_document(case, io.BytesIO(MINIMAL_PDF), "keikaku-an.pdf", "計画（案）")
    with open(corpus / "population" / "0066_201811.xlsx", "rb") as fh:
        services.add_document(case, fh, "jinko.xlsx", "参考資料 地域別人口")
    services.publish_case(case)
    return case


@pytest.fixture
def person():
    return {"submitter_type": "person", "name": "香川 花子", "address": "高松市番町一丁目8番15号",
            "email": "hanako@example.jp", "section": "第2章 施策", "text": "オープンデータの公開を増やしてください。"}


@pytest.fixture
def period():
    return OPENS, CLOSES

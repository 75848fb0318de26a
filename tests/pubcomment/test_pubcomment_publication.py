"""Redaction, grouping of near-duplicates and the published result without personal data."""

import datetime as dt
import io
import zipfile

import pytest
from freezegun import freeze_time

from kanmin.core.errors import UserError
from kanmin.pubcomment import grouping, redaction, services
from kanmin.pubcomment.models import Submission

COMMENTS = [
    "図書館の蔵書データをオープンデータとして公開してください。",
    "図書館の蔵書データをオープンデータで公開してほしいです。",
    "図書館の蔵書のデータをオープンデータとして公開してください！",
    "バスの運行情報をリアルタイムで公開してほしい。連絡先は087-839-2011、taro@example.jp です。",
    "バスの運行情報をリアルタイムに公開してください。",
    "避難所の一覧を地図で見られるようにしてください。担当の佐藤様にも伝えました。",
]


def test_detects_personal_information():
    text = ("私は〒760-8571 香川県高松市番町一丁目8番15号に住んでいます。電話 090-1234-5678、"
            "メール hanako@example.jp、個人番号 1234 5678 9012。山田さんに相談しました。")
    kinds = {k for _, _, k in redaction.detect(text)}
    assert {"postal", "address", "phone", "email", "mynumber", "name"} <= kinds
    masked = redaction.apply(text, redaction.detect(text))
    for secret in ("760-8571", "番町一丁目8番15号", "090-1234-5678", "hanako@example.jp", "1234 5678 9012", "山田"):
        assert secret not in masked
    assert "■■■" in masked and "相談しました" in masked
    assert redaction.detect("2024年4月1日に公園を2か所増やしてください。皆様よろしく。") == []


def test_grouping_puts_near_duplicates_together():
    groups = grouping.cluster(COMMENTS)
    as_sets = [set(g) for g in groups]
    assert {0, 1, 2} in as_sets
    assert {3, 4} in as_sets
    assert {5} in as_sets
    assert grouping.cluster(COMMENTS, 0.99) == [[i] for i in range(6)]


@pytest.fixture
def closed_case(case, editor, person, period):
    opens, closes = period
    with freeze_time(opens + dt.timedelta(days=2)):
        for i, text in enumerate(COMMENTS):
            services.submit_web(case, {**person, "name": f"提出者{i}", "text": text}, f"tok{i}")
    freezer = freeze_time(closes + dt.timedelta(days=1))
    freezer.start()
    yield case
    freezer.stop()


def test_grouping_needs_closing(case, period):
    with freeze_time(period[0] + dt.timedelta(days=1)), pytest.raises(UserError, match="締切後"):
        services.auto_group(case)


def test_publication_flow_without_personal_data(client, closed_case, editor, person):
    case = closed_case
    problems = services.publication_problems(case)
    assert len(problems) == 2  # unconfirmed redactions, ungrouped comments
    with pytest.raises(UserError):
        services.publish_result(case)
    # staff confirm redactions (the proposals plus a word the detector cannot know)
    for sub in case.submissions.all():
        spans = sub.redactions + (redaction.find_all(sub.text, "リアルタイム") if sub.number == 5 else [])
        services.set_redactions(sub, spans)
    groups = services.auto_group(case)
    assert len(groups) == 3
    for g in groups:
        g.summary, g.city_view = f"概要{g.position}", f"市の考え方{g.position}"
        g.save()
    # staff split one comment out and merge it back
    sub = case.submissions.get(number=2)
    new = services.move_submission(sub, None)
    assert case.groups.count() == 4
    services.merge_groups(sub.case.groups.get(pk=groups[0].pk), new)
    assert case.groups.count() == 3
    # regrouping keeps the written texts
    services.auto_group(case)
    assert set(case.groups.values_list("city_view", flat=True)) == {"市の考え方1", "市の考え方2", "市の考え方3"}
    # a revised draft, then publish
    services.add_document(case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "shusei-an.pdf", "計画（修正案）", kind="revised")
    client.force_login(editor)
    assert client.post(f"/pubcomment/staff/{case.pk}/result/", {"result_summary": "6件のご意見をいただきました。"}).status_code == 302
    client.logout()
    page = client.get(f"/pubcomment/{case.pk}/result/").content.decode()
    assert "市の考え方1" in page and "計画（修正案）" in page and "6件のご意見" in page
    for secret in ("提出者", "香川 花子", "番町一丁目", "hanako@example.jp", "087-839-2011", "taro@example.jp", "佐藤", "リアルタイムに"):
        assert secret not in page, secret
    assert "■■■" in page
    revised = case.documents.get(kind="revised")
    assert client.get(f"/pubcomment/documents/{revised.pk}/").status_code == 200
    assert client.get(f"/en/pubcomment/{case.pk}/result/").status_code == 200


def test_redaction_page(client, closed_case, editor):
    sub = closed_case.submissions.get(number=4)
    client.force_login(editor)
    page = client.get(f"/pubcomment/staff/submissions/{sub.pk}/").content.decode()
    assert "087-839-2011" in page and 'name="span"' in page
    spans = [f"{a}:{b}:{k}" for a, b, k in sub.redactions if k == "phone"]
    client.post(f"/pubcomment/staff/submissions/{sub.pk}/", {"span": spans, "extra": "バス"})
    sub.refresh_from_db()
    assert sub.redaction_confirmed
    assert "087-839-2011" not in sub.published_text and "taro@example.jp" in sub.published_text  # staff unticked it
    assert "バス" not in sub.published_text and sub.text.startswith("バス")


def test_staff_pages_need_membership(client, case, other_org, staff_user):
    assert client.get(f"/pubcomment/staff/{case.pk}/").status_code == 302
    outsider = staff_user("outsider", other_org)
    client.force_login(outsider)
    assert client.get(f"/pubcomment/staff/{case.pk}/").status_code == 403
    assert client.get(f"/pubcomment/staff/{case.pk}/groups/").status_code == 403


def _docx(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content,filename,ja", [
    (b"MZ\x90\x00 executable", "setup.exe", "PDF・Word"),
    (b"<html><script>alert(1)</script></html>", "plan.html", "PDF・Word"),
    (b"<svg onload=alert(1)>", "plan.svg", "PDF・Word"),
    (b"<html><script>alert(1)</script></html>", "plan.pdf", "PDF ではありません"),
    (b"%PDF-1.4\n1 0 obj <</OpenAction <</S /JavaScript /JS (app.alert(1))>>>> endobj\n%%EOF", "evil.pdf", "スクリプト"),
    (b"%PDF-1.4\n1 0 obj <</Type /Action /S /Launch /F (cmd.exe)>> endobj\n%%EOF", "launch.pdf", "スクリプト"),
    (_docx({"word/vbaProject.bin": b"macro"}), "macro.docx", "マクロ"),
    (b"PK\x03\x04garbage", "fake.docx", "一致しません"),
    (_docx(), "renamed.xlsx", "一致しません"),
    (b"", "empty.pdf", "空"),
])
def test_malicious_documents_are_refused(case, content, filename, ja):
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "pubcomment" / str(case.pk)
    before = sorted(folder.rglob("*"))
    count = case.documents.count()
    with pytest.raises(UserError) as err:
        services.add_document(case, io.BytesIO(content), filename, "x")
    assert ja in err.value.ja and err.value.en
    assert case.documents.count() == count and sorted(folder.rglob("*")) == before


def test_document_size_limit(case, settings):
    settings.KANMIN_PUBCOMMENT_MAX_DOC_MB = 1
    with pytest.raises(UserError, match="大きすぎ"):
        services.add_document(case, io.BytesIO(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)), "big.pdf", "big")


def test_sibling_folder_is_not_inside_the_document_store(settings, tmp_path):
    """``pubcomment-old`` starts with ``pubcomment`` but is not inside it: refused, and never deleted."""
    from kanmin.pubcomment import documents

    settings.MEDIA_ROOT = str(tmp_path)
    sibling = tmp_path / "pubcomment-old" / "case" / "a.pdf"
    sibling.parent.mkdir(parents=True)
    sibling.write_bytes(b"%PDF-1.4\n%%EOF\n")
    for rel in ("pubcomment-old/case/a.pdf", "pubcomment/../pubcomment-old/case/a.pdf"):
        with pytest.raises(UserError, match="Invalid file location"):
            documents.absolute(rel)
        with pytest.raises(UserError, match="Invalid file location"):
            documents.remove(rel)
    assert sibling.exists()
    inside = tmp_path / "pubcomment" / "case" / "x" / "a.pdf"
    assert documents.absolute("pubcomment/case/x/a.pdf") == inside.resolve()


def test_removing_a_file_at_the_top_of_a_store_keeps_the_store(settings, tmp_path):
    """remove() deletes a stored file's own folder; a path directly under the store root must not take the root."""
    from kanmin.catalog import files
    from kanmin.pubcomment import documents

    settings.MEDIA_ROOT = str(tmp_path)
    kept = tmp_path / "pubcomment" / "case" / "x" / "keep.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "pubcomment" / "top.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "top.csv").write_text("a\n1\n")
    documents.remove("pubcomment/top.pdf")
    files.remove("top.csv")
    assert kept.exists()
    documents.remove("pubcomment/case/x/keep.pdf")
    assert not kept.parent.exists() and (tmp_path / "pubcomment" / "case").exists()


def test_documents_are_served_as_attachments_and_drafts_hidden(client, case, editor, org, period):
    doc = case.documents.get(filename="keikaku-an.pdf")
    response = client.get(f"/pubcomment/documents/{doc.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    draft = services.save_case(editor, org, {"title": "下書き", "summary": "s", "opens_at": period[0], "closes_at": period[1]})
    hidden = services.add_document(draft, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf", "a")
    assert client.get(f"/pubcomment/documents/{hidden.pk}/").status_code == 404
    assert client.get(f"/pubcomment/{draft.pk}/").status_code == 404
    listing = client.get("/pubcomment/").content.decode()
    assert case.title in listing and "下書き" not in listing


def test_submitter_data_never_in_public_pages(client, case, person, period):
    with freeze_time(period[0] + dt.timedelta(hours=1)):
        services.submit_web(case, person, "tok")
        page = client.get(f"/pubcomment/{case.pk}/").content.decode()
    assert "香川 花子" not in page and Submission.objects.count() == 1


def test_every_page_renders_in_both_languages(client, closed_case, editor):
    case = closed_case
    services.auto_group(case)
    sub = case.submissions.first()
    client.force_login(editor)
    for prefix in ("", "/en"):
        for url in ("/pubcomment/", f"/pubcomment/{case.pk}/", "/pubcomment/staff/", "/pubcomment/staff/new/",
                    f"/pubcomment/staff/{case.pk}/", f"/pubcomment/staff/{case.pk}/edit/", f"/pubcomment/staff/{case.pk}/entry/",
                    f"/pubcomment/staff/{case.pk}/groups/", f"/pubcomment/staff/{case.pk}/result/",
                    f"/pubcomment/staff/submissions/{sub.pk}/"):
            response = client.get(prefix + url)
            assert response.status_code == 200, prefix + url
    assert client.get(f"/pubcomment/{case.pk}/result/").status_code == 404  # not published yet

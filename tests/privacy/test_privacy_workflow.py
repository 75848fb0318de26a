"""Release workflow: upload, run, four-eyes review, publish only when approved, raw data stays private."""

import io
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from pycanon import anonymity

from kanmin.core.errors import UserError
from kanmin.privacy import services
from kanmin.privacy.models import PrivacyRelease


@pytest.fixture
def release(editor, org, people_csv):
    with open(people_csv, "rb") as fh:
        return services.create_release(editor, org, title="健診結果", upload=fh, filename="people.csv",
                                       inventory_item_id="inv-42")


def test_upload_is_private_and_run_writes_report(release, kanon_params, editor):
    raw = Path(settings.MEDIA_ROOT) / release.raw_file
    assert raw.exists() and "privacy" in raw.parts
    assert release.row_count == 2000 and release.columns[0] == "氏名"
    report = services.run(release, editor, kanon_params)
    release.refresh_from_db()
    assert release.status == "draft" and report["k_achieved"] >= 5
    df = pd.read_csv(Path(settings.MEDIA_ROOT) / release.result_file, dtype=str, keep_default_na=False)
    assert "氏名" not in df.columns
    quasi = ["年齢", "性別", "郵便番号", "町名"]
    assert anonymity.k_anonymity(df, quasi) == report["k_achieved"]
    assert anonymity.l_diversity(df, quasi, ["診断名"]) == report["l_achieved"]


def test_four_eyes_and_publishing(release, kanon_params, editor, reviewer, org):
    from kanmin.catalog.models import Dataset

    services.run(release, editor, kanon_params)
    assert not services.has_approved_review("inv-42")
    with pytest.raises(UserError, match="承認"):
        services.publish(release, editor, {"name": "kenshin", "title": "健診（加工済み）"})
    services.submit(release, editor)
    with pytest.raises(UserError) as err:
        services.review(release, editor, approve=True)
    assert "二者確認" in err.value.ja and "four-eyes" in err.value.en
    with pytest.raises(UserError, match="理由"):
        services.review(release, reviewer, approve=False, comment="")
    services.review(release, reviewer, approve=True, comment="OK")
    release.refresh_from_db()
    assert release.status == "approved" and release.reviewer == reviewer
    assert services.has_approved_review("inv-42") and not services.has_approved_review("inv-other")
    with pytest.raises(UserError):
        services.run(release, editor, kanon_params)  # approved releases are frozen
    _dataset, resource = services.publish(release, editor, {"name": "kenshin", "title": "健診（加工済み）"})
    assert Dataset.objects.get(name="kenshin").organization == org
    assert resource.extras["privacy_release"] == str(release.pk)
    published = (Path(settings.MEDIA_ROOT) / resource.file).read_text(encoding="utf-8")
    assert "住民0" not in published and "診断名" in published
    assert services.has_approved_review("inv-42")
    assert [e.action for e in release.events.all()] == ["upload", "run", "submit", "approve", "publish"]
    from django.test import Client

    page = Client().get(f"/dataset/kenshin/resource/{resource.pk}/").content.decode()
    assert "非識別加工について" in page and "k-匿名性" in page


def test_delete_raw(release, kanon_params, editor):
    services.run(release, editor, kanon_params)
    raw = Path(settings.MEDIA_ROOT) / release.raw_file
    services.delete_raw(release, editor)
    release.refresh_from_db()
    assert not raw.exists() and release.raw_file == "" and release.result_file
    with pytest.raises(UserError, match="削除済み"):
        services.run(release, editor, kanon_params)


def test_aggregate_release(editor, org, people_csv):
    with open(people_csv, "rb") as fh:
        release = services.create_release(editor, org, title="診断別", upload=fh, filename="people.csv", mode="aggregate")
    report = services.run(release, editor, {"row_var": "町名", "col_var": "診断名", "threshold": 5})
    assert report["primary"] > 0 and report["recoverable"] == 0
    header, rows = services.result_rows(release, limit=1000)
    assert header[-1] == "合計" and any("χ" in r for r in rows)


@pytest.mark.parametrize("content,filename,ja", [
    ("氏名,年齢\n".encode(), "empty.csv", "データ行"),
    (b"", "zero.csv", "空"),
    ("氏名,年齢\n山田,30\n".encode(), "table.pdf", "CSV"),
    (b"\x00\x01\x02binary", "bad.csv", "バイナリ"),
    (b"a,,c\n1,2,3\n", "blank.csv", "見出し"),
    ("氏名,氏名\n1,2\n".encode(), "dup.csv", "重複"),
    (b"PK\x03\x04not really", "fake.xlsx", "Excel"),
])
def test_bad_uploads_are_refused_and_nothing_is_kept(editor, org, content, filename, ja):
    before = set((Path(settings.MEDIA_ROOT) / "privacy").glob("*")) if (Path(settings.MEDIA_ROOT) / "privacy").exists() else set()
    with pytest.raises(UserError) as err:
        services.create_release(editor, org, title="x", upload=io.BytesIO(content), filename=filename)
    assert ja in err.value.ja and err.value.en
    assert PrivacyRelease.objects.count() == 0
    after = set((Path(settings.MEDIA_ROOT) / "privacy").glob("*")) if (Path(settings.MEDIA_ROOT) / "privacy").exists() else set()
    assert after == before


def test_shift_jis_table_is_read(editor, org, people, tmp_path, kanon_params):
    header, rows = people
    text = "\n".join(",".join(r) for r in [header, *rows[:300]]) + "\n"
    release = services.create_release(editor, org, title="sjis", upload=io.BytesIO(text.encode("cp932")), filename="sjis.csv")
    assert release.columns == header and release.row_count == 300
    report = services.run(release, editor, {**kanon_params, "k": 3, "l": 1})
    assert report["k_achieved"] >= 3


def test_pages_are_staff_only(client, release, editor, reviewer, other_org, kanon_params, staff_user):
    url = f"/privacy/{release.pk}/"
    assert client.get(url).status_code == 302  # login
    outsider = staff_user("outsider", other_org, role="admin")
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}download/raw/").status_code == 403
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200 and "年齢" in page.content.decode()
    form = {"k": 5, "l": 2, "max_suppression": "5"}
    for i, column in enumerate(release.columns):
        form[f"role_{i}"] = kanon_params["roles"][column]
        form[f"hier_{i}"] = kanon_params["hierarchies"].get(column, "")
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "リスク評価" in page and "再識別リスク" in page
    raw = client.get(f"{url}download/raw/")
    assert raw.status_code == 200 and raw["Content-Disposition"].startswith("attachment")
    assert client.post(f"{url}submit/").status_code == 302
    # the submitter sees no review form; the reviewer does
    assert 'name="decision"' not in client.get(url).content.decode()
    client.force_login(reviewer)
    assert 'name="decision"' in client.get(url).content.decode()
    client.post(f"{url}review/", {"decision": "approve", "comment": "確認しました"})
    release.refresh_from_db()
    assert release.status == "approved"
    client.post(f"{url}publish/", {"name": "kenshin-web", "title": "健診（加工済み）"})
    release.refresh_from_db()
    assert release.status == "published" and release.dataset_id == "kenshin-web"
    en = client.get(f"/en/privacy/{release.pk}/")
    assert en.status_code == 200


def test_excel_input_and_web_errors(client, editor, org, people, tmp_path, kanon_params):
    import openpyxl

    header, rows = people
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows[:400]:
        ws.append([r[0], int(r[1]), r[2], int(r[3].replace("-", "")), r[4], r[5]])
    ws.append(["住民X", 40, "女", 600001, rows[0][4], "喘息"])  # Excel drops the leading zero of 060-0001
    path = tmp_path / "people.xlsx"
    wb.save(path)
    with open(path, "rb") as fh:
        release = services.create_release(editor, org, title="xlsx", upload=fh, filename="people.xlsx")
    assert release.row_count == 401 and release.raw_format == "XLSX"
    report = services.run(release, editor, {**kanon_params, "k": 3, "l": 1})
    assert report["k_achieved"] >= 3
    header_out, rows_out = services.result_rows(release, limit=1000)
    postal = header_out.index("郵便番号")
    assert all(len(r[postal]) == 7 or r[postal] == "*" for r in rows_out)
    # a wrong table through the page: bilingual message, nothing stored
    client.force_login(editor)
    page = client.post("/privacy/new/", {"organization": org.pk, "title": "x", "mode": "kanon",
                                         "upload": _named(b"\x00\x01binary", "bad.csv"), "sheet": ""})
    assert page.status_code == 200 and "バイナリ" in page.content.decode()
    page = client.post("/en/privacy/new/", {"organization": org.pk, "title": "x", "mode": "kanon",
                                            "upload": _named(b"\x00\x01binary", "bad.csv"), "sheet": ""})
    assert "binary file" in page.content.decode()
    assert PrivacyRelease.objects.count() == 1
    # asking for an unreachable target through the page keeps the form and says why
    url = f"/privacy/{release.pk}/"
    form = {"k": 500, "l": 1, "max_suppression": "5"}
    for i, column in enumerate(release.columns):
        form[f"role_{i}"] = kanon_params["roles"][column]
        form[f"hier_{i}"] = kanon_params["hierarchies"].get(column, "")
    page = client.post(url, form)
    assert page.status_code == 200 and "行数" in page.content.decode()


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_mixed_encoding_is_refused_with_the_line(editor, org):
    body = "氏名,年齢\n" + "山田,30\n" * 40000  # > 256 KB of UTF-8, detected as UTF-8
    content = body.encode("utf-8") + "佐藤,40\n".encode("cp932")
    with pytest.raises(UserError) as err:
        services.create_release(editor, org, title="mixed", upload=io.BytesIO(content), filename="mixed.csv")
    assert "文字コード" in err.value.ja and "encoding" in err.value.en
    assert PrivacyRelease.objects.count() == 0


def test_column_roles_are_suggested(client, release, editor):
    client.force_login(editor)
    form = client.get(f"/privacy/{release.pk}/").context["form"]
    roles = {c: form.initial.get(f"role_{i}") for i, c in enumerate(release.columns)}
    assert roles == {"氏名": "drop", "年齢": "qi", "性別": "qi", "郵便番号": "qi", "町名": "qi", "診断名": "drop"}
    assert form.initial["hier_3"] == "postal"


def test_sibling_folder_is_not_inside_the_private_store(settings, tmp_path):
    """``privacy-old`` starts with ``privacy`` but is not inside it: refused, and its files are kept."""
    from kanmin.privacy import storage

    settings.MEDIA_ROOT = str(tmp_path)
    sibling = tmp_path / "privacy-old" / "release" / "raw.csv"
    sibling.parent.mkdir(parents=True)
    sibling.write_text("氏名,年齢\n山田,30\n", encoding="utf-8")
    for rel in ("privacy-old/release/raw.csv", "privacy/../privacy-old/release/raw.csv"):
        with pytest.raises(UserError, match="Invalid file location"):
            storage.absolute(rel)
        with pytest.raises(UserError, match="Invalid file location"):
            storage.read_table(rel, "CSV")
        with pytest.raises(UserError, match="Invalid file location"):
            storage.remove_file(rel)
        with pytest.raises(UserError, match="Invalid file location"):
            storage.remove_folder(rel)
    assert sibling.exists()
    assert storage.absolute("privacy/release/raw.csv") == (tmp_path / "privacy" / "release" / "raw.csv").resolve()

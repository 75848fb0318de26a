"""Django integration: reports on upload, resource page panel, resource_show, quality_report, converter."""

import csv
import io
import shutil

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def sjis_csv(tmp_path):
    path = tmp_path / "sisetsu.csv"
    with open(path, "w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows([["名称", "開設日", "利用者数"], ["中央公民館", "令和6年4月1日", "1,234人"], ["東公民館", "R5.10.1", "56人"]])
    return path


@pytest.fixture
def events_resource(corpus, tmp_path, load_file):
    path = tmp_path / "events.xlsx"
    shutil.copy(corpus / "events" / "data.xlsx", path)
    return load_file(path, "イベント情報")


def test_upload_stores_a_report(load_file, sjis_csv):
    from kanmin.quality.models import QualityReport

    resource = load_file(sjis_csv)
    qr = QualityReport.objects.get(resource_id=resource.pk)
    assert qr.status == "done" and qr.stars == 3 and 0 < qr.score < 100
    rules = {f["rule"] for f in qr.report["findings"]}
    assert {"L2-01", "L1-11", "L1-03", "L1-09"} <= rules


def test_resource_show_and_quality_report_action(client, load_file, sjis_csv):
    resource = load_file(sjis_csv)
    body = client.get("/api/3/action/resource_show", {"id": str(resource.pk)}).json()
    q = body["result"]["quality"]
    assert q["stars"] == 3 and q["findings_count"] >= 4 and isinstance(q["score"], int)
    body = client.get("/api/3/action/quality_report", {"id": str(resource.pk)}).json()
    assert body["success"]
    result = body["result"]
    assert result["encoding"] == "cp932"
    wareki = [f for f in result["findings"] if f["rule"] == "L1-11"][0]
    assert wareki["locations"] == ["B2", "B3"] and wareki["title_en"] == "Dates in the Western calendar"


def test_quality_report_errors(client, db, load_file, sjis_csv):
    r = client.get("/api/3/action/quality_report", {"id": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 404 and r.json()["error"]["message_ja"] == "リソースが見つかりません。"
    assert client.get("/api/3/action/quality_report").status_code == 409
    resource = load_file(sjis_csv)
    r = client.get("/api/3/action/quality_report", {"id": str(resource.pk), "refresh": "true"})
    assert r.status_code == 403


def test_private_dataset_report_is_hidden(client, dataset, load_file, sjis_csv):
    resource = load_file(sjis_csv)
    dataset.private = True
    dataset.save()
    assert client.get("/api/3/action/quality_report", {"id": str(resource.pk)}).status_code == 404


def test_resource_page_panel_and_convert_button(client, editor, events_resource):
    url = f"/dataset/aed/resource/{events_resource.pk}/"
    html = client.get(url).content.decode()
    assert "機械判読性" in html and 'data-rule="L2-04"' in html
    assert "機械判読用に変換" not in html  # anonymous visitors get no button
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert f"/quality/convert/{events_resource.pk}/" in html
    html = client.get(f"/en{url}").content.decode()
    assert "Dates in the Western calendar" in html or "Standard date and time notation" in html


def test_convert_page_and_publish(client, editor, events_resource):
    from kanmin.catalog.models import Resource
    from kanmin.datastore import services as datastore

    client.force_login(editor)
    r = client.get(f"/quality/convert/{events_resource.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "8月12日（水）" in html  # no year: listed for review
    assert "判断が必要な箇所" in html
    csv_body = client.get(f"/quality/convert/{events_resource.pk}/download.csv").content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(csv_body)))
    assert rows[0][0] == "No" and rows[2][3] == "09:00"
    log = client.get(f"/quality/convert/{events_resource.pk}/download.json").json()
    assert log["rows"] == 51 and log["summary"]["ambiguous"] >= 30
    r = client.post(f"/quality/convert/{events_resource.pk}/publish/", {"name": "イベント（機械判読用）", "standard_names": "1"})
    assert r.status_code == 302
    new = Resource.objects.get(name="イベント（機械判読用）")
    assert new.dataset_id == events_resource.dataset_id and new.format == "CSV"
    assert new.extras["converted_from"] == str(events_resource.pk)
    info = datastore.info(new.pk)
    assert info["total"] == 51
    fields = [f["id"] for f in info["fields"]]
    assert "イベント名" in fields and "開始日" in fields  # standard names chosen on publish


def test_convert_requires_editor(client, other_org, events_resource, staff_user):
    assert client.get(f"/quality/convert/{events_resource.pk}/").status_code == 302  # to login
    outsider = staff_user("outsider", other_org)
    client.force_login(outsider)
    assert client.get(f"/quality/convert/{events_resource.pk}/").status_code == 403
    assert client.post(f"/quality/convert/{events_resource.pk}/publish/").status_code == 403
    assert client.get(f"/quality/convert/{events_resource.pk}/download.exe").status_code in (403, 404)


def test_recheck(client, editor, load_file, sjis_csv):
    from kanmin.quality.models import QualityReport

    resource = load_file(sjis_csv)
    QualityReport.objects.filter(resource_id=resource.pk).update(score=1)
    client.force_login(editor)
    assert client.post(f"/quality/recheck/{resource.pk}/").status_code == 302
    assert QualityReport.objects.get(resource_id=resource.pk).score > 1


def test_external_link_resource(client, dataset):
    from kanmin.catalog import services as catalog

    resource, _ = catalog.create_resource(dataset, name="PDF", url="https://example.org/table.pdf", format="PDF")
    result = client.get("/api/3/action/quality_report", {"id": str(resource.pk)}).json()["result"]
    assert result["stars"] == 1 and result["findings"][0]["rule"] == "L1-01"


def test_cli_check_and_convert(tmp_path, sjis_csv):
    from typer.testing import CliRunner

    from kanmin import cli

    cli._register_domain_commands()
    runner = CliRunner()
    result = runner.invoke(cli.app, ["check", str(sjis_csv), "--json"])
    assert result.exit_code == 0, result.output
    assert '"rule": "L1-11"' in result.output
    result = runner.invoke(cli.app, ["check", str(sjis_csv)])
    assert "[L2-01]" in result.output and "★★★☆☆" in result.output
    out, log = tmp_path / "o.csv", tmp_path / "o.json"
    result = runner.invoke(cli.app, ["convert", str(sjis_csv), "-o", str(out), "--log", str(log)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == ["名称,開設日,利用者数（人）", "中央公民館,2024-04-01,1234", "東公民館,2023-10-01,56"]
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(cli.app, ["check", str(junk)])
    assert result.exit_code == 2 and "バイナリ" in result.output
    result = runner.invoke(cli.app, ["check", str(sjis_csv), "--schema", "nope"])
    assert result.exit_code == 2

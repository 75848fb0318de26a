"""The kanmin command: load with a progress bar, export, tokens, and clear errors for bad files."""

import pytest
from typer.testing import CliRunner

from kanmin.cli import app

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def test_load_then_export_shift_jis(tmp_path, org):
    src = tmp_path / "parks.csv"
    src.write_text("公園名,面積\n中央公園,12000\n玉藻公園,81000\n", encoding="cp932")
    result = runner.invoke(app, ["load", str(src), "--dataset", "parks", "--org", "kikaku", "--title", "公園一覧"])
    assert result.exit_code == 0, result.output
    assert "2 rows" in result.output
    rid = result.output.split("resource ", 1)[1].split(":", 1)[0]
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", rid, "-o", str(out), "--encoding", "cp932"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("cp932").splitlines() == ["公園名,面積", "中央公園,12000", "玉藻公園,81000"]

    from kanmin.catalog.models import Dataset

    ds = Dataset.objects.get(name="parks")
    assert ds.title == "公園一覧" and ds.resources.get().encoding == "cp932"


def test_load_shows_progress_for_large_files(tmp_path, org):
    src = tmp_path / "big.csv"
    src.write_text("n\n" + "".join(f"{i}\n" for i in range(30_000)), encoding="utf-8")
    result = runner.invoke(app, ["load", str(src), "--dataset", "big", "--org", "kikaku"])
    assert result.exit_code == 0
    assert "loading / 取り込み中" in result.output and "30000 rows" in result.output


def test_load_bad_file_fails_clearly_and_leaves_nothing(tmp_path, dataset):
    src = tmp_path / "bad.csv"
    src.write_bytes(b"\x00\x00\x00junk" * 50)
    result = runner.invoke(app, ["load", str(src), "--dataset", "aed"])
    assert result.exit_code == 1
    assert "バイナリ" in result.output and "binary" in result.output
    assert dataset.resources.count() == 0


def test_load_unknown_dataset_without_org(tmp_path, db):
    src = tmp_path / "a.csv"
    src.write_text("a\n1\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(src), "--dataset", "nope"])
    assert result.exit_code == 1 and "--org" in result.output


def test_token_command(editor):
    from kanmin.api.models import ApiToken

    result = runner.invoke(app, ["token", "editor"])
    assert result.exit_code == 0
    assert ApiToken.user_for(result.output.strip()) == editor


def test_load_refused_merged_cells_leaves_no_file_behind(tmp_path, dataset, settings):
    """The web keeps a merged-cell workbook for conversion; the CLI refuses it and must not leave the stored copy."""
    from pathlib import Path

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["施設", "", "件数"])
    ws.append(["中央", "A", 1])
    ws.merge_cells("A1:B1")
    src = tmp_path / "merged.xlsx"
    wb.save(src)
    media = Path(settings.MEDIA_ROOT)
    before = set(media.rglob("*"))
    result = runner.invoke(app, ["load", str(src), "--dataset", "aed"])
    assert result.exit_code == 1 and "結合" in result.output
    assert dataset.resources.count() == 0
    assert [p for p in set(media.rglob("*")) - before if p.name == "merged.xlsx"] == []

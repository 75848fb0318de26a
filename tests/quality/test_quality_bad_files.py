"""Hand-made bad files for each rule, and hostile input (corrupt, encrypted, zip bomb, junk)."""

import csv
import json
import zipfile

import openpyxl
import pytest

from kanmin.quality.engine.check import check_file
from kanmin.quality.engine.convert import convert_file
from kanmin.quality.engine.errors import ReadError
from kanmin.quality.engine.reader import Limits


def rules(report) -> dict:
    out = {}
    for f in report.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def print_style_xlsx(tmp_path):
    """A typical printed table: title, merged two-row header, units and commas, 和暦, notes, hidden row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "施設"
    ws["A1"] = "令和6年度　市民センター利用状況"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["施設名", "所在地", "利用者数", None, "開設日"])
    ws.append([None, None, "男", "女", None])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.merge_cells("E3:E4")
    ws.append(["中央センター", "高松市番町一丁目８番１５号", "1,234人", "1,500人", "令和6年4月1日"])
    ws.append(["東部センター", "高松市屋島西町2280-1", "▲12人", "８９０人", "H31.4.1"])
    ws.append(["西部センター", "高松市鶴市町1360", "△5人", "約20人", "4月1日"])
    ws.append(["南部センター", "高松市仏生山町甲２４７番地", "=C5+1", "10人", "2019/5/1"])
    ws.row_dimensions[8].hidden = True
    ws.append([])
    ws.append(["※利用者数は延べ人数です。"])
    ws.append(["出典：高松市"])
    path = tmp_path / "print.xlsx"
    wb.save(path)
    return path


def test_print_style_workbook_findings(print_style_xlsx):
    report = check_file(print_style_xlsx)
    found = rules(report)
    assert report.header_row == 3
    assert report.columns == ["施設名", "所在地", "利用者数_男", "利用者数_女", "開設日"]
    merged = {loc for f in found["L1-04"] for loc in f.locations}
    assert {"A1:E1", "A3:A4", "C3:D3"} <= merged
    assert any(f.severity == "error" for f in found["L1-04"])
    assert "L1-15" in found and "L2-03" in found  # title and notes; header not on row 1
    notes = [f for f in found["L1-15"] if "注記" in f.message_ja][0]
    assert notes.locations == ["行 10", "行 11"]
    assert any("C5" in f.locations for f in found["L1-03"])
    assert any("人" in f.message_ja for f in found["L1-09"])
    assert any("E5" in f.locations for f in found["L1-11"])  # 和暦
    assert any("行 8" in f.locations for f in found["L1-13"])  # hidden row
    assert any("C8" in f.locations for f in found["L1-07"])  # formula
    assert report.stars == 2 and report.score < 60


def test_print_style_workbook_conversion(print_style_xlsx, tmp_path):
    out = tmp_path / "out.csv"
    conv = convert_file(print_style_xlsx, out)
    rows = read_csv(out)
    assert rows[0] == ["施設名", "所在地", "利用者数_男（人）", "利用者数_女（人）", "開設日"]
    assert rows[1] == ["中央センター", "高松市番町一丁目8番15号", "1234", "1500", "2024-04-01"]
    assert rows[2] == ["東部センター", "高松市屋島西町2280-1", "-12", "890", "2019-04-01"]
    # not guessed: △, 約, a date without a year — kept as they were and listed for review
    assert rows[3] == ["西部センター", "高松市鶴市町1360", "△5人", "約20人", "4月1日"]
    assert len(rows) == 5  # title, blank and note rows dropped
    amb = {(a["cell"], a["rule"]) for a in conv.ambiguous}
    assert {("C7", "L1-03"), ("D7", "L1-03"), ("E7", "L2-04"), ("行 8", "L1-13")} <= amb
    kinds = {c["kind"] for c in conv.changes}
    assert {"drop_row", "header", "cell"} <= kinds
    assert any(c["cell"] == "C5" and c["before"] == "1,234人" and c["after"] == "1234" for c in conv.changes)
    assert any(c["cell"] == "行 10" and "※利用者数" in c["before"] for c in conv.changes)
    log = tmp_path / "log.json"
    conv.write_log(log)
    assert json.loads(log.read_text(encoding="utf-8"))["rows"] == 4


def test_shift_jis_csv_with_wareki(tmp_path):
    path = tmp_path / "sjis.csv"
    with open(path, "w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows([["名称", "開設日", "人口"], ["高松市役所", "令和6年4月1日", "1,000"], ["丸亀市役所", "R5.10.1", "2,000"]])
    report = check_file(path)
    found = rules(report)
    assert report.encoding == "cp932" and "L2-01" in found
    assert found["L1-11"][0].locations == ["B2", "B3"]
    assert found["L1-03"][0].count == 2
    assert report.stars == 3
    out = tmp_path / "out.csv"
    conv = convert_file(path, out)
    assert out.read_bytes().decode("utf-8").splitlines()[1] == "高松市役所,2024-04-01,1000"
    assert conv.changes[0]["rule"] == "L2-01"


def test_multiple_tables_blank_columns_and_platform_characters(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["名称", None, "区分", "数"])
    ws.append(["Ａ会館", None, "①", "1"])
    ws.append(["㈱高松", None, "ｶﾅ", "2"])
    ws.append([])
    ws.append(["年度", "件数", "備考", None])
    ws.append(["2023", "5", "x", None])
    path = tmp_path / "multi.xlsx"
    wb.save(path)
    found = rules(check_file(path))
    assert found["L1-14"][0].locations == ["行 5"]
    assert "列 B" in found["L1-13"][0].locations
    assert "L1-10" in found and "L2-05" in found
    out = tmp_path / "o.csv"
    conv = convert_file(path, out)
    assert read_csv(out) == [["名称", "区分", "数"], ["A会館", "(1)", "1"], ["(株)高松", "カナ", "2"]]
    assert any(a["rule"] == "L1-14" for a in conv.ambiguous)


def test_missing_header_and_ditto_marks(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("地区,,人口\n中央,a,10\n〃,b,20\n", encoding="utf-8")
    found = rules(check_file(path))
    assert any(f.severity == "error" and f.locations == ["列 B"] for f in found["L1-06"])
    assert any("〃" in f.message_ja for f in found["L1-06"])
    assert "L1-12" in found  # a region name column without codes


def test_pdf_is_one_star(tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(b"%PDF-1.4\n%...")
    report = check_file(path)
    assert report.stars == 1 and report.score <= 20 and report.findings[0].rule == "L1-01"


def test_uri_ids_give_four_stars(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("id,name,see\nhttps://example.org/id/1,A,https://www.wikidata.org/wiki/Q1\n", encoding="utf-8")
    assert check_file(path).stars == 5
    path.write_text("id,name\nhttps://example.org/id/1,A\n", encoding="utf-8")
    assert check_file(path).stars == 4


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    report = check_file(path)
    assert not report.readable and report.findings[0].rule == "L1-01" and "壊れて" in report.findings[0].message_ja
    with pytest.raises(ReadError):
        convert_file(path, tmp_path / "o.csv")


def test_password_protected_xlsx(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le"))
    report = check_file(path)
    assert not report.readable and "パスワード" in report.findings[0].message_ja


def test_zip_bomb_is_refused_without_inflating(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(12):
                member.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    report = check_file(path, limits=Limits(max_unzipped_mb=10))
    assert not report.readable and "zip" in report.findings[0].message_ja


def test_binary_junk_named_csv(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 100)
    report = check_file(path)
    assert not report.readable and "バイナリ" in report.findings[0].message_ja
    with pytest.raises(ReadError):
        convert_file(path, tmp_path / "o.csv")


def test_too_large_files_are_refused(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 300_000)  # ~1.2 MB
    report = check_file(path, limits=Limits(max_mb=1))
    assert not report.readable and "大きすぎ" in report.findings[0].message_ja


def test_large_csv_is_streamed(tmp_path):
    path = tmp_path / "stream.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["名称", "人口"])
        for i in range(5_000):
            w.writerow([f"地区{i}", f"{i:,}人"])
    import kanmin.quality.engine.check as check_mod
    import kanmin.quality.engine.convert as convert_mod

    old = check_mod.FULL_LOAD_BYTES, convert_mod.FULL_LOAD_BYTES
    check_mod.FULL_LOAD_BYTES = convert_mod.FULL_LOAD_BYTES = 1000
    try:
        report = check_file(path)
        conv = convert_file(path, tmp_path / "o.csv")
    finally:
        check_mod.FULL_LOAD_BYTES, convert_mod.FULL_LOAD_BYTES = old
    assert report.rows == 5_000
    assert rules(report)["L1-03"][0].count == 5_000
    assert rules(report)["L1-09"][0].count == 5_000
    assert conv.rows == 5_000
    assert read_csv(tmp_path / "o.csv")[0] == ["名称", "人口（人）"]
    assert read_csv(tmp_path / "o.csv")[-1] == ["地区4999", "4999"]

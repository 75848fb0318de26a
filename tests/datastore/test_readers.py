"""Reading CSV/TSV/Excel: encodings, broken files and Excel traps give clear bilingual errors."""

import csv
import zipfile

import openpyxl
import pytest

from kanmin.core.errors import UserError
from kanmin.datastore import readers


def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_shift_jis_csv_is_detected_and_decoded(tmp_path):
    path = write_csv(tmp_path / "sjis.csv", [["名称", "住所"], ["高松市役所", "高松市番町一丁目8-15"]], "cp932")
    table = readers.open_table(path, "CSV")
    assert table.encoding == "cp932"
    assert table.header == ["名称", "住所"]
    assert list(table.rows()) == [["高松市役所", "高松市番町一丁目8-15"]]


def test_utf8_bom_is_stripped_from_header(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff名称,値\nA,1\n".encode("utf-8"))
    table = readers.open_table(path, "CSV")
    assert table.encoding == "utf-8-sig" and table.header == ["名称", "値"]


def test_real_corpus_csv_is_read(corpus):
    table = readers.open_table(corpus / "public_toilet" / "data.csv", "CSV")
    assert table.encoding == "utf-8"
    assert "latitude" in table.header
    first = next(table.rows())
    assert first[5] == "香川県" and first[6] == "高松市"


def test_binary_junk_named_csv_is_refused(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x7fELF\x00\x01\x02" * 200)
    with pytest.raises(UserError) as err:
        readers.open_table(path, "CSV")
    assert "バイナリ" in err.value.ja and "binary" in err.value.en


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(UserError, match="empty"):
        readers.open_table(path, "CSV")


def test_broken_quotes_report_the_line(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('名称,値\nA,1\n"B,2\nC,3\n', encoding="utf-8")
    table = readers.open_table(path, "CSV")
    with pytest.raises(UserError) as err:
        list(table.rows())
    assert "行目" in err.value.ja and "line" in err.value.en


def test_excel_merged_cells_are_refused_with_location(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["施設名", "所在地", ""])
    ws.append(["中央公園", "高松市番町", "x"])
    ws.merge_cells("B1:C1")
    wb.save(tmp_path / "merged.xlsx")
    with pytest.raises(UserError) as err:
        readers.open_table(tmp_path / "merged.xlsx", "XLSX")
    assert "結合セル" in err.value.ja and "B1:C1" in err.value.ja


def test_excel_with_only_empty_sheets_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.create_sheet("空")
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(UserError) as err:
        readers.open_table(tmp_path / "empty.xlsx", "XLSX")
    assert "empty" in err.value.en


def test_formula_without_saved_result_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["数量", "倍"])
    ws.append([2, "=A2*2"])
    wb.save(tmp_path / "formula.xlsx")
    with pytest.raises(UserError) as err:
        readers.open_table(tmp_path / "formula.xlsx", "XLSX")
    assert "B2" in err.value.ja and "Formula" in err.value.en


def test_first_non_empty_sheet_is_used(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "表紙"
    data = wb.create_sheet("データ")
    data.append(["年度", "件数"])
    data.append([2024, 10])
    wb.save(tmp_path / "two.xlsx")
    table = readers.open_table(tmp_path / "two.xlsx", "XLSX")
    assert table.sheet == "データ" and list(table.rows()) == [[2024, 10]]


def test_corrupt_xlsx_is_refused(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip" * 50)
    with pytest.raises(UserError) as err:
        readers.open_table(path, "XLSX")
    assert "Excel" in err.value.en


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(UserError) as err:
        readers.open_table(path, "XLSX")
    assert "zip" in err.value.en


def test_unknown_format_is_refused(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UserError, match="cannot be loaded"):
        readers.open_table(path, "PDF")

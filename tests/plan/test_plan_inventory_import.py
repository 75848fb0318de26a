"""Inventory spreadsheets: good files, and bad ones that import nothing and say which row is wrong."""

import io

import pytest
from openpyxl import load_workbook

from kanmin.plan import inventory
from kanmin.plan.models import InventoryItem
from kanmin.plan.tabular import ImportFailed


def _import(data: bytes, name="survey.xlsx", user=None):
    return inventory.import_file(io.BytesIO(data), name, user)


def test_good_excel_imports_every_row(departments, inventory_rows, make_xlsx):
    rows = inventory_rows + [["避難行動要支援者名簿", "危機管理課", "DB", "随時", "有", "無", "災害対策基本法", "公開不可", "個人情報のため", ""]]
    result = _import(make_xlsx(rows))
    assert result.created == len(rows) == 7
    aed = InventoryItem.objects.get(name="AED設置場所")
    assert aed.department == "kenkofukushi" and aed.department_title == "健康福祉局"
    assert aed.data_format == "XLSX" and aed.decision == InventoryItem.Decision.OPEN
    assert aed.has_personal_info is False and aed.external_use_allowed is True
    assert aed.planned_date.isoformat() == "2026-06-01"
    roster = InventoryItem.objects.get(name="避難行動要支援者名簿")
    assert roster.has_personal_info and not roster.external_use_allowed
    assert roster.decision == InventoryItem.Decision.CLOSED and roster.decision_reason == "個人情報のため"


def test_reimport_updates_instead_of_duplicating(departments, inventory_rows, make_xlsx):
    _import(make_xlsx(inventory_rows))
    changed = [r[:] for r in inventory_rows]
    changed[0][7] = "形式改善"
    result = _import(make_xlsx(changed))
    assert (result.created, result.updated) == (0, len(inventory_rows))
    assert InventoryItem.objects.count() == len(inventory_rows)
    assert InventoryItem.objects.get(name=changed[0][0]).decision == InventoryItem.Decision.IMPROVE


def test_shift_jis_csv(departments):
    text = "データ名,担当課,個人情報,外部利用,公開判断\r\n図書館一覧,kyoiku,×,○,公開可\r\n"
    result = _import(text.encode("cp932"), "inventory.csv")
    assert result.created == 1
    assert InventoryItem.objects.get().department_title == "教育委員会"


def test_missing_columns_import_nothing(departments, inventory_rows, make_xlsx):
    header = ["データ名", "担当課", "形式"]
    with pytest.raises(ImportFailed) as err:
        _import(make_xlsx([r[:3] for r in inventory_rows], header=header))
    missing = {e.column for e in err.value.errors}
    assert missing == {"個人情報", "外部利用", "公開判断"}
    assert all(e.row == 3 for e in err.value.errors)  # the header is on row 3, below the title
    assert InventoryItem.objects.count() == 0


def test_duplicates_and_wrong_department_give_row_errors_and_import_nothing(departments, inventory_rows, make_xlsx):
    rows = inventory_rows + [inventory_rows[1][:], ["道路台帳", "土木課", "紙", "", "×", "×", "", "公開可", "", ""],
                             ["ごみ収集日", "危機管理課", "CSV", "", "たぶん", "○", "", "公開可", "", ""],
                             ["下水道台帳", "危機管理課", "紙", "", "×", "×", "", "公開不可", "", ""]]
    with pytest.raises(ImportFailed) as err:
        _import(make_xlsx(rows))
    by_row = {(e.row, e.column): e for e in err.value.errors}
    first_data = 4  # title, blank line, header
    dup_row = first_data + len(inventory_rows)
    assert f"{first_data + 1}行目と重複" in by_row[(dup_row, "データ名")].ja
    assert "土木課" in by_row[(dup_row + 1, "担当課")].ja and "not registered" in by_row[(dup_row + 1, "担当課")].en
    assert "たぶん" in by_row[(dup_row + 2, "個人情報")].ja
    assert (dup_row + 3, "公開不可の理由") in by_row
    assert len(err.value.errors) == 4
    assert InventoryItem.objects.count() == 0, "nothing may be imported when any row is wrong"


def test_rows_of_other_departments_are_refused_for_an_editor(departments, dept_editor, make_xlsx):
    rows = [["避難所一覧", "危機管理課", "CSV", "", "×", "○", "", "公開可", "", ""],
            ["図書館一覧", "教育委員会", "CSV", "", "×", "○", "", "公開可", "", ""]]
    with pytest.raises(ImportFailed) as err:
        _import(make_xlsx(rows), user=dept_editor)
    assert [(e.row, e.column) for e in err.value.errors] == [(5, "担当課")]
    assert "権限" in err.value.errors[0].ja
    assert InventoryItem.objects.count() == 0


def test_not_a_spreadsheet(departments):
    with pytest.raises(Exception) as err:
        _import(b"%PDF-1.4", "survey.pdf")
    assert "Excel" in str(err.value)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trip(departments, inventory_rows, make_xlsx, fmt):
    rows = inventory_rows + [["避難行動要支援者名簿", "危機管理課", "DB", "随時", "○", "×", "災害対策基本法", "公開不可", "個人情報のため", ""]]
    _import(make_xlsx(rows))
    fields = ["name", "department", "data_format", "update_frequency", "has_personal_info", "external_use_allowed",
              "legal_basis", "decision", "decision_reason", "planned_date"]
    before = sorted(InventoryItem.objects.values_list(*fields))
    items = InventoryItem.objects.all()
    data = inventory.export_xlsx(items) if fmt == "xlsx" else inventory.export_csv(items)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        assert [c.value for c in sheet[1]][:2] == ["データ名", "担当課"]
        assert sheet.max_row == len(rows) + 1
    else:
        assert data.startswith("\ufeff".encode()) and "避難行動要支援者名簿".encode() in data
    InventoryItem.objects.all().delete()
    result = _import(data, f"export.{fmt}")
    assert result.created == len(rows)
    assert sorted(InventoryItem.objects.values_list(*fields)) == before

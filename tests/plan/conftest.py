"""Fixtures for the plan domain: departments named like a city's, a spreadsheet builder, users."""

import io
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

HEADER = ["データ名", "担当課", "形式", "更新頻度", "個人情報", "外部利用", "根拠法令", "公開判断", "公開不可の理由", "公開予定日"]


@pytest.fixture
def departments(db):
    """Three departments (catalog organizations)."""
    from kanmin.catalog.models import Organization

    return {
        name: Organization.objects.create(name=name, title=title)
        for name, title in [("kikikanri", "危機管理課"), ("kenkofukushi", "健康福祉局"), ("kyoiku", "教育委員会")]
    }


@pytest.fixture
def dept_editor(departments, staff_user):
    """An editor of 危機管理課 and 健康福祉局 only."""
    return staff_user("dept-editor", departments["kikikanri"], departments["kenkofukushi"], password="pass-dept-123")


def corpus_rows(corpus: Path) -> list[list]:
    """One inventory row per real Takamatsu dataset folder (names from its config.yml)."""
    owners = {"aed_location": "健康福祉局", "hospital": "健康福祉局", "evacuation_space": "危機管理課", "library": "教育委員会",
              "events": "教育委員会", "cultural_property": "教育委員会"}
    rows = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir() and p.name in owners):
        config = yaml.safe_load((folder / "config.yml").read_text(encoding="utf-8"))
        data_file = next(f for f in folder.iterdir() if f.name != "config.yml")
        rows.append([config["name"], owners[folder.name], data_file.suffix.lstrip(".").upper(), "随時", "×", "○", "", "公開可", "", "2026-06-01"])
    return rows


def xlsx_bytes(rows, header=HEADER, title="令和8年度 データ棚卸し調査票") -> bytes:
    """A survey workbook like the ones cities send to departments: a title line, then the table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "調査票"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def make_xlsx():
    return xlsx_bytes


@pytest.fixture
def inventory_rows(corpus):
    return corpus_rows(corpus)

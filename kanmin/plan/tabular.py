"""Spreadsheet import/export shared by the data and procedure inventories.

A sheet is described by a list of :class:`Column`. Import reads every row, collects row-level
errors (missing columns, bad values, duplicates, unknown departments) and only when there are none
hands the parsed rows to the caller, which saves them in one transaction.
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kanmin.core.errors import UserError

TRUE_WORDS = {"○", "◯", "〇", "有", "あり", "有り", "要", "必要", "はい", "可", "済", "yes", "y", "true", "1", "✓"}
FALSE_WORDS = {"×", "✕", "無", "なし", "無し", "不要", "いいえ", "不可", "未", "no", "n", "false", "0", "-", "－", "ー"}


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_bool(value):
    text = clean_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    raise ValueError(("「○」か「×」で入力してください", "use ○ (yes) or × (no)"))


def parse_int(value):
    if value in (None, ""):
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(("0以上の整数で入力してください", "use a whole number of 0 or more"))
        return int(value)
    text = clean_text(value).replace(",", "").replace("件", "")
    if not text.isdigit():
        raise ValueError(("0以上の整数で入力してください", "use a whole number of 0 or more"))
    return int(text)


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(("日付は 2026-04-01 の形で入力してください", "write dates like 2026-04-01")) from None


def fmt_bool(value: bool) -> str:
    return "○" if value else "×"


@dataclass
class Column:
    key: str
    ja: str
    en: str
    required: bool = False
    parse: Callable = clean_text
    export: Callable = lambda v: "" if v is None else v  # noqa: E731
    aliases: tuple = ()

    def headers(self) -> set[str]:
        return {clean_text(h).lower() for h in (self.ja, self.en, *self.aliases)}


@dataclass
class RowError:
    row: int  # 1-based spreadsheet row (header is row 1)
    column: str
    ja: str
    en: str

    def message(self, lang="ja") -> str:
        return self.en if lang == "en" else self.ja


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # parsed dicts, each with "_row"
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0


class ImportFailed(UserError):
    """Nothing was imported; ``errors`` lists every problem with its row and column."""

    def __init__(self, errors: list[RowError]):
        n = len(errors)
        super().__init__(
            f"{n}件の問題があるため、何も取り込みませんでした。修正して再度アップロードしてください。",
            f"Nothing was imported because of {n} problem(s). Fix them and upload again.",
        )
        self.errors = errors


def read_rows(fileobj, filename: str) -> list[tuple[int, list]]:
    """Non-empty rows of the first sheet (Excel) or of a CSV file (UTF-8, UTF-8 BOM or Shift_JIS),
    each with its 1-based row number in the file."""
    suffix = Path(filename).suffix.lower()
    data = fileobj.read()
    if suffix in (".xlsx", ".xlsm"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
            raise UserError("Excel ファイルを読み込めませんでした。", f"Could not read the Excel file ({exc.__class__.__name__}).") from exc
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    elif suffix in (".csv", ".txt", ".tsv"):
        for encoding in ("utf-8-sig", "cp932"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError("文字コードを判別できませんでした（UTF-8 か Shift_JIS にしてください）。", "Unknown text encoding (use UTF-8 or Shift_JIS).")
        dialect = "excel-tab" if suffix == ".tsv" else "excel"
        rows = list(csv.reader(io.StringIO(text), dialect=dialect))
    else:
        raise UserError("Excel（.xlsx）か CSV ファイルを指定してください。", "Upload an Excel (.xlsx) or CSV file.", field="file")
    return [(n, list(r)) for n, r in enumerate(rows, start=1) if any(clean_text(c) for c in r)]


HEADER_SEARCH_ROWS = 10


def _find_header(rows, columns) -> int:
    """Index of the header row: survey sheets often have a title or notes above it."""
    known = set().union(*(c.headers() for c in columns))
    best, best_hits = 0, 0
    for i, (_n, raw) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in raw if clean_text(cell).lower() in known)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def parse_sheet(rows: list[tuple[int, list]], columns: list[Column]) -> ImportResult:
    """Find the header row, map headers to columns and parse every cell below it;
    problems become :class:`RowError` with the row number in the file."""
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(1, "", "ファイルにデータがありません。", "The file has no rows."))
        return result
    start = _find_header(rows, columns)
    header_row, header_raw = rows[start]
    header = [clean_text(h).lower() for h in header_raw]
    index = {}
    for col in columns:
        names = col.headers()
        for i, h in enumerate(header):
            if h in names:
                index[col.key] = i
                break
        else:
            if col.required:
                result.errors.append(RowError(header_row, col.ja, f"必須の列「{col.ja}」がありません。", f'The required column "{col.en}" ({col.ja}) is missing.'))
    if result.errors:
        return result
    if len(rows) == start + 1:
        result.errors.append(RowError(header_row, "", "見出しの下にデータの行がありません。", "There are no data rows below the header."))
    for number, raw in rows[start + 1:]:
        parsed = {"_row": number}
        for col in columns:
            if col.key not in index:
                continue
            i = index[col.key]
            cell = raw[i] if i < len(raw) else None
            if col.required and clean_text(cell) == "":
                result.errors.append(RowError(number, col.ja, f"「{col.ja}」が空です。", f'"{col.en}" is empty.'))
                continue
            try:
                parsed[col.key] = col.parse(cell)
            except ValueError as exc:
                ja, en = exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else (str(exc), str(exc))
                result.errors.append(RowError(number, col.ja, f"「{col.ja}」の値「{clean_text(cell)}」: {ja}。", f'"{col.en}" value "{clean_text(cell)}": {en}.'))
        result.rows.append(parsed)
    return result


def check_duplicates(result: ImportResult, key: Callable, label_ja: str, label_en: str) -> None:
    seen: dict = {}
    for row in result.rows:
        k = key(row)
        if k is None:
            continue
        if k in seen:
            result.errors.append(RowError(row["_row"], label_ja, f"{seen[k]}行目と重複しています。", f"Duplicate of row {seen[k]}."))
        else:
            seen[k] = row["_row"]


def write_xlsx(columns: list[Column], records: list[dict], sheet_title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([c.ja for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
    for rec in records:
        sheet.append([c.export(rec.get(c.key)) for c in columns])
    for i, col in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(col.ja) * 2 + 4))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(columns: list[Column], records: list[dict]) -> bytes:
    """UTF-8 with BOM so Excel opens it with the right encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.ja for c in columns])
    for rec in records:
        writer.writerow(["" if (v := c.export(rec.get(c.key))) is None else v for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

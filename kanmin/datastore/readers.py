"""Read CSV, TSV and Excel files as a header plus rows of cell values.

Every problem a person can fix is raised as a bilingual :class:`UserError`, naming the row or cell.
"""

import codecs
import csv
import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from charset_normalizer import from_bytes

from kanmin.core.errors import StructureError, UserError

TABULAR_FORMATS = {"CSV", "TSV", "XLSX", "XLS", "XLSM", "ODS"}
EXCEL_FORMATS = {"XLSX", "XLS", "XLSM", "ODS"}
MAX_COLUMNS = 1000
MAX_CELL_CHARS = 100_000
csv.field_size_limit(MAX_CELL_CHARS)


@dataclass
class Table:
    """A header and a factory for its rows (called once per pass, so large CSVs stream twice)."""

    header: list[str]
    rows: "callable"
    encoding: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)


def guess_format(filename: str, declared: str = "") -> str:
    if declared:
        return declared.strip().upper().lstrip(".")
    suffix = Path(filename).suffix.upper().lstrip(".")
    return {"TXT": "CSV"}.get(suffix, suffix)


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) first, then Shift_JIS (cp932), then charset-normalizer's guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for enc in ("utf-8", "cp932"):
        try:
            sample.decode(enc)
            return enc
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the end of the sample is not an error
            if exc.start >= len(sample) - 4 and enc == "utf-8":
                return enc
    best = from_bytes(sample).best()
    if best is None:
        raise UserError(
            "文字コードを判別できません。UTF-8 または Shift_JIS の CSV にしてください。",
            "Cannot tell the text encoding; please save the CSV as UTF-8 or Shift_JIS.",
        )
    return best.encoding


def _looks_binary(sample: bytes) -> bool:
    return b"\x00" in sample[:8192]


def read_csv(path: Path, delimiter: str = ",", encoding: str | None = None) -> Table:
    with open(path, "rb") as fh:
        sample = fh.read(256 * 1024)
    if not sample.strip():
        raise UserError("ファイルが空です。", "The file is empty.")
    if _looks_binary(sample):
        raise UserError(
            "CSV ではなくバイナリファイルのようです（拡張子と中身が一致しません）。",
            "This looks like a binary file, not CSV (its name and content do not match).",
        )
    enc = encoding or detect_encoding(sample)

    def rows() -> Iterator[list[str]]:
        with open(path, encoding=enc, newline="", errors="strict") as fh:
            reader = csv.reader(fh, delimiter=delimiter, strict=True)
            try:
                next(reader)
                for row in reader:
                    yield row
            except UnicodeDecodeError as exc:
                raise UserError(
                    f"{reader.line_num} 行目付近に {enc} として読めない文字があります。文字コードを確認してください。",
                    f"Near line {reader.line_num} there are bytes that are not valid {enc}; check the encoding.",
                ) from exc
            except csv.Error as exc:
                raise UserError(
                    f"{reader.line_num} 行目の CSV の形式が壊れています（{exc}）。引用符の対応を確認してください。",
                    f"The CSV is malformed at line {reader.line_num} ({exc}); check the quotes.",
                ) from exc

    try:
        with open(path, encoding=enc, newline="") as fh:
            header = next(csv.reader(fh, delimiter=delimiter, strict=True), None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UserError(
            "1 行目（見出し）を読めません。文字コードと形式を確認してください。",
            "Cannot read the first (header) line; check the encoding and format.",
        ) from exc
    if not header:
        raise UserError("見出し行がありません。", "There is no header row.")
    return Table(header=header, rows=rows, encoding=enc)


def _cell(value):
    """Calamine cell to a plain value: floats that are whole numbers become ints."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    return value


FORMULA_CELL_RE = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?</c>', re.S)
SAVED_VALUE_RE = re.compile(rb"<v(?: [^>]*)?>[^<]+</v>|<is>")


def _formula_without_value(path: Path, limit: int = 64 * 1024 * 1024) -> str | None:
    """The first cell (e.g. 'B3') holding a formula whose result was never saved, if any.

    Files written by programs (not Excel) often carry formulas without cached results; reading
    them would silently give empty cells.
    """
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.startswith("xl/worksheets/") or info.file_size > limit:
                continue
            xml = zf.read(info)
            if b"<f" not in xml:
                continue
            for m in FORMULA_CELL_RE.finditer(xml):
                if not SAVED_VALUE_RE.search(m.group(0)):
                    return m.group(1).decode()
    return None


def read_excel(path: Path, sheet: str | None = None) -> Table:
    from python_calamine import CalamineWorkbook

    _check_zip(path)
    cell = _formula_without_value(path)
    if cell:
        raise UserError(
            f"セル {cell} などの数式に計算結果が保存されていません。Excel で開いて保存し直すか、値に変換してください。",
            f"Formula cells such as {cell} have no saved result; open and save the file in Excel, or paste values.",
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        text = str(exc).lower()
        if "password" in text or "encrypt" in text or "cfb" in text:
            raise UserError(
                "パスワードで保護された Excel ファイルは読み込めません。保護を解除してください。",
                "Password-protected Excel files cannot be read; please remove the protection.",
            ) from exc
        raise UserError(
            "Excel ファイルを開けません。ファイルが壊れているか、Excel 形式ではありません。",
            "Cannot open the Excel file; it is damaged or not an Excel file.",
        ) from exc
    names = workbook.sheet_names
    if sheet is not None and sheet not in names:
        raise UserError(f"シート「{sheet}」がありません。", f"There is no sheet named '{sheet}'.")
    for name in [sheet] if sheet else names:
        ws = workbook.get_sheet_by_name(name)
        data = ws.to_python(skip_empty_area=True)
        data = [r for r in data if any(c not in ("", None) for c in r)]
        if not data:
            continue
        merged = ws.merged_cell_ranges or []
        if merged:
            (r0, c0), (r1, c1) = merged[0]
            raise StructureError(
                f"シート「{name}」に結合セル（{_a1(r0, c0)}:{_a1(r1, c1)} など {len(merged)} 箇所）があります。"
                "結合を解除するか、「機械判読用に変換」を使ってください。",
                f"Sheet '{name}' has merged cells ({_a1(r0, c0)}:{_a1(r1, c1)} and {len(merged) - 1} more); "
                "unmerge them or use the machine-readable converter.",
            )
        header = [str(_cell(c)) if c not in (None, "") else "" for c in data[0]]
        body = [[_cell(c) for c in r] for r in data[1:]]
        return Table(header=header, rows=lambda body=body: iter(body), sheet=name)
    raise UserError(
        "Excel ファイルにデータのあるシートがありません（空のシートのみ）。",
        "The Excel file has no sheet with data (all sheets are empty).",
    )


def _a1(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _check_zip(path: Path, max_ratio: int = 200, max_total: int = 1024**3) -> None:
    """Refuse zip bombs before a reader inflates them (xlsx is a zip)."""
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as zf:
        total = sum(i.file_size for i in zf.infolist())
        packed = sum(i.compress_size for i in zf.infolist()) or 1
        if total > max_total or total / packed > max_ratio and total > 50 * 1024**2:
            raise UserError(
                "圧縮率が異常に高いファイルです（zip 爆弾の疑い）。読み込みを中止しました。",
                "The file expands to an abnormal size (possible zip bomb); loading was stopped.",
            )


def open_table(path: Path, fmt: str, *, sheet: str | None = None, encoding: str | None = None) -> Table:
    fmt = fmt.upper()
    if fmt == "CSV":
        return read_csv(path, ",", encoding)
    if fmt == "TSV":
        return read_csv(path, "\t", encoding)
    if fmt in EXCEL_FORMATS:
        return read_excel(path, sheet)
    raise UserError(
        f"{fmt or '不明な'} 形式はデータストアに取り込めません（CSV・TSV・Excel のみ）。",
        f"{fmt or 'Unknown'} files cannot be loaded into the datastore (CSV, TSV and Excel only).",
    )

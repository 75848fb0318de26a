"""Open any uploaded file for checking: CSV/TSV (streamed), Excel (values + layout), or other formats.

Bounded memory: CSV is never loaded whole; Excel files over ``Limits.excel_mb`` are refused, layout
details (merged cells, hidden rows, formulas, objects) are read only below ``Limits.layout_mb``;
zip bombs and password-protected workbooks are refused with a clear bilingual message.
"""

import codecs
import csv
import datetime as dt
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from charset_normalizer import from_bytes

from .errors import ReadError
from .text import is_blank

EXCEL = {"XLSX", "XLSM", "XLS", "ODS"}
TEXT_TABLES = {"CSV", "TSV", "TXT"}
csv.field_size_limit(1_000_000)


@dataclass
class Limits:
    """Size limits (megabytes); override with KANMIN_QUALITY_* environment variables."""

    max_mb: int = int(os.environ.get("KANMIN_QUALITY_MAX_MB", "2048"))
    excel_mb: int = int(os.environ.get("KANMIN_QUALITY_EXCEL_MB", "50"))
    layout_mb: int = int(os.environ.get("KANMIN_QUALITY_LAYOUT_MB", "10"))
    max_unzipped_mb: int = int(os.environ.get("KANMIN_QUALITY_UNZIPPED_MB", "1024"))
    max_ratio: int = 100


@dataclass
class Sheet:
    name: str
    _rows: Callable[[], Iterator[list]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (inclusive, 0-based)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    formula_cells: list[tuple[int, int]] = field(default_factory=list)
    formula_count: int = 0
    objects: list[str] = field(default_factory=list)
    hidden: bool = False
    layout_known: bool = True

    def iter_rows(self) -> Iterator[list]:
        return self._rows()

    def head(self, n: int) -> list[list]:
        out = []
        for row in self.iter_rows():
            out.append(row)
            if len(out) >= n:
                break
        return out


@dataclass
class Source:
    path: Path
    format: str
    size: int
    sheets: list[Sheet] = field(default_factory=list)
    encoding: str = ""
    had_bom: bool = False
    delimiter: str = ","
    tabular: bool = True
    zip_parts: list[str] = field(default_factory=list)


MAGIC = [(b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP"), (b"\xd0\xcf\x11\xe0", "OLE"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF")]


def sniff(head: bytes) -> str:
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), "")


def format_of(path: Path, declared: str = "") -> str:
    fmt = (declared or path.suffix.lstrip(".")).upper()
    return {"TXT": "CSV", "JPG": "JPEG", "HTM": "HTML"}.get(fmt, fmt)


def detect_encoding(sample: bytes) -> tuple[str, bool]:
    """(encoding, had_bom). UTF-8 first, then Shift_JIS (cp932), then charset-normalizer."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    for enc in ("utf-8", "cp932"):
        try:
            sample.decode(enc)
            return enc, False
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a character cut by the sample's end
                return enc, False
    for enc in ("euc_jp", "iso2022_jp"):
        try:
            sample.decode(enc)
            return enc, False
        except UnicodeDecodeError:
            pass
    best = from_bytes(sample).best()
    if best is None:
        raise ReadError("文字コードを判別できません。UTF-8 で保存し直してください。",
                        "Cannot tell the text encoding; save the file as UTF-8.")
    return best.encoding, False


def _open_csv(path: Path, fmt: str) -> Source:
    size = path.stat().st_size
    with open(path, "rb") as fh:
        sample = fh.read(512 * 1024)
    if not sample.strip():
        raise ReadError("ファイルが空です。", "The file is empty.")
    if b"\x00" in sample[:8192] or sniff(sample):
        raise ReadError("CSV という名前ですが、中身は文字のデータではありません（バイナリファイル）。",
                        "The file is named as CSV but is binary, not text.")
    encoding, bom = detect_encoding(sample)
    text_sample = sample.decode(encoding, errors="replace")
    delimiter = "\t" if fmt == "TSV" else ","
    if fmt != "TSV":
        first = (text_sample.splitlines() or [""])[0]
        if first.count("\t") > first.count(",") and first.count("\t") > 0:
            delimiter = "\t"

    def rows() -> Iterator[list]:
        with open(path, encoding=encoding, errors="strict", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                for row in reader:
                    yield row
            except UnicodeDecodeError as exc:
                raise ReadError(f"{reader.line_num} 行目付近に {encoding} として読めない文字があります。",
                                f"Near line {reader.line_num} there are bytes that are not valid {encoding}.") from exc
            except csv.Error as exc:
                raise ReadError(f"{reader.line_num} 行目の CSV 形式が壊れています（{exc}）。",
                                f"The CSV is malformed at line {reader.line_num} ({exc}).") from exc

    src = Source(path, fmt, size, encoding=encoding, had_bom=bom, delimiter=delimiter)
    src.sheets.append(Sheet(path.name, rows, layout_known=False))
    return src


def check_zip(path: Path, limits: Limits) -> list[str]:
    """Refuse zip bombs; return the names inside the archive."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError("Excel ファイルが壊れています（zip として読めません）。", "The Excel file is damaged (not a valid zip).") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_unzipped_mb * 1024**2 or (total > 50 * 1024**2 and total / packed > limits.max_ratio):
        raise ReadError("展開後の大きさが異常です（zip 爆弾の疑い）。処理を中止しました。",
                        "The file expands to an abnormal size (possible zip bomb); processing was stopped.")
    return [i.filename for i in infos]


def _cell(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if value == "":
        return None
    return value


def _open_excel(path: Path, fmt: str, limits: Limits) -> Source:
    from python_calamine import CalamineWorkbook

    size = path.stat().st_size
    head = path.open("rb").read(8)
    kind = sniff(head)
    parts: list[str] = []
    if fmt in ("XLSX", "XLSM", "ODS"):
        if kind == "OLE":
            raise ReadError("パスワードで保護（暗号化）された Excel ファイルは確認できません。保護を解除してください。",
                            "Password-protected (encrypted) Excel files cannot be checked; remove the protection first.")
        if kind != "ZIP":
            raise ReadError(f"拡張子は {fmt} ですが、中身が Excel ファイルではありません。",
                            f"The file is named .{fmt.lower()} but is not an Excel file.")
        parts = check_zip(path, limits)
    if size > limits.excel_mb * 1024**2:
        raise ReadError(f"Excel ファイルが大きすぎます（{limits.excel_mb} MB まで）。CSV で保存してから確認してください。",
                        f"The Excel file is too large (limit {limits.excel_mb} MB); save it as CSV and check that.")
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise ReadError("パスワードで保護された Excel ファイルは確認できません。", "Password-protected Excel files cannot be checked.") from exc
        raise ReadError("Excel ファイルを開けません。壊れているか Excel 形式ではありません。",
                        "Cannot open the Excel file; it is damaged or not Excel.") from exc
    src = Source(path, fmt, size, zip_parts=parts)
    visible = {m.name: str(m.visible).endswith("Visible") for m in wb.sheets_metadata}
    for name in wb.sheet_names:
        try:
            ws = wb.get_sheet_by_name(name)
            data = [[_cell(c) for c in row] for row in ws.to_python(skip_empty_area=False)]
        except Exception as exc:  # noqa: BLE001
            raise ReadError(f"シート「{name}」を読めません。", f"Cannot read sheet '{name}'.") from exc
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (ws.merged_cell_ranges or [])]
        src.sheets.append(Sheet(name, lambda d=data: iter(d), merged=merged, hidden=not visible.get(name, True), layout_known=False))
    if fmt in ("XLSX", "XLSM") and size <= limits.layout_mb * 1024**2:
        _add_layout(path, src)
    return src


def _add_layout(path: Path, src: Source) -> None:
    """Hidden rows/columns, formulas, pictures, charts and comments (openpyxl)."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(path, data_only=False)
        except Exception:  # noqa: BLE001 - keep the value-level check
            return
    by_name = {s.name: s for s in src.sheets}
    drawings = [p for p in src.zip_parts if p.startswith("xl/drawings/") and p.endswith(".xml")]
    for ws in wb.worksheets:
        sheet = by_name.get(ws.title)
        if sheet is None:
            continue
        sheet.layout_known = True
        sheet.hidden = ws.sheet_state != "visible"
        sheet.merged = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
        sheet.hidden_rows = {r - 1 for r, d in ws.row_dimensions.items() if d.hidden}
        for key, d in ws.column_dimensions.items():
            if d.hidden:
                lo, hi = (d.min or 0), (d.max or 0)
                if lo and hi:
                    sheet.hidden_cols.update(range(lo - 1, min(hi, lo + 200)))
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    sheet.formula_count += 1
                    if len(sheet.formula_cells) < 20:
                        sheet.formula_cells.append((cell.row - 1, cell.column - 1))
                if cell.comment is not None and len(sheet.objects) < 50:
                    sheet.objects.append(f"comment:{cell.coordinate}")
        sheet.objects += [f"image:{i}" for i, _ in enumerate(getattr(ws, "_images", []))]
        sheet.objects += [f"chart:{i}" for i, _ in enumerate(getattr(ws, "_charts", []))]
    if drawings and not any(o.startswith(("image", "chart")) for s in src.sheets for o in s.objects) and src.sheets:
        src.sheets[0].objects.append("drawing")


def open_source(path, declared_format: str = "", limits: Limits | None = None) -> Source:
    """Open ``path``; raise :class:`ReadError` with a bilingual message for anything unreadable."""
    limits = limits or Limits()
    path = Path(path)
    if not path.is_file():
        raise ReadError("ファイルがありません。", "The file does not exist.")
    size = path.stat().st_size
    if size > limits.max_mb * 1024**2:
        raise ReadError(f"ファイルが大きすぎます（{limits.max_mb} MB まで）。", f"The file is too large (limit {limits.max_mb} MB).")
    if size == 0:
        raise ReadError("ファイルが空です。", "The file is empty.")
    fmt = format_of(path, declared_format)
    if fmt in TEXT_TABLES:
        return _open_csv(path, "TSV" if fmt == "TSV" else "CSV")
    if fmt in EXCEL:
        return _open_excel(path, fmt, limits)
    return Source(path, fmt, size, tabular=False)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def row_text(row) -> str:
    """The row's non-blank cells as one line of text."""
    return " ".join(cell_text(v) for v in row if not is_blank(v))

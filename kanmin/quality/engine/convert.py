"""Turn a print-style spreadsheet into a clean UTF-8 CSV, logging every change.

What is changed (each logged with the source cell): title/note/blank rows and blank columns are
dropped, multi-row and merged headers become one row, merged data cells are filled, text is made
UTF-8, 和暦 and other date forms become ISO 8601, times become HH:MM, full-width letters/digits
become ASCII, thousands separators go, a unit shared by a column moves to its name (several units:
a unit column), 5-digit local government codes get their check digit, platform-dependent characters
get portable equivalents.  What is *not* guessed (logged as ``ambiguous`` and left as it was): dates
without a year or with day/month order unclear, △ numbers, "約"/"程度" numbers, words in numeric
columns, private-use characters, several tables on one sheet.
"""

import csv
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import localgov, standards
from .dates import is_wareki, parse_date, parse_time
from .errors import ReadError
from .layout import FULL_LOAD_BYTES, HEAD_ROWS, detect_layout, iter_data
from .numbers import parse_number
from .reader import Limits, cell_text, open_source, row_text
from .text import FW_ALNUM, PLATFORM_DEPENDENT, HALF_KANA, a1, col_letter, fw_alnum_to_half, is_blank, replace_platform_dependent

MAX_LOG = 100_000


@dataclass
class Conversion:
    output: Path
    sheet: str
    header: list[str]
    rows: int
    changes: list[dict] = field(default_factory=list)
    ambiguous: list[dict] = field(default_factory=list)
    summary: Counter = field(default_factory=Counter)
    log_truncated: bool = False
    source_encoding: str = ""
    header_row: int | None = None
    preview: list[list[str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Number of changes made (everything logged except the values left for review)."""
        return sum(v for k, v in self.summary.items() if k != "ambiguous")

    def log(self, kind: str, rule: str, ja: str, en: str, *, cell: str = "", column: str = "", before="", after="") -> None:
        self.summary[kind] += 1
        if len(self.changes) >= MAX_LOG:
            self.log_truncated = True
            return
        self.changes.append({"kind": kind, "rule": rule, "cell": cell, "column": column,
                             "before": _short(before), "after": _short(after), "note_ja": ja, "note_en": en})

    def doubt(self, rule: str, ja: str, en: str, *, cell: str = "", column: str = "", value="") -> None:
        self.summary["ambiguous"] += 1
        if len(self.ambiguous) < MAX_LOG:
            self.ambiguous.append({"rule": rule, "cell": cell, "column": column, "value": _short(value), "note_ja": ja, "note_en": en})

    def as_dict(self) -> dict:
        return {"output": str(self.output), "sheet": self.sheet, "header": self.header, "rows": self.rows,
                "header_row": self.header_row, "source_encoding": self.source_encoding,
                "summary": dict(self.summary), "log_truncated": self.log_truncated,
                "changes": self.changes, "ambiguous": self.ambiguous}

    def write_log(self, path) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def _short(v) -> str:
    text = cell_text(v) if not isinstance(v, str) else v
    return text if len(text) <= 200 else text[:197] + "…"


@dataclass
class ColumnPlan:
    source: int
    name: str
    numeric: bool = False
    unit: str = ""  # one unit moved to the header
    unit_column: bool = False  # several units: a separate column
    code: bool = False  # 全国地方公共団体コード


def convert_file(path, output, *, sheet: str | None = None, declared_format: str = "", standard_names: bool = False,
                 schema: str | None = None, bom: bool = False, limits: Limits | None = None) -> Conversion:
    """Convert ``path`` to a UTF-8 CSV at ``output``. Raises :class:`ReadError` for unreadable input."""
    if Path(output).resolve() == Path(path).resolve():
        raise ReadError("変換後のファイルを元のファイルと同じ場所には書けません。", "The output must not overwrite the input file.")
    src = open_source(Path(path), declared_format, limits)
    if not src.tabular:
        raise ReadError(f"{src.format} 形式は表に変換できません。", f"{src.format} files cannot be converted to a table.")
    sheets = [s for s in src.sheets if sheet is None or s.name == sheet]
    if not sheets:
        raise ReadError(f"シート「{sheet}」がありません。", f"There is no sheet named '{sheet}'.")
    complete = src.format != "CSV" or src.size <= FULL_LOAD_BYTES
    chosen = rows = None
    for s in sorted(sheets, key=lambda s: s.hidden):
        rows = s.head(10**9) if complete else s.head(HEAD_ROWS)
        if any(any(not is_blank(v) for v in r) for r in rows):
            chosen = s
            break
    if chosen is None:
        raise ReadError("データのあるシートがありません。", "No sheet contains data.")
    conv = Conversion(Path(output), chosen.name, [], 0, source_encoding=src.encoding)
    if src.format == "CSV" and src.encoding not in ("utf-8", "utf-8-sig"):
        conv.log("encoding", "L2-01", f"文字コードを {src.encoding} から UTF-8 に変えました。", f"Re-encoded from {src.encoding} to UTF-8.",
                 before=src.encoding, after="UTF-8")
    lay = detect_layout(rows, chosen.merged, complete=complete)
    conv.header_row = lay.header_rows[0] + 1 if lay.header_rows else None
    for r in lay.title_rows:
        conv.log("drop_row", "L1-15", "表の上のタイトル行を削除しました。", "Removed a title row above the table.", cell=f"行 {r + 1}", before=row_text(rows[r]))
    for r in lay.note_rows:
        conv.log("drop_row", "L1-15", "注記の行を削除しました（内容はメタデータに移してください）。", "Removed a note row (move its text to the metadata).",
                 cell=f"行 {r + 1}", before=row_text(rows[r]))
    for r in lay.blank_rows:
        conv.log("drop_row", "L1-13", "空行を削除しました。", "Removed a blank row.", cell=f"行 {r + 1}")
    for c in lay.blank_cols:
        conv.log("drop_column", "L1-13", "空の列を削除しました。", "Removed a blank column.", cell=f"列 {col_letter(c)}")
    for r in lay.extra_tables:
        conv.doubt("L1-14", f"{r + 1} 行目から別の表があります。最初の表だけを変換しました。残りは別に保存してください。",
                   f"Another table starts at row {r + 1}; only the first table was converted.", cell=f"行 {r + 1}")
    for r in sorted(chosen.hidden_rows):
        if lay.is_data(r):
            conv.doubt("L1-13", "非表示の行をデータとして残しました。公開してよいか確認してください。",
                       "A hidden row was kept as data; check that it may be published.", cell=f"行 {r + 1}")
    # merged cells in the data: every covered cell gets the value
    fill = {}
    last_header = lay.header_rows[-1] if lay.header_rows else -1
    for r0, c0, r1, c1 in chosen.merged:
        if r1 <= last_header:
            if len(lay.header_rows) > 1 or c1 > c0:
                conv.log("header", "L1-04", "結合された見出しを解除し、各列の見出しに展開しました。", "Unmerged a header cell into every column it covered.",
                         cell=f"{a1(r0, c0)}:{a1(r1, c1)}", before=cell_text(rows[r0][c0]) if c0 < len(rows[r0]) else "")
            continue
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for r in range(max(r0, last_header + 1), r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    fill[(r, c)] = value
        conv.log("unmerge", "L1-04", "結合セルを解除し、同じ値を各セルに入れました。", "Unmerged cells and repeated the value in each.",
                 cell=f"{a1(r0, c0)}:{a1(r1, c1)}", after=cell_text(value))
    plans = _plan_columns(lay, rows, fill, conv, standard_names, schema)
    header = []
    for p in plans:
        header.append(p.name)
        if p.unit_column:
            header.append(f"{p.name}_単位")
    conv.header = header
    if len(lay.header_rows) > 1:
        conv.log("header", "L1-06", f"{len(lay.header_rows)} 行の見出しを1行にまとめました。", f"Combined {len(lay.header_rows)} header rows into one.",
                 cell=f"行 {lay.header_rows[0] + 1}-{lay.header_rows[-1] + 1}", after=" | ".join(header))
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        for r, row in iter_data(rows if complete else chosen.iter_rows(), lay):
            values = []
            for p in plans:
                v = fill.get((r, p.source), row[p.source] if p.source < len(row) else None)
                new, unit = _convert_cell(v, p, a1(r, p.source), conv)
                values.append(new)
                if p.unit_column:
                    values.append(unit)
            writer.writerow(values)
            conv.rows += 1
            if len(conv.preview) < 20:
                conv.preview.append(values)
    return conv


def _clean_header(name: str) -> str:
    text = fw_alnum_to_half(name.replace("\r", "").replace("\n", "")).strip(" \u3000")
    text, _ = replace_platform_dependent(text)
    return text


def _plan_columns(lay, rows, fill, conv, standard_names, schema_name) -> list[ColumnPlan]:
    plans = []
    seen = Counter()
    for j, c in enumerate(lay.columns):
        raw = lay.header[j]
        name = _clean_header(raw)
        if not name:
            name = f"列{col_letter(c)}"
            conv.doubt("L1-06", f"見出しのない列に仮の名前「{name}」を付けました。正しい項目名に直してください。",
                       f"A column without a name was called '{name}'; give it its real name.", cell=f"列 {col_letter(c)}", column=name)
        elif name != raw:
            conv.log("header", "L1-05", "見出しの改行・空白・全角英数字を整えました。", "Cleaned line breaks, blanks or full-width characters in a column name.",
                     cell=f"列 {col_letter(c)}", column=name, before=raw, after=name)
        seen[name] += 1
        if seen[name] > 1:
            new = f"{name}_{seen[name]}"
            conv.doubt("L1-06", f"見出し「{name}」が重複しているため「{new}」としました。", f"Duplicate column name '{name}' renamed to '{new}'.",
                       cell=f"列 {col_letter(c)}", column=new)
            name = new
        plans.append(ColumnPlan(c, name))
    mapping = None
    header_names = [p.name for p in plans]
    try:
        mapping = standards.map_header(header_names, standards.get_schema(schema_name)) if schema_name else standards.detect(header_names)
    except KeyError:
        mapping = None
    if mapping is not None:
        for i, std in mapping.columns.items():
            if std == "全国地方公共団体コード":
                plans[i].code = True
        if standard_names:
            for i, std in mapping.near_miss.items():
                conv.log("rename", "L3-02", f"見出しを標準の項目名「{std}」にしました。", f"Renamed the column to the standard name '{std}'.",
                         cell=f"列 {col_letter(plans[i].source)}", column=std, before=plans[i].name, after=std)
                plans[i].name = std
    # profile: numeric columns and their units (from the rows read for the layout: all of them, or a large CSV's head)
    stats = [Counter() for _ in plans]
    units = [Counter() for _ in plans]
    for r, row in iter_data(rows, lay):
        for k, p in enumerate(plans):
            v = fill.get((r, p.source), row[p.source] if p.source < len(row) else None)
            if is_blank(v):
                continue
            stats[k]["nonblank"] += 1
            num = parse_number(v) if not isinstance(v, (dt.date, dt.time)) else None
            if num is not None and not (isinstance(v, str) and (is_wareki(v) or parse_time(v))):
                stats[k]["number"] += 1
                if num.unit:
                    units[k][num.unit] += 1
                else:
                    stats[k]["bare"] += 1
    for k, p in enumerate(plans):
        s = stats[k]
        if not s["nonblank"] or s["number"] < 0.8 * s["nonblank"] or p.code:
            continue
        p.numeric = True
        if len(units[k]) == 1:
            unit = next(iter(units[k]))
            if not re.search(rf"[（(［\[]\s*(?:単位\s*[:：]?\s*)?{re.escape(unit)}\s*[)）］\]]", p.name):
                conv.log("header", "L1-09", f"値に付いていた単位「{unit}」を見出しに移しました。", f"Moved the unit '{unit}' from the values to the column name.",
                         cell=f"列 {col_letter(p.source)}", column=p.name, before=p.name, after=f"{p.name}（{unit}）")
                p.name = f"{p.name}（{unit}）"
            p.unit = unit
            if s["bare"]:
                conv.doubt("L1-09", f"列「{p.name}」には単位のない数値もあります。同じ単位（{unit}）か確認してください。",
                           f"Column '{p.name}' also has numbers without a unit; check they are in {unit}.", column=p.name)
        elif len(units[k]) > 1:
            p.unit_column = True
            conv.log("add_column", "L1-09", f"単位が複数（{'・'.join(units[k])}）あるため、単位の列「{p.name}_単位」を追加しました。",
                     f"Several units ({', '.join(units[k])}); added the unit column '{p.name}_単位'.", column=p.name)
    return plans


def _convert_cell(v, p: ColumnPlan, cell: str, conv: Conversion) -> tuple[str, str]:
    """Returns (new text, unit for the unit column)."""
    if v is None:
        return "", ""
    if isinstance(v, (dt.datetime, dt.date)):
        parsed = parse_date(v)
        return parsed.iso, ""
    if isinstance(v, dt.time):
        return parse_time(v).iso, ""
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE"), ""
    if isinstance(v, (int, float)):
        text = cell_text(v)
        if p.code and isinstance(v, int):
            return _code(str(v), p, cell, conv), ""
        return text, (p.unit if p.unit_column else "")
    original = str(v)
    text = original
    stripped = text.strip(" \u3000\t\r\n")
    if stripped != text:
        conv.log("cell", "L1-05", "前後の空白・改行を削除しました。", "Removed leading/trailing blanks.", cell=cell, column=p.name, before=text, after=stripped)
        text = stripped
    if not text:
        return "", ""
    if PLATFORM_DEPENDENT.search(text) or HALF_KANA.search(text):
        new, kept = replace_platform_dependent(text)
        if new != text:
            conv.log("cell", "L1-10", "環境依存文字を置き換えました。", "Replaced platform-dependent characters.", cell=cell, column=p.name, before=text, after=new)
            text = new
        if kept:
            conv.doubt("L1-10", f"置き換え先が決まらない文字（{''.join(kept)}）があります。", f"Characters without a portable equivalent ({''.join(kept)}).",
                       cell=cell, column=p.name, value=text)
    if p.code:
        return _code(text, p, cell, conv), ""
    # dates and times: the whole cell must be one date or time
    d = parse_date(text)
    if d is not None and not _plain_number(text):
        if d.ok:
            if d.iso != text:
                rule = "L1-11" if d.kind == "wareki" else "L2-04"
                conv.log("cell", rule, "日付を ISO 8601（年-月-日）にしました。", "Converted the date to ISO 8601.", cell=cell, column=p.name, before=text, after=d.iso)
            return d.iso, ""
        conv.doubt("L2-04", d.reason_ja, d.reason_en, cell=cell, column=p.name, value=text)
        return text, ""
    t = parse_time(text)
    if t is not None:
        if t.ok:
            if t.iso != text:
                conv.log("cell", "L2-04", "時刻を HH:MM にしました。", "Converted the time to HH:MM.", cell=cell, column=p.name, before=text, after=t.iso)
            return t.iso, ""
        conv.doubt("L2-04", t.reason_ja, t.reason_en, cell=cell, column=p.name, value=text)
        return text, ""
    if p.numeric:
        num = parse_number(text)
        if num is None:
            conv.doubt("L2-06", "数値の列に数値でない値があります。そのまま残しました。", "A non-number in a numeric column was kept as it is.",
                       cell=cell, column=p.name, value=text)
            return fw_alnum_to_half(text), ""
        if num.ambiguous or num.approximate:
            conv.doubt("L1-03", "「△」や「約」の付いた数値は意味が決められないため、そのまま残しました。",
                       "Numbers with △ or 約 (about) were kept as they are; their meaning is not certain.", cell=cell, column=p.name, value=text)
            return text, ""
        if num.value != text:
            what = []
            if num.had_commas:
                what.append("桁区切り")
            if num.unit:
                what.append("単位")
            if num.had_fullwidth:
                what.append("全角数字")
            if num.negative_mark:
                what.append("▲")
            conv.log("cell", "L1-09" if num.unit else "L1-03", f"数値から{'・'.join(what) or '余分な文字'}を取り除きました。",
                     "Removed separators, units or full-width digits from a number.", cell=cell, column=p.name, before=text, after=num.value)
        return num.value, (num.unit if p.unit_column else "")
    if FW_ALNUM.search(text):
        new = fw_alnum_to_half(text)
        conv.log("cell", "L2-05", "全角英数字を半角にしました。", "Converted full-width letters and digits to ASCII.", cell=cell, column=p.name, before=text, after=new)
        text = new
    return text, ""


def _plain_number(text: str) -> bool:
    return text.replace(".", "", 1).lstrip("-").isdigit()


def _code(text: str, p: ColumnPlan, cell: str, conv: Conversion) -> str:
    check = localgov.check_code(fw_alnum_to_half(text))
    if check.ok:
        return check.normalized
    if check.fixable:
        conv.log("cell", "L3-04", "全国地方公共団体コードに検査数字を付けて6桁にしました。", "Added the check digit to the local government code.",
                 cell=cell, column=p.name, before=text, after=check.normalized)
        return check.normalized
    conv.doubt("L3-04", check.problem_ja, check.problem_en, cell=cell, column=p.name, value=text)
    return text

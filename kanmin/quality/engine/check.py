"""Check one file against the machine-readability rules and produce a :class:`Report`."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import standards
from .address import parse_address
from .dates import is_wareki, parse_date, parse_time
from .errors import ReadError
from .layout import FULL_LOAD_BYTES, HEAD_ROWS, detect_layout, iter_data
from .numbers import parse_number
from .reader import Limits, Sheet, Source, cell_text, open_source, row_text
from .report import Findings, Report, score, stars
from .rules import ERROR, INFO, WARNING
from .text import CIRCLED_NUMBER, FW_ALNUM, a1, col_letter, has_padding, is_blank, platform_dependent_chars

ADDRESS_LIMIT = 20000
NOT_TABULAR = {"PDF": "PDF", "DOC": "Word", "DOCX": "Word", "PPT": "PowerPoint", "PPTX": "PowerPoint",
               "PNG": "画像", "JPEG": "画像", "JPG": "画像", "GIF": "画像", "TIF": "画像", "TIFF": "画像",
               "HTML": "HTML", "JTD": "一太郎", "ZIP": "ZIP"}
STRUCTURED_OTHER = {"JSON", "GEOJSON", "XML", "RDF", "TTL", "JSONLD", "KML", "GML", "SHP"}
DITTO = {"〃", "同上", "同左", "〃〃", "″", "”"}
REGION_HEADER = re.compile(r"(地域名|地区名?|町名|町丁|校区|regionName|市区町村名|^地域$)", re.I)
CODE_HEADER = re.compile(r"(コード|code)", re.I)
LATLON_IN_ONE = re.compile(r"^\s*-?[0-9]{1,3}\.[0-9]+\s*,\s*-?[0-9]{1,3}\.[0-9]+\s*$")
ADDRESS_HEADER = re.compile(r"(住所|所在地|^address$)", re.I)


@dataclass
class ColumnProfile:
    total: int = 0
    blank: int = 0
    plain: int = 0
    decorated: int = 0
    triangle: int = 0
    dates_iso: int = 0
    dates_wareki: int = 0
    dates_other: int = 0
    dates_bad: int = 0
    times_ok: int = 0
    times_other: int = 0
    uris: int = 0
    units: Counter = field(default_factory=Counter)
    cells: dict = field(default_factory=dict)  # kind → [(location, example)]
    texts: list = field(default_factory=list)

    def note(self, kind: str, loc: str, example: str) -> None:
        lst = self.cells.setdefault(kind, [])
        if len(lst) < 20:
            lst.append((loc, example))

    @property
    def nonblank(self) -> int:
        return self.total - self.blank


def check_file(path, *, declared_format: str = "", schema: str | None = None, filename: str = "",
               hint: str = "", limits: Limits | None = None) -> Report:
    """Never raises for bad input: unreadable files give a report with ``readable=False``."""
    path = Path(path)
    filename = filename or path.name
    findings = Findings()
    try:
        src = open_source(path, declared_format, limits)
    except ReadError as exc:
        findings.add("L1-01", ERROR, exc.ja, exc.en)
        fmt = (declared_format or path.suffix.lstrip(".")).upper()
        return Report(filename, fmt, list(findings), 0, 1, readable=False)
    fmt = src.format
    if not src.tabular:
        kind = NOT_TABULAR.get(fmt)
        if kind or fmt not in STRUCTURED_OTHER:
            findings.add("L1-01", ERROR, f"{kind or fmt or '不明な形式'} のファイルはプログラムで表として読めません。CSV か Excel も公開してください。",
                         f"{fmt or 'This'} files cannot be read as tables by programs; publish CSV or Excel as well.")
            return Report(filename, fmt, list(findings), score(findings), stars(fmt), readable=False)
        findings.add("L1-01", INFO, f"{fmt} 形式は表の詳しい確認の対象外です。", f"{fmt} files are not checked in detail.")
        return Report(filename, fmt, list(findings), score(findings), stars(fmt))
    if fmt == "XLS":
        findings.add("L1-01", WARNING, "古い Excel 形式（.xls）です。CSV（UTF-8）か .xlsx で保存してください。",
                     "This is the old Excel format (.xls); save as CSV (UTF-8) or .xlsx.")
    elif fmt in ("XLSX", "XLSM", "ODS"):
        findings.add("L1-01", INFO, "Excel でも読めますが、CSV（UTF-8）でも公開すると誰でも使えるオープンな形式（★3）になります。",
                     "Excel is readable, but also publishing CSV (UTF-8) gives an open format anyone can use (3 stars).")
    if fmt == "CSV" and src.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        label = "Shift_JIS" if src.encoding in ("cp932", "shift_jis") else src.encoding
        findings.add("L2-01", WARNING, f"文字コードが {label} です。UTF-8 で保存してください。", f"The encoding is {label}; save the file as UTF-8.")
    report = Report(filename, fmt, [], 0, 0, encoding=src.encoding)
    uri_ids = links = False
    checked = 0
    try:
        for sheet in src.sheets:
            done = _check_sheet(src, sheet, findings, report, schema, hint or filename)
            if done is None:
                continue
            checked += 1
            uri_ids = uri_ids or done[0]
            links = links or done[1]
    except ReadError as exc:
        findings.add("L2-02", ERROR, exc.ja, exc.en)
    if checked == 0 and not any(f.severity == ERROR for f in findings):
        findings.add("L1-14", ERROR, "データのあるシートがありません。", "No sheet contains data.")
    if fmt in ("XLSX", "XLSM", "XLS", "ODS") and checked > 1:
        findings.add("L1-14", WARNING, f"データのあるシートが {checked} 枚あります。表ごとに別のファイルにすると使いやすくなります。",
                     f"{checked} sheets contain data; one table per file is easier to reuse.")
    report.findings = list(findings)
    report.score = score(report.findings)
    report.stars = stars(fmt, uri_ids=uri_ids, external_links=links)
    return report


def _check_sheet(src: Source, sheet: Sheet, findings: Findings, report: Report, schema_name, hint):
    name = sheet.name if src.format != "CSV" else ""
    complete = src.format != "CSV" or src.size <= FULL_LOAD_BYTES
    rows = sheet.head(10**9) if complete else sheet.head(HEAD_ROWS)
    if not any(any(not is_blank(v) for v in r) for r in rows):
        return None
    lay = detect_layout(rows, sheet.merged, complete=complete)

    def data(cols):
        """The data rows again, with the values of ``cols``: from memory, or streamed from a large CSV."""
        return iter_data(rows if complete else sheet.iter_rows(), lay, cols)

    if not report.columns:
        report.sheet, report.columns = sheet.name, lay.header
        report.header_row = lay.header_rows[0] + 1 if lay.header_rows else None
    add = lambda rule, sev, ja, en, **kw: findings.add(rule, sev, ja, en, sheet=name, **kw)  # noqa: E731
    if sheet.hidden:
        add("L1-13", WARNING, "非表示のシートにデータがあります。", "A hidden sheet contains data.", location=sheet.name)
    # structure
    for r0, c0, r1, c1 in sheet.merged:
        where = "見出し" if lay.header_rows and r0 <= lay.header_rows[-1] else "データ"
        add("L1-04", ERROR, f"結合されたセルがあります（{where}）。", f"There are merged cells ({'header' if where == '見出し' else 'data'}).",
            location=f"{a1(r0, c0)}:{a1(r1, c1)}", key=f"merged-{where}")
    if lay.title_rows:
        for r in lay.title_rows:
            text = row_text(rows[r])[:60]
            add("L1-15", WARNING, "表の上にタイトルや説明の行があります。", "There are title or comment rows above the table.", location=f"行 {r + 1}", example=text, key="title")
        add("L2-03", WARNING, f"見出しが1行目ではなく {lay.header_rows[0] + 1} 行目にあります。",
            f"The header is on row {lay.header_rows[0] + 1}, not on the first row.", location=f"行 {lay.header_rows[0] + 1}")
    if len(lay.header_rows) > 1:
        add("L1-06", WARNING, f"見出しが {len(lay.header_rows)} 行に分かれています。1行の見出しにしてください。",
            f"The header spans {len(lay.header_rows)} rows; use a single header row.", location=f"行 {lay.header_rows[0] + 1}-{lay.header_rows[-1] + 1}")
    for r in lay.note_rows:
        text = row_text(rows[r])[:80]
        add("L1-15", WARNING, "表の中や下に注記の行があります。", "There are note rows in or below the table.", location=f"行 {r + 1}", example=text, key="notes")
    for r in lay.blank_rows:
        add("L1-13", WARNING, "データの途中に空行があります。", "There are blank rows inside the data.", location=f"行 {r + 1}", key="blank-rows")
    for c in lay.blank_cols:
        add("L1-13", WARNING, "表の途中に空の列があります。", "There are blank columns inside the table.", location=f"列 {col_letter(c)}", key="blank-cols")
    for r in sorted(sheet.hidden_rows):
        if r >= (lay.header_rows[0] if lay.header_rows else 0) and (lay.last_data is None or r <= lay.last_data):
            add("L1-13", WARNING, "非表示の行があります。", "There are hidden rows.", location=f"行 {r + 1}", key="hidden-rows")
    for c in sorted(sheet.hidden_cols):
        if c in lay.columns:
            add("L1-13", WARNING, "非表示の列があります。", "There are hidden columns.", location=f"列 {col_letter(c)}", key="hidden-cols")
    for r in lay.extra_tables:
        add("L1-14", ERROR, f"1つのシートに複数の表があります（{r + 1} 行目から別の表）。",
            f"The sheet holds more than one table (another starts at row {r + 1}).", location=f"行 {r + 1}")
    if sheet.formula_count:
        f = add("L1-07", WARNING, f"数式のセルが {sheet.formula_count} 個あります。", f"{sheet.formula_count} cells contain formulas.", key="formulas")
        f.locations = [a1(r, c) for r, c in sheet.formula_cells]
        f.count = sheet.formula_count
    for obj in sheet.objects:
        kind = obj.split(":")[0]
        if kind == "comment":
            add("L1-08", INFO, "セルにコメント（メモ）があります。", "Cells have comments.", location=obj.split(":")[1], key="comments")
        else:
            add("L1-08", WARNING, "図形・画像・グラフがあります。", "There are shapes, pictures or charts.", location=kind, key="objects")
    header = lay.header
    cols = lay.columns
    for c in cols:
        if c in lay.unnamed_cols:
            add("L1-06", ERROR, "見出しのない列があります。", "A column has no name.", location=f"列 {col_letter(c)}", key="unnamed")
    for h, n in Counter(h for h in header if h).items():
        if n > 1:
            add("L1-06", WARNING, f"見出し「{h}」が {n} 回使われています。", f"The column name '{h}' is used {n} times.", column=h)
    for r in lay.header_rows:
        for c in cols:
            v = rows[r][c] if c < len(rows[r]) else None
            if isinstance(v, str) and ("\n" in v.strip() or has_padding(v)):
                add("L1-05", INFO, "見出しに改行や余分な空白があります。", "Column names contain line breaks or extra spaces.", location=a1(r, c), example=v, key="header-space")
    # cell pass
    profiles = [ColumnProfile() for _ in cols]
    n_rows = 0
    for r, values in data(cols):
        n_rows += 1
        for j, v in enumerate(values):
            _profile_cell(profiles[j], v, a1(r, cols[j]), header[j], add)
    report.rows += n_rows
    mapping = _standard(data, lay, header, cols, schema_name, hint, findings, report, add)
    typed = set()
    if mapping is not None:
        typed = {i for i, n in mapping.columns.items() if mapping.schema.field(n).type in ("date", "time", "integer", "number")}
    _column_findings(profiles, header, typed, add)
    _region_codes(header, add)
    _addresses(data, header, cols, mapping, add)
    # stars: identifiers that are URIs, and links to other data
    uri_ids = bool(profiles) and profiles[0].nonblank > 0 and profiles[0].uris == profiles[0].nonblank
    links = uri_ids and any(p.uris for p in profiles[1:])
    return uri_ids, links


def _profile_cell(p: ColumnProfile, v, loc: str, column: str, add) -> None:
    p.total += 1
    if is_blank(v):
        p.blank += 1
        return
    if isinstance(v, bool):
        p.texts.append(str(v))
        return
    if isinstance(v, (int, float)):
        p.plain += 1
        return
    if isinstance(v, dt.datetime) or isinstance(v, dt.date):
        p.dates_iso += 1
        return
    if isinstance(v, dt.time):
        p.times_ok += 1
        return
    s = str(v)
    stripped = s.strip(" \u3000\r\n\t")
    lines = [x for x in s.splitlines() if x.strip()]
    if len(lines) > 1:
        add("L1-02", WARNING, f"列「{column}」のセルに複数行の値があります。", f"Cells of column '{column}' hold several lines.", column=column, location=loc, example=s[:40])
    elif LATLON_IN_ONE.match(s):
        add("L1-02", WARNING, f"列「{column}」の1つのセルに緯度と経度が入っています。緯度・経度の列に分けてください。",
            f"Column '{column}' holds latitude and longitude in one cell; split them into two columns.", column=column, location=loc, example=s[:40])
    elif len(CIRCLED_NUMBER.findall(s)) >= 2:
        add("L1-02", WARNING, f"列「{column}」のセルに①②…で区切った複数の値があります。", f"Cells of column '{column}' list several values (①②…).", column=column, location=loc, example=s[:40])
    if has_padding(s) and len(lines) <= 1:
        add("L1-05", INFO, f"列「{column}」に前後や字間の空白があります。", f"Column '{column}' has leading/trailing or spacing blanks.", column=column, location=loc, example=s[:40])
    odd = platform_dependent_chars(s)
    if odd:
        add("L1-10", WARNING, f"列「{column}」に環境依存文字（{''.join(sorted(set(odd)))[:10]}）があります。",
            f"Column '{column}' contains platform-dependent characters.", column=column, location=loc, example=s[:40], key=f"pd-{column}")
    if stripped in DITTO:
        add("L1-06", WARNING, f"列「{column}」で「〃」「同上」による省略があります。", f"Column '{column}' abbreviates values with 〃 or 同上.", column=column, location=loc, example=stripped)
    if stripped.startswith(("http://", "https://")) and " " not in stripped:
        p.uris += 1
        return
    num = parse_number(stripped)
    if num is not None:
        if num.ambiguous:
            p.triangle += 1
            p.note("triangle", loc, stripped)
        elif num.decorated:
            p.decorated += 1
            p.note("decorated", loc, stripped)
            if num.unit:
                p.units[num.unit] += 1
                p.note("unit", loc, stripped)
        else:
            p.plain += 1
        return
    if FW_ALNUM.search(stripped):
        p.note("fullwidth", loc, stripped[:30])
    if is_wareki(stripped):
        p.dates_wareki += 1
        p.note("wareki", loc, stripped)
        return
    d = parse_date(stripped)
    if d is not None:
        if d.ok and stripped == d.iso:
            p.dates_iso += 1
        elif d.ok:
            p.dates_other += 1
            p.note("date_other", loc, stripped)
        else:
            p.dates_bad += 1
            p.note("date_bad", loc, f"{stripped} — {d.reason_ja}")
        return
    t = parse_time(stripped)
    if t is not None:
        if t.ok and t.iso == stripped:
            p.times_ok += 1
        else:
            p.times_other += 1
            p.note("time_other", loc, stripped)
        return
    if len(p.texts) < 50:
        p.texts.append(stripped)
    p.note("text", loc, stripped[:30])


def _emit(add, rule, sev, ja, en, column, cells):
    f = None
    for loc, example in cells:
        f = add(rule, sev, ja, en, column=column, location=loc, example=example)
    return f


def _column_findings(profiles, header, typed: set, add) -> None:
    """Per-column findings; ``typed`` columns are validated by their standard's type instead."""
    for j, (p, h) in enumerate(zip(profiles, header)):
        if not p.nonblank:
            continue
        numeric = p.plain + p.decorated + p.triangle
        texts = p.nonblank - numeric - p.uris
        if numeric and numeric >= 0.8 * p.nonblank:
            if p.decorated:
                f = _emit(add, "L1-03", WARNING, f"列「{h}」の数値にカンマ・単位・全角数字などが含まれています。",
                          f"Numbers in column '{h}' contain separators, units or full-width digits.", h, p.cells.get("decorated", []))
                f.count = p.decorated
            if p.units:
                units = "・".join(u for u, _ in p.units.most_common(5))
                f = _emit(add, "L1-09", WARNING, f"列「{h}」の値に単位（{units}）が付いています。単位は見出しに書いてください。",
                          f"Values in column '{h}' carry units ({units}); put the unit in the column name.", h, p.cells.get("unit", []))
                f.count = sum(p.units.values())
            if p.triangle:
                _emit(add, "L1-03", WARNING, f"列「{h}」に「△」付きの数値があります。負の数なら「-」で書いてください（自動では変換しません）。",
                      f"Column '{h}' has numbers marked △; write negatives with '-' (not converted automatically).", h, p.cells.get("triangle", []))
            if texts > 0 and j not in typed:
                sample = "・".join(sorted(set(p.texts))[:5])
                _emit(add, "L2-06", WARNING, f"数値の列「{h}」に数値でない値（{sample}）が混じっています。",
                      f"The numeric column '{h}' also holds non-numbers ({sample}).", h, p.cells.get("text", []))
        dates = p.dates_iso + p.dates_wareki + p.dates_other + p.dates_bad
        if p.dates_wareki:
            f = _emit(add, "L1-11", WARNING, f"列「{h}」の日付が和暦です。西暦（例: 2024-04-01）で書いてください。",
                      f"Dates in column '{h}' use the Japanese era calendar; write them as 2024-04-01.", h, p.cells.get("wareki", []))
            f.count = p.dates_wareki
        if dates and dates >= 0.6 * p.nonblank and j not in typed:
            if p.dates_other:
                f = _emit(add, "L2-04", INFO, f"列「{h}」の日付を 2024-04-01 の形にそろえてください。",
                          f"Write the dates in column '{h}' as 2024-04-01.", h, p.cells.get("date_other", []))
                f.count = p.dates_other
        if p.dates_bad and j not in typed:
            f = _emit(add, "L2-04", WARNING, f"列「{h}」に年が分からない・あいまい・存在しない日付があります。",
                      f"Column '{h}' has dates without a year, ambiguous or impossible dates.", h, p.cells.get("date_bad", []))
            f.count = p.dates_bad
        times = p.times_ok + p.times_other
        if times and times >= 0.6 * p.nonblank and p.times_other and j not in typed:
            f = _emit(add, "L2-04", INFO, f"列「{h}」の時刻を 09:30 の形にそろえてください。", f"Write the times in column '{h}' as 09:30.", h, p.cells.get("time_other", []))
            f.count = p.times_other
        if p.cells.get("fullwidth"):
            _emit(add, "L2-05", INFO, f"列「{h}」に全角の英数字があります。", f"Column '{h}' has full-width letters or digits.", h, p.cells["fullwidth"])


def _region_codes(header, add) -> None:
    region = [h for h in header if REGION_HEADER.search(h or "")]
    if region and not any(CODE_HEADER.search(h or "") for h in header):
        add("L1-12", INFO, f"地域名の列（{region[0]}）はありますが、地域コードの列がありません。",
            f"There is a region name column ({region[0]}) but no region code column.", column=region[0])


def _standard(data, lay, header, cols, schema_name, hint, findings, report, add):
    try:
        mapping = standards.map_header(header, standards.get_schema(schema_name)) if schema_name else standards.detect(header, hint)
    except KeyError:
        add("L3-01", ERROR, f"標準データセット「{schema_name}」はありません。", f"There is no standard dataset '{schema_name}'.")
        return None
    if mapping is None:
        return None
    s = mapping.schema
    hr = lay.header_rows[-1] if lay.header_rows else 0
    for i, std in mapping.near_miss.items():
        add("L3-02", WARNING, f"見出し「{header[i]}」は標準の項目名「{std}」にしてください。", f"Rename the column '{header[i]}' to the standard name '{std}'.",
            column=header[i], location=a1(hr, cols[i]), key=f"rename-{i}")
    for name in mapping.missing_required:
        add("L3-01", WARNING, f"「{s.title_ja}」の必須項目「{name}」の列がありません。", f"The required column '{name}' of '{s.title_en}' is missing.", key=f"missing-{name}")
    row_index = []  # source row of each validated row

    def text_rows():
        for r, values in data(cols):
            row_index.append(r)
            yield [cell_text(v).strip() for v in values]

    result = standards.validate_rows(header, text_rows(), mapping, first_row=lay.first_data + 1, max_examples=20)
    severity = {"L3-05": ERROR, "L3-04": WARNING, "L2-04": INFO, "L3-03": WARNING}
    col_of = {header[i]: cols[i] for i in mapping.columns}
    for res in result.columns:
        for rownum, value, ja, en, rule in res.examples:
            pos = rownum - (lay.first_data + 1)
            src_row = row_index[pos] if 0 <= pos < len(row_index) else rownum - 1
            sev = severity.get(rule, WARNING)
            if rule == "L3-05" and value.strip() in ("0", "0.0"):
                sev = WARNING
            if rule == "L2-04" and not ((d := parse_date(value)) and d.ok or (t := parse_time(value)) and t.ok):
                sev = WARNING
            f = add(rule, sev, f"列「{res.name}」（{res.standard}）: {_generic(rule)}", f"Column '{res.name}' ({res.standard}): {_generic_en(rule)}",
                    column=res.name, location=a1(src_row, col_of[res.name]), example=f"{value} — {ja}" if value else ja, key=f"{res.name}-{rule}-{sev}")
        total = res.errors + res.empty_required
        if total > len(res.examples):
            # counts beyond the listed examples
            for f in findings:
                if f.column == res.name and f.rule in {e[4] for e in res.examples}:
                    f.count = max(f.count, total)
    report.standard = mapping.as_dict(header) | {"value_errors": sum(c.errors + c.empty_required for c in result.columns)}
    return mapping


def _generic(rule: str) -> str:
    return {"L3-03": "必須項目が空の行があります。", "L3-04": "全国地方公共団体コードの形式が正しくありません。",
            "L3-05": "緯度・経度が日本の範囲にない値があります。", "L3-07": "電話番号の形式でない値があります。",
            "L3-08": "決められた書式でない値があります。", "L3-09": "正しい URL でない値があります。",
            "L2-04": "日付・時刻の書き方が標準の形ではありません。", "L2-06": "型に合わない値があります。"}.get(rule, "標準の書式に合わない値があります。")


def _generic_en(rule: str) -> str:
    return {"L3-03": "required values are empty in some rows.", "L3-04": "local government codes are malformed.",
            "L3-05": "some coordinates are outside Japan.", "L3-07": "some values are not phone numbers.",
            "L3-08": "some values do not follow the required format.", "L3-09": "some values are not valid URLs.",
            "L2-04": "dates or times are not in the standard notation.", "L2-06": "some values do not match the type."}.get(rule, "some values do not follow the standard.")


def _addresses(data, header, cols, mapping, add) -> None:
    idx = None
    if mapping is not None:
        idx = next((i for i, n in mapping.columns.items() if n == "住所"), None)
    if idx is None:
        idx = next((i for i, h in enumerate(header) if ADDRESS_HEADER.search(h or "")), None)
    if idx is None:
        return
    h = header[idx]
    hr_default = ""
    for n, (r, values) in enumerate(data([cols[idx]])):
        if n >= ADDRESS_LIMIT:
            break
        v = values[0]
        if is_blank(v):
            continue
        text = cell_text(v).strip()
        addr = parse_address(text, hr_default)
        hr_default = addr.prefecture or hr_default
        loc = a1(r, cols[idx])
        if not addr.ok:
            why = addr.problems[0][0] if addr.problems else "住所として読み取れません。"
            add("L3-06", WARNING, f"列「{h}」に読み取れない住所があります。", f"Column '{h}' has addresses that cannot be parsed.", column=h, location=loc, example=f"{text} — {why}")
        elif not text.startswith(addr.prefecture):
            add("L3-06", INFO, f"列「{h}」の住所が都道府県名から始まっていません。", f"Addresses in column '{h}' do not start with the prefecture.", column=h, location=loc, example=text)
        elif addr.normalized != text:
            add("L3-06", INFO, f"列「{h}」の住所の表記（数字・丁目・番地の書き方）がそろっていません。",
                f"Addresses in column '{h}' mix notations for digits, 丁目 and lot numbers.", column=h, location=loc, example=f"{text} → {addr.normalized}")

"""自治体標準オープンデータセット: schemas in ``kanmin/quality/standards/*.yml``, detection of the
standard a table follows, mapping of near-miss column names, and fast value validation.
"""

import csv
import difflib
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import localgov
from .dates import parse_date, parse_time

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "standards"


def key(name) -> str:
    """Comparable form of a column name: NFKC, lower case, no spaces/underscores/brackets."""
    text = unicodedata.normalize("NFKC", str(name or "")).lower()
    return re.sub(r"[\s_\-・･()\[\]「」【】.]", "", text)


@dataclass
class Field:
    name: str
    type: str = "string"
    required: bool = False
    aliases: list[str] = field(default_factory=list)


@dataclass
class Schema:
    name: str
    title_ja: str
    title_en: str
    keyword: str
    fields: list[Field]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def lookup(self) -> dict[str, tuple[Field, bool]]:
        """Normalized name → (field, exact?)."""
        out: dict[str, tuple[Field, bool]] = {}
        for f in self.fields:
            for alias in f.aliases:
                out.setdefault(key(alias), (f, False))
        for f in self.fields:
            out[key(f.name)] = (f, True)
        return out


@lru_cache(maxsize=1)
def schemas() -> dict[str, Schema]:
    out = {}
    for path in sorted(SCHEMA_DIR.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = [Field(f["name"], f.get("type", "string"), bool(f.get("required")), [str(a) for a in f.get("aliases", [])]) for f in doc["fields"]]
        out[doc["name"]] = Schema(doc["name"], doc["title_ja"], doc["title_en"], doc.get("keyword", ""), fields)
    return out


def get_schema(name: str) -> Schema:
    """By id (aed) or Japanese title (AED設置箇所一覧)."""
    all_ = schemas()
    if name in all_:
        return all_[name]
    for s in all_.values():
        if key(s.title_ja) == key(name):
            return s
    raise KeyError(name)


COMMON = {"全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "住所", "方書", "緯度", "経度",
          "電話番号", "内線番号", "法人番号", "団体名", "URL", "備考", "画像", "画像_ライセンス", "利用可能曜日", "開始時間",
          "終了時間", "利用可能日時特記事項", "説明"}


@dataclass
class Mapping:
    schema: Schema
    columns: dict[int, str]  # column index → standard field name
    exact: set[int]
    near_miss: dict[int, str]  # column index → standard name, for columns whose name differs
    unknown: list[int]
    missing_required: list[str]
    score: float

    def as_dict(self, header: list[str]) -> dict:
        return {
            "name": self.schema.name, "title_ja": self.schema.title_ja, "title_en": self.schema.title_en,
            "matched": len(self.columns), "missing_required": self.missing_required,
            "renames": {header[i]: n for i, n in self.near_miss.items()},
            "unknown_columns": [header[i] for i in self.unknown],
        }


def map_header(header: list[str], schema: Schema) -> Mapping:
    lookup = schema.lookup()
    names = {key(f.name): f for f in schema.fields}
    columns, exact, near, unknown = {}, set(), {}, []
    used: set[str] = set()
    for i, h in enumerate(header):
        k = key(h)
        hit = lookup.get(k)
        if hit is None and k:
            close = difflib.get_close_matches(k, list(names), n=1, cutoff=0.85)
            hit = (names[close[0]], False) if close else None
        if hit and hit[0].name not in used:
            f, is_exact = hit
            used.add(f.name)
            columns[i] = f.name
            if is_exact and str(h) == f.name:
                exact.add(i)
            else:
                near[i] = f.name
        else:
            unknown.append(i)
    missing = [n for n in schema.required if n not in used]
    freq = _key_frequency()
    distinctive = sum(1 for i, n in columns.items() if n not in COMMON and freq.get(key(header[i]), 0) <= 2)
    score = len(used) + 2 * distinctive - 0.5 * len(missing) + 0.5 * len(used) / len(schema.fields)
    return Mapping(schema, columns, exact, near, unknown, missing, score)


@lru_cache(maxsize=1)
def _key_frequency() -> dict[str, int]:
    """In how many standards each column name or alias appears (generic names appear in many)."""
    counts: dict[str, int] = {}
    for schema in schemas().values():
        for k in {key(n) for f in schema.fields for n in [f.name, *f.aliases]}:
            counts[k] = counts.get(k, 0) + 1
    return counts


def detect(header: list[str], hint: str = "") -> Mapping | None:
    """The standard the header most likely follows, or None when nothing fits well enough."""
    best = None
    for schema in schemas().values():
        m = map_header(header, schema)
        if hint and (schema.keyword and schema.keyword in hint or schema.title_ja in hint):
            m.score += 3
        if best is None or m.score > best.score:
            best = m
    if best is None or len(best.columns) < 3 or len(best.columns) < 0.3 * max(1, len([h for h in header if h])):
        return None
    return best


# --- value validators: return None when fine, else a (problem_ja, problem_en, rule_id) -----------

PHONE = re.compile(r"^(0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}|0120-[0-9]{3}-[0-9]{3}|0[0-9]{9,10}|0570-[0-9]{3}-[0-9]{3}|#[0-9]{4}|1[0-9]{2})$")
POSTAL = re.compile(r"^[0-9]{3}-[0-9]{4}$")
INTEGER = re.compile(r"^-?[0-9]+$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
HHMM = re.compile(r"^([01][0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9])?$")
YES_NO = {"有", "無"}


def _phone(v):
    if PHONE.match(v):
        return None
    return (f"「{v}」は電話番号の形式（例: 087-839-2111）ではありません。", f"'{v}' is not a phone number like 087-839-2111.", "L3-07")


def _postal(v):
    if POSTAL.match(v):
        return None
    return (f"「{v}」は郵便番号の形式（123-4567）ではありません。", f"'{v}' is not a postal code like 123-4567.", "L3-08")


def _lat(v):
    return _coord(v, 20.0, 46.0, "緯度", "latitude")


def _lon(v):
    return _coord(v, 122.0, 154.0, "経度", "longitude")


def _coord(v, lo, hi, ja, en):
    try:
        x = float(v)
    except ValueError:
        return (f"{ja}「{v}」が数値ではありません。", f"The {en} '{v}' is not a number.", "L3-05")
    if lo <= x <= hi:
        return None
    if x == 0:
        return (f"{ja}が 0 です（位置が未入力のようです）。空欄にするか正しい値を入れてください。",
                f"The {en} is 0 (probably not entered); leave it empty or enter the real value.", "L3-05")
    return (f"{ja}「{v}」が日本の範囲（{lo:g}〜{hi:g}）外です。緯度と経度の入れ替わりも確認してください。",
            f"The {en} '{v}' is outside Japan ({lo:g}–{hi:g}); check whether latitude and longitude are swapped.", "L3-05")


@lru_cache(maxsize=4096)
def _code(v):
    c = localgov.check_code(v)
    return None if c.ok else (c.problem_ja, c.problem_en, "L3-04")


def _integer(v):
    if INTEGER.match(v):
        return None
    return (f"「{v}」は整数ではありません。", f"'{v}' is not an integer.", "L2-06")


def _number(v):
    if NUMBER.match(v):
        return None
    return (f"「{v}」は数値ではありません。", f"'{v}' is not a number.", "L2-06")


def _date(v):
    if ISO_DATE.match(v):
        return None
    p = parse_date(v)
    if p and p.ok:
        return (f"日付「{v}」を {p.iso} の形で書いてください。", f"Write the date '{v}' as {p.iso}.", "L2-04")
    if p and (p.ambiguous or p.invalid):
        return (p.reason_ja, p.reason_en, "L2-04")
    return (f"「{v}」は日付として読めません。", f"'{v}' cannot be read as a date.", "L2-04")


def _time(v):
    if HHMM.match(v):
        return None
    p = parse_time(v)
    if p and p.ok:
        return (f"時刻「{v}」を {p.iso} の形で書いてください。", f"Write the time '{v}' as {p.iso}.", "L2-04")
    return (f"「{v}」は時刻（例: 09:30）として読めません。", f"'{v}' cannot be read as a time like 09:30.", "L2-04")


def _url(v):
    if URL_RE.match(v):
        return None
    return (f"「{v[:60]}」は http:// か https:// で始まる URL ではありません。", f"'{v[:60]}' is not an http(s) URL.", "L3-09")


def _email(v):
    return None if EMAIL.match(v) else (f"「{v}」はメールアドレスの形式ではありません。", f"'{v}' is not an email address.", "L3-08")


def _corp(v):
    return None if re.fullmatch(r"[0-9]{13}", v) else (f"「{v}」は13桁の法人番号ではありません。", f"'{v}' is not a 13-digit corporate number.", "L3-08")


def _yes_no(v):
    return None if v in YES_NO else (f"「{v}」は「有」か「無」で書いてください。", f"Write '{v}' as 有 (yes) or 無 (no).", "L3-08")


# A value matching these is valid without calling the full validator (speed for large files).
FAST = {"phone": PHONE, "postal_code": POSTAL, "integer": INTEGER, "number": NUMBER, "date": ISO_DATE,
        "time": HHMM, "url": URL_RE, "email": EMAIL, "corporate_number": re.compile(r"^[0-9]{13}$"),
        "yes_no": re.compile(r"^[有無]$"), "localgov_code": None}
RANGES = {"latitude": (20.0, 46.0), "longitude": (122.0, 154.0)}

VALIDATORS = {
    "phone": _phone, "postal_code": _postal, "latitude": _lat, "longitude": _lon, "localgov_code": _code,
    "integer": _integer, "number": _number, "date": _date, "time": _time, "url": _url, "email": _email,
    "corporate_number": _corp, "yes_no": _yes_no,
}


@dataclass
class ColumnResult:
    name: str
    standard: str
    type: str
    errors: int = 0
    empty_required: int = 0
    examples: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # (row, value, ja, en, rule)


@dataclass
class ValidationResult:
    schema: str
    rows: int
    seconds: float
    columns: list[ColumnResult]
    missing_required: list[str]

    @property
    def errors(self) -> int:
        return sum(c.errors + c.empty_required for c in self.columns) + len(self.missing_required)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("inf")


def validate_rows(header: list[str], rows, mapping: Mapping, *, first_row: int = 2, max_examples: int = 20) -> ValidationResult:
    """Validate every value of the mapped columns; ``rows`` is any iterable of lists of strings."""
    started = time.perf_counter()
    plan = []
    results = []
    for idx, std in sorted(mapping.columns.items()):
        f = mapping.schema.field(std)
        res = ColumnResult(str(header[idx]), std, f.type)
        results.append(res)
        check = VALIDATORS.get(f.type)
        if check is None and not f.required:
            continue
        fast = FAST.get(f.type)
        plan.append((idx, fast.match if fast is not None else None, RANGES.get(f.type), check, f.required, res))
    n = 0
    rownum = first_row - 1
    for n, row in enumerate(rows, 1):
        rownum += 1
        width = len(row)
        for idx, fast, bounds, check, required, res in plan:
            v = row[idx] if idx < width else ""
            if not v:
                if required:
                    res.empty_required += 1
                    if len(res.examples) < max_examples:
                        res.examples.append((rownum, "", "必須項目が空です。", "A required value is empty.", "L3-03"))
                continue
            if check is None:
                continue
            if not isinstance(v, str):
                v = str(v)
            # fast paths for the common, valid case
            if fast is not None and fast(v):
                continue
            if bounds is not None:
                try:
                    if bounds[0] <= float(v) <= bounds[1]:
                        continue
                except ValueError:
                    pass
            problem = check(v.strip())
            if problem:
                res.errors += 1
                if len(res.examples) < max_examples:
                    res.examples.append((rownum, v, *problem))
    return ValidationResult(mapping.schema.name, n, time.perf_counter() - started, results, mapping.missing_required)


def validate_csv(path, schema_name: str | None = None, encoding: str | None = None) -> tuple[Mapping | None, ValidationResult | None]:
    """Stream a CSV and validate it against ``schema_name`` (or the detected standard)."""
    from .reader import detect_encoding

    path = Path(path)
    with open(path, "rb") as fh:
        enc = encoding or detect_encoding(fh.read(256 * 1024))[0]
    with open(path, encoding=enc, newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        mapping = map_header(header, get_schema(schema_name)) if schema_name else detect(header)
        if mapping is None:
            return None, None
        return mapping, validate_rows(header, reader, mapping)


FRICTIONLESS_TYPES = {
    "integer": {"type": "integer"}, "number": {"type": "number"}, "date": {"type": "date"},
    "time": {"type": "string", "constraints": {"pattern": HHMM.pattern.strip("^$")}},
    "latitude": {"type": "number", "constraints": {"minimum": 20, "maximum": 46}},
    "longitude": {"type": "number", "constraints": {"minimum": 122, "maximum": 154}},
    "phone": {"type": "string", "constraints": {"pattern": PHONE.pattern.strip("^$")}},
    "postal_code": {"type": "string", "constraints": {"pattern": POSTAL.pattern.strip("^$")}},
    "localgov_code": {"type": "string", "constraints": {"pattern": "[0-9]{6}"}},
    "url": {"type": "string", "format": "uri"}, "email": {"type": "string", "format": "email"},
    "corporate_number": {"type": "string", "constraints": {"pattern": "[0-9]{13}"}},
    "yes_no": {"type": "string", "constraints": {"enum": ["有", "無"]}},
}


def to_table_schema(schema: Schema, header: list[str] | None = None) -> dict:
    """A Frictionless Table Schema with the same rules (used by the benchmark)."""
    names = header or [f.name for f in schema.fields]
    out = []
    for name in names:
        f = schema.field(name)
        spec = {"name": name, "type": "string"}
        if f:
            spec.update({k: (dict(v) if isinstance(v, dict) else v) for k, v in FRICTIONLESS_TYPES.get(f.type, {}).items()})
            if f.required:
                spec.setdefault("constraints", {})["required"] = True
        out.append(spec)
    return {"fields": out}

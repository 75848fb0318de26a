"""Generalization hierarchies for quasi-identifiers.

A hierarchy turns a cell value into a coarser one at a given level. Level 0 is the value itself
(normalized), the top level is always ``*`` (fully suppressed column value). Each hierarchy is a
small object with ``height`` (the top level) and ``generalize(value, level)``.

Kinds:

- ``age``: 0 exact → 1 five-year band → 2 ten-year band → 3 twenty-year band → 4 ``*``
- ``date``: 0 exact day → 1 year-month → 2 year → 3 ``*``
- ``postal``: 0 ``7600001`` → 1 ``76000**`` → 2 ``760****`` → 3 ``*``
- ``address``: 0 exact → 1 町丁目 (block numbers cut) → 2 町 (丁目 cut) → 3 市区町村 → 4 ``*``
- ``map``: 0 exact → 1 custom value map (``value=group`` lines, unmapped values become その他) → 2 ``*``
- ``suppress``: 0 exact → 1 ``*``
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from kanmin.core.errors import UserError

TOP = "*"
MISSING = "（不明）"

KINDS = {
    "age": ("年齢（5歳→10歳→20歳階級）", "Age (5 → 10 → 20-year bands)"),
    "date": ("日付（年月→年）", "Date (month → year)"),
    "postal": ("郵便番号（下2桁→下4桁を伏せる）", "Postal code (mask last 2 → 4 digits)"),
    "address": ("住所（町丁目→町→市区町村）", "Address (block → town → municipality)"),
    "map": ("値の対応表（独自の区分）", "Custom value map"),
    "suppress": ("そのまま／全体を伏せる", "Keep or mask entirely"),
}


def normalize(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text


def _band(age: int, width: int) -> str:
    low = (age // width) * width
    return f"{low}-{low + width - 1}"


@dataclass
class Age:
    height: int = 4

    def generalize(self, value, level: int) -> str:
        text = normalize(value)
        if level >= self.height:
            return TOP
        if not text:
            return MISSING
        digits = re.match(r"^(\d{1,3})(?:\.0+)?(?:歳)?$", text)
        if not digits:
            raise UserError(
                f"年齢として読めない値「{text[:20]}」があります。数値（歳）にしてください。",
                f"'{text[:20]}' is not an age; use whole numbers of years.",
            )
        age = int(digits.group(1))
        if level == 0:
            return str(age)
        return _band(age, {1: 5, 2: 10, 3: 20}[level])


DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y")


def parse_date(text: str) -> dt.date:
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise UserError(
        f"日付として読めない値「{text[:20]}」があります（例: 2024-04-01）。",
        f"'{text[:20]}' is not a date (e.g. 2024-04-01).",
    )


@dataclass
class Date:
    height: int = 3

    def generalize(self, value, level: int) -> str:
        if level >= self.height:
            return TOP
        if isinstance(value, (dt.date, dt.datetime)):
            day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else value.date()
        else:
            text = normalize(value)
            if not text:
                return MISSING
            day = parse_date(text)
        return [day.isoformat(), f"{day.year:04d}-{day.month:02d}", f"{day.year:04d}"][level]


@dataclass
class Postal:
    height: int = 3

    def generalize(self, value, level: int) -> str:
        if level >= self.height:
            return TOP
        digits = re.sub(r"\D", "", normalize(value))
        if isinstance(value, int) and 0 < len(digits) < 7:
            digits = digits.zfill(7)  # Excel drops the leading zero of e.g. 060-0001
        if not digits:
            return MISSING
        if len(digits) != 7:
            raise UserError(
                f"郵便番号として読めない値「{normalize(value)[:20]}」があります（7桁の数字）。",
                f"'{normalize(value)[:20]}' is not a 7-digit postal code.",
            )
        keep = [7, 5, 3][level]
        return digits[:keep] + "*" * (7 - keep)


CITY = re.compile(r"^((?:東京都|北海道|(?:京都|大阪)府|.{2,3}?県)?(?:.+?郡.+?[町村]|.+?市(?:.+?区)?|.+?区))")
BLOCK = re.compile(r"^(.*?丁目)")
CHOME = re.compile(r"[0-9０-９一二三四五六七八九十]+丁目.*$")
NUMBERS = re.compile(r"[0-9\-－ー番地号の]+$")


@dataclass
class Address:
    """Japanese addresses or town names (町丁目). Works on ``高松市塩上町２丁目5-3`` and on ``塩上町２丁目``."""

    height: int = 4

    def generalize(self, value, level: int) -> str:
        if level >= self.height:
            return TOP
        text = normalize(value).replace(" ", "")
        if not text:
            return MISSING
        if level == 0:
            return text
        if level == 1:
            block = BLOCK.match(text)
            return block.group(1) if block else NUMBERS.sub("", text) or text
        if level == 2:
            return CHOME.sub("", NUMBERS.sub("", text)) or text
        city = CITY.match(text)
        return city.group(1) if city else TOP


@dataclass
class ValueMap:
    """``mapping`` from exact value to a group; unmapped values become その他."""

    mapping: dict = field(default_factory=dict)
    height: int = 2

    def generalize(self, value, level: int) -> str:
        if level >= self.height:
            return TOP
        text = normalize(value)
        if level == 0:
            return text or MISSING
        return self.mapping.get(text, "その他")


@dataclass
class Suppress:
    height: int = 1

    def generalize(self, value, level: int) -> str:
        if level >= self.height:
            return TOP
        return normalize(value) or MISSING


def parse_value_map(text: str) -> dict:
    """``value=group`` per line (also ``value,group`` or a tab)."""
    mapping = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"\s*[=,\t]\s*", line, maxsplit=1)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise UserError(
                f"対応表の {number} 行目「{line[:30]}」は「値=区分」の形ではありません。",
                f"Line {number} of the value map ('{line[:30]}') is not of the form value=group.",
            )
        mapping[normalize(parts[0])] = normalize(parts[1])
    return mapping


def build(kind: str, value_map: str = ""):
    if kind == "age":
        return Age()
    if kind == "date":
        return Date()
    if kind == "postal":
        return Postal()
    if kind == "address":
        return Address()
    if kind == "map":
        mapping = parse_value_map(value_map)
        if not mapping:
            raise UserError("値の対応表が空です。", "The value map is empty.")
        return ValueMap(mapping)
    if kind == "suppress":
        return Suppress()
    raise UserError(f"不明な階層の種類「{kind}」です。", f"Unknown hierarchy kind '{kind}'.")

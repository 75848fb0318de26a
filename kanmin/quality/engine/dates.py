"""Dates and times: 和暦 (令和6年4月1日, R6.4.1, H31) and Western forms to ISO 8601.

Every parser returns a :class:`Parsed` with the ISO text, or with ``ambiguous``/``invalid`` set and a
reason, so a caller can report instead of guessing.
"""

import datetime as dt
import re
from dataclasses import dataclass

from .text import numeric_to_half

# (kanji, letter, first day, last day)
ERAS = [
    ("令和", "R", dt.date(2019, 5, 1), None),
    ("平成", "H", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    ("昭和", "S", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    ("大正", "T", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    ("明治", "M", dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
]
ERA_BY_KEY = {k: e for e in ERAS for k in (e[0], e[1], e[1].lower())}
ERA_BY_KEY.update({"㋿": ERAS[0], "㍻": ERAS[1], "㍼": ERAS[2], "㍽": ERAS[3], "㍾": ERAS[4]})

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
WEEKDAY = r"(?:\s*[（(][月火水木金土日](?:[・･][祝休])?(?:曜日?)?[)）])?"
_KANJI_NUM = r"[〇零一二三四五六七八九十百千]+"


def kanji_to_int(text: str) -> int | None:
    """漢数字 to int: 三十一 → 31, 二〇二四 → 2024, 百二 → 102. None if not a kanji number."""
    if not text or any(c not in KANJI_DIGITS and c not in "十百千" for c in text):
        return None
    if not any(c in "十百千" for c in text):
        return int("".join(str(KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in KANJI_DIGITS:
            current = KANJI_DIGITS[c]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            total += (current or 1) * unit
            current = 0
    return total + current


def _num(text: str) -> int:
    if text in ("元",):
        return 1
    if text.isdigit():
        return int(text)
    value = kanji_to_int(text)
    if value is None:
        raise ValueError(text)
    return value


@dataclass
class Parsed:
    iso: str | None = None
    kind: str = ""  # "wareki", "western", "time"
    ambiguous: bool = False
    invalid: bool = False
    reason_ja: str = ""
    reason_en: str = ""

    @property
    def ok(self) -> bool:
        return self.iso is not None


_N = rf"([0-9]{{1,4}}|{_KANJI_NUM}|元)"
WAREKI_FULL = re.compile(rf"^(令和|平成|昭和|大正|明治|㋿|㍻|㍼|㍽|㍾)\s*{_N}\s*年\s*(?:{_N}\s*月\s*(?:{_N}\s*日)?)?{WEEKDAY}$")
WAREKI_SHORT = re.compile(r"^([RHSTMrhstm])\s*([0-9]{1,2}|元)(?:[./\-]([0-9]{1,2})(?:[./\-]([0-9]{1,2}))?)?" + WEEKDAY + "$")
WESTERN_YMD = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?" + WEEKDAY + r"(?:\s+0{1,2}:00(?::00)?)?$")
WESTERN_YM = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*月?$")
WESTERN_Y = re.compile(r"^([0-9]{4})\s*年(?:度)?$")
YEAR_LAST = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$")
NO_YEAR = re.compile(r"^([0-9]{1,2})\s*[月/]\s*([0-9]{1,2})\s*日?" + WEEKDAY + "$")
WESTERN_WITH_WAREKI = re.compile(r"^([0-9]{4})\s*[（(]\s*(令和|平成|昭和|大正|明治|[RHSTM])\s*([0-9]{1,2}|元)\s*[)）]\s*年?")
TIME = re.compile(r"^(午前|午後)?\s*([0-9]{1,2})\s*(?::|時)\s*([0-9]{1,2})?\s*分?(?::([0-9]{2}))?$")


def _date(y: int, m: int | None, d: int | None) -> str | None:
    try:
        if m is None:
            return f"{y:04d}"
        if d is None:
            dt.date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def wareki_to_iso(era_key: str, year: int, month: int | None, day: int | None) -> Parsed:
    name, _letter, start, end = ERA_BY_KEY[era_key]
    western = start.year + year - 1
    iso = _date(western, month, day)
    if iso is None or year < 1:
        return Parsed(kind="wareki", invalid=True, reason_ja=f"{name}{year}年{month or ''}月{day or ''}日は存在しない日付です。",
                      reason_en=f"{name} {year}/{month}/{day} is not a real date.")
    # the era must have been in force on that date (e.g. 平成31年5月1日 and 令和元年4月1日 do not exist)
    check_first = dt.date(western, month or 12, day or (28 if month else 31)) if month or day is None else None
    check_last = dt.date(western, month or 1, day or 1)
    if (check_first and check_first < start) or (end and check_last > end):
        return Parsed(kind="wareki", invalid=True,
                      reason_ja=f"{name}{year}年{f'{month}月' if month else ''}{f'{day}日' if day else ''}は{name}の期間外です（改元の前後を確認してください）。",
                      reason_en=f"{name} year {year} {month or ''}/{day or ''} falls outside the {name} era; check the era change.")
    return Parsed(iso=iso, kind="wareki")


def parse_date(value) -> Parsed | None:
    """A date-like value to ISO 8601; None if the value does not look like a date at all."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return Parsed(iso=value.date().isoformat(), kind="western")
        return Parsed(iso=value.isoformat(timespec="minutes"), kind="western")
    if isinstance(value, dt.date):
        return Parsed(iso=value.isoformat(), kind="western")
    if not isinstance(value, str):
        return None
    text = numeric_to_half(value.strip())
    if not text or len(text) > 40:
        return None
    m = WAREKI_FULL.match(text)
    if m:
        try:
            year, month, day = _num(m.group(2)), m.group(3) and _num(m.group(3)), m.group(4) and _num(m.group(4))
        except ValueError:
            return None
        return wareki_to_iso(m.group(1), year, month or None, day or None)
    m = WAREKI_SHORT.match(text)
    if m:
        year = 1 if m.group(2) == "元" else int(m.group(2))
        month = int(m.group(3)) if m.group(3) else None
        day = int(m.group(4)) if m.group(4) else None
        return wareki_to_iso(m.group(1).upper(), year, month, day)
    m = WESTERN_YMD.match(text)
    if m:
        iso = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso is None:
            return Parsed(kind="western", invalid=True, reason_ja=f"「{value}」は存在しない日付です。", reason_en=f"'{value}' is not a real date.")
        return Parsed(iso=iso, kind="western")
    m = WESTERN_YM.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return Parsed(iso=_date(int(m.group(1)), int(m.group(2)), None), kind="western")
    m = WESTERN_Y.match(text)
    if m:
        return Parsed(iso=m.group(1), kind="western")
    m = WESTERN_WITH_WAREKI.match(text)
    if m:
        return Parsed(iso=m.group(1), kind="western")
    m = YEAR_LAST.match(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 and b <= 12:
            return Parsed(iso=_date(y, b, a), kind="western")
        if b > 12 and a <= 12:
            return Parsed(iso=_date(y, a, b), kind="western")
        return Parsed(kind="western", ambiguous=True,
                      reason_ja=f"「{value}」は月/日/年か日/月/年か判別できません。年-月-日（例: {y}-{a:02d}-{b:02d}）で入力してください。",
                      reason_en=f"'{value}' could be month/day/year or day/month/year; write it as year-month-day.")
    m = NO_YEAR.match(text)
    if m and 1 <= int(m.group(1)) <= 12:
        return Parsed(kind="western", ambiguous=True,
                      reason_ja=f"「{value}」には年がありません。年を補ってください（自動では補いません）。",
                      reason_en=f"'{value}' has no year; add the year (kanmin does not guess it).")
    return None


def is_wareki(value) -> bool:
    if not isinstance(value, str):
        return False
    text = numeric_to_half(value.strip())
    return bool(WAREKI_FULL.match(text) or WAREKI_SHORT.match(text))


def parse_time(value) -> Parsed | None:
    """9:00, 09：00, 9時30分, 午後1時 → HH:MM. 24:00 is kept (used for 'until midnight')."""
    if isinstance(value, dt.time):
        return Parsed(iso=value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S"), kind="time")
    if not isinstance(value, str):
        return None
    text = numeric_to_half(value.strip())
    m = TIME.match(text)
    if not m or (":" not in text and "時" not in text):
        return None
    hour, minute = int(m.group(2)), int(m.group(3) or 0)
    if m.group(1) == "午後" and hour < 12:
        hour += 12
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return Parsed(kind="time", invalid=True, reason_ja=f"「{value}」は時刻として正しくありません。", reason_en=f"'{value}' is not a valid time.")
    iso = f"{hour:02d}:{minute:02d}" + (f":{m.group(4)}" if m.group(4) else "")
    return Parsed(iso=iso, kind="time")

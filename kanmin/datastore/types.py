"""Infer a column type (int, numeric, date, timestamp, text) and convert cell values to it."""

import datetime as dt
import re

INT_RE = re.compile(r"^-?(0|[1-9][0-9]*)$")
NUM_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$|^-?\.[0-9]+$")
DATE_RE = re.compile(r"^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$")
TS_RE = re.compile(r"^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(:([0-9]{2}))?$")
INT_MAX = 2**63 - 1

# order matters: each type accepts everything the ones before it accept, except date/timestamp.
TYPES = ("int", "numeric", "date", "timestamp", "text")


def kind_of(value) -> str | None:
    """The narrowest type a single non-empty value fits, or None for empty."""
    if value is None:
        return None
    if type(value) is str:
        return _kind_of_text(value)
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int" if abs(value) <= INT_MAX else "numeric"
    if isinstance(value, float):
        return "numeric"
    if isinstance(value, dt.datetime):
        return "date" if value.time() == dt.time(0) else "timestamp"
    if isinstance(value, dt.date):
        return "date"
    return _kind_of_text(str(value))


def _kind_of_text(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    first = text[0]
    if not (first.isdigit() or first in "-."):
        return "text"  # cheap exit for most words (no regex)
    if INT_RE.match(text):
        return "int" if abs(int(text)) <= INT_MAX else "numeric"
    if NUM_RE.match(text):
        return "numeric"
    if DATE_RE.match(text) and _valid_date(text):
        return "date"
    if TS_RE.match(text) and _parse_ts(text) is not None:
        return "timestamp"
    return "text"


def merge(current: str | None, new: str | None) -> str | None:
    """Widen a column's type to admit a new value's kind."""
    if new is None or current == new:
        return current
    if current is None:
        return new
    if {current, new} <= {"int", "numeric"}:
        return "numeric"
    if {current, new} <= {"date", "timestamp"}:
        return "timestamp"
    return "text"


def _valid_date(text: str):
    m = DATE_RE.match(text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _parse_ts(text: str):
    m = TS_RE.match(text)
    try:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[7] or 0))
    except ValueError:
        return None


def converter(kind: str, *, iso: bool = False):
    """A function turning a raw cell into the Python value stored for ``kind`` (None for empty).

    With ``iso``, dates and timestamps come out as ISO text (SQLite stores them as text).
    """
    if iso and kind in ("date", "timestamp"):
        typed = converter(kind)
        sep = " " if kind == "timestamp" else None

        def to_iso(v):
            value = typed(v)
            return None if value is None else (value.isoformat(sep=sep) if sep else value.isoformat())

        return to_iso

    def empty(value):
        return value is None or (isinstance(value, str) and not value.strip())

    if kind == "int":
        return lambda v: None if empty(v) else int(v if isinstance(v, int) else str(v).strip())
    if kind == "numeric":
        return lambda v: None if empty(v) else float(v if isinstance(v, (int, float)) else str(v).strip())
    if kind == "date":

        def to_date(v):
            if empty(v):
                return None
            if isinstance(v, dt.datetime):
                return v.date()
            if isinstance(v, dt.date):
                return v
            return _valid_date(str(v).strip())

        return to_date
    if kind == "timestamp":

        def to_ts(v):
            if empty(v):
                return None
            if isinstance(v, dt.datetime):
                return v
            if isinstance(v, dt.date):
                return dt.datetime(v.year, v.month, v.day)
            text = str(v).strip()
            return _parse_ts(text) if TS_RE.match(text) else dt.datetime.combine(_valid_date(text), dt.time(0))

        return to_ts

    def to_text(v):
        if v is None:
            return None
        if isinstance(v, (dt.datetime, dt.date)):
            return v.isoformat()
        text = str(v)
        return text if text.strip() else None

    return to_text

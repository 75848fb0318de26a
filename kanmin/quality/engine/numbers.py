"""Numbers written for people: 1,234人, ▲500, １２３, 12.5％ → value, unit and what was wrong."""

import re
from dataclasses import dataclass

from .text import numeric_to_half

# Text that may follow a number as its unit. Dates/times (年月日時分) are excluded on purpose.
UNIT = r"(?:[%‰]|[a-zA-Z²³]{1,4}|㎡|㎞|㎏|[^\x00-\x7f\d年月日時分秒～〜\-\s(),.:;/（）、。・]{1,4})"
NUMBER = re.compile(
    r"^(?P<prefix>[¥￥$]|約)?\s*(?P<sign>[-+▲△])?\s*(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?\s*(?P<unit>" + UNIT + r")?$"
)
PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
# Words after a number that change its meaning (about, or more, less than): never split off silently.
QUALIFIERS = ("程度", "以上", "以下", "未満", "超", "前後", "余", "強", "弱", "くらい", "ほど", "など", "等")


@dataclass
class Number:
    value: str  # canonical text: -1234.5
    unit: str = ""
    had_commas: bool = False
    had_fullwidth: bool = False
    negative_mark: str = ""  # ▲ or △
    approximate: bool = False

    @property
    def ambiguous(self) -> bool:
        """△ means minus in accounts but "partly" in many lists; the reader must decide."""
        return self.negative_mark == "△"

    @property
    def decorated(self) -> bool:
        return bool(self.unit or self.had_commas or self.had_fullwidth or self.negative_mark or self.approximate)


def parse_number(value) -> Number | None:
    """Parse a numeric cell; None when it is not a number (or a number with a unit)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Number(str(value))
    if isinstance(value, float):
        return Number(str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value))
    if not isinstance(value, str):
        return None
    raw = value.strip(" \u3000")
    if not raw or len(raw) > 40:
        return None
    if PLAIN.match(raw):
        return Number(raw)
    text = numeric_to_half(raw)
    m = NUMBER.match(text)
    if not m:
        return None
    sign = m.group("sign") or ""
    if any(q in (m.group("unit") or "") for q in QUALIFIERS):
        return None
    prefix = m.group("prefix") or ""
    unit = m.group("unit") or ""
    if prefix in ("¥", "￥"):
        unit = "円"
    elif prefix == "$":
        unit = "USD"
    digits = m.group("int").replace(",", "") + (m.group("frac") or "")
    neg = sign in ("-", "▲")
    return Number(
        value=("-" if neg else "") + digits,
        unit=unit,
        had_commas="," in m.group("int"),
        had_fullwidth=text != raw.replace("　", " ") and any("\uff10" <= c <= "\uff19" for c in raw),
        negative_mark=sign if sign in ("▲", "△") else "",
        approximate=prefix == "約",
    )

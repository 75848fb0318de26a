"""Character-level helpers: full-width to half-width, platform-dependent characters, whitespace."""

import re
import unicodedata

# Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９).
_FW_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FW_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FW_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
# Full-width punctuation that only matters inside numbers, dates and times.
_FW_NUMERIC_PUNCT = {ord("："): ":", ord("，"): ",", ord("．"): ".", ord("－"): "-", ord("／"): "/",
                     ord("＋"): "+", ord("％"): "%", ord("　"): " ", ord("−"): "-", ord("‐"): "-",
                     ord("―"): "-", ord("ー"): "-", ord("–"): "-", ord("—"): "-"}
FW_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
HALF_KANA = re.compile(r"[\uff61-\uff9f]+")
CIRCLED_NUMBER = re.compile(r"[\u2460-\u2473]")
# Characters that differ between platforms or need a vendor font (機種依存文字).
PLATFORM_DEPENDENT = re.compile(
    r"[\u2460-\u24ff\u2160-\u217f\u3200-\u33ff\ue000-\uf8ff\u2776-\u2793\u2116\u2121]"
)
SPACES = " \u3000\t"


def fw_alnum_to_half(value: str) -> str:
    """Ｒ６ → R6: full-width letters and digits become ASCII."""
    return value.translate(_FW_ALNUM)


def numeric_to_half(value: str) -> str:
    """For numbers, dates and times: full-width digits and their punctuation become ASCII."""
    return value.translate(_FW_ALNUM).translate(_FW_NUMERIC_PUNCT)


def replace_platform_dependent(value: str) -> tuple[str, list[str]]:
    """Replace 機種依存文字 with portable text. Returns (new value, characters left as they were).

    ① → (1), ㈱ → (株), ㎡ → m2, Ⅲ → III, half-width kana → full-width. Private-use characters
    (外字) have no portable meaning and are left for a person to fix.
    """
    kept: list[str] = []

    def repl(match: re.Match) -> str:
        ch = match.group(0)
        if 0xE000 <= ord(ch) <= 0xF8FF:
            kept.append(ch)
            return ch
        if 0x2460 <= ord(ch) <= 0x2473:
            return f"({ord(ch) - 0x245F})"
        norm = unicodedata.normalize("NFKC", ch)
        if norm == ch:
            kept.append(ch)
        return norm

    out = PLATFORM_DEPENDENT.sub(repl, value)
    out = HALF_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), out)
    return out, kept


def platform_dependent_chars(value: str) -> list[str]:
    found = PLATFORM_DEPENDENT.findall(value)
    found += HALF_KANA.findall(value)
    return found


def has_padding(value: str) -> bool:
    """Leading/trailing blanks, or blanks between single characters used to widen a name (「東　京」)."""
    if value != value.strip(SPACES):
        return True
    return bool(re.fullmatch(r"\S([ \u3000]+\S){1,3}", value)) and not re.search(r"[A-Za-z0-9]{2}", value)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(SPACES + "\r\n"))


def a1(row: int, col: int) -> str:
    """Zero-based (row, col) to an Excel cell name: (0, 0) → A1."""
    return f"{col_letter(col)}{row + 1}"


def col_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

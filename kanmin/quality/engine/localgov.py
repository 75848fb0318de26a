"""全国地方公共団体コード (local government codes): check digit, lookup by code, validation.

The table in ``data/municipalities.json`` is deliberately small (all prefectures, Kagawa's
municipalities and a few others); extend it by adding rows — the check digit is computed here.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "municipalities.json"


def check_digit(code5: str) -> str:
    """The 6th digit: weights 6,5,4,3,2; (11 - sum mod 11) mod 10.  37201 → 3 (372013)."""
    if not re.fullmatch(r"[0-9]{5}", code5):
        raise ValueError(code5)
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def full_code(code5: str) -> str:
    return code5 + check_digit(code5)


@dataclass(frozen=True)
class Municipality:
    code: str  # 6 digits
    prefecture: str
    county: str
    name: str


@lru_cache(maxsize=1)
def _table():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    prefs = {name: code for code, name in data["prefectures"]}
    munis = [Municipality(full_code(c), p, county, n) for c, p, county, n in data["municipalities"]]
    for name, code in prefs.items():
        munis.append(Municipality(full_code(code + "000"), name, "", ""))
    return prefs, munis


def prefectures() -> dict[str, str]:
    """Prefecture name → 2-digit code."""
    return dict(_table()[0])


def municipalities() -> list[Municipality]:
    return [m for m in _table()[1] if m.name]


def by_code(code: str) -> Municipality | None:
    code = str(code).strip()
    if len(code) == 5 and code.isdigit():
        code = full_code(code)
    return next((m for m in _table()[1] if m.code == code), None)


@dataclass
class CodeCheck:
    ok: bool
    normalized: str = ""
    problem_ja: str = ""
    problem_en: str = ""
    fixable: bool = False  # a 5-digit code whose check digit can be added without guessing


def check_code(value) -> CodeCheck:
    """Validate a 全国地方公共団体コード: 6 digits and a correct check digit."""
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"[0-9]{6}", text):
        if check_digit(text[:5]) != text[5]:
            return CodeCheck(False, text, f"「{text}」の検査数字（6桁目）が正しくありません（正しくは {full_code(text[:5])}）。",
                             f"The check digit of '{text}' is wrong (expected {full_code(text[:5])}).")
        return CodeCheck(True, text)
    if re.fullmatch(r"[0-9]{5}", text):
        return CodeCheck(False, full_code(text), f"「{text}」は5桁です。検査数字を付けた6桁（{full_code(text)}）にしてください。",
                         f"'{text}' has 5 digits; use the 6-digit code with its check digit ({full_code(text)}).", fixable=True)
    return CodeCheck(False, text, f"「{text}」は全国地方公共団体コード（6桁の数字）ではありません。",
                     f"'{text}' is not a local government code (6 digits).")

"""Find personal information in comment text and mask it for publication.

:func:`detect` proposes spans; staff confirm or adjust them; :func:`apply` replaces each span with
``■■■`` (a fixed width, so the length of a name is not revealed). Patterns are deliberately broad:
a wrong proposal costs a click, a missed one leaks personal data.
"""

import re
import unicodedata

MASK = "■■■"

_DIGIT = r"[0-9０-９]"
_SEP = r"[-‐－―ー−()（）\s]?"

PATTERNS = [
    ("email", re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9.\-]+\.[A-Za-z]{2,}")),
    ("mynumber", re.compile(rf"(?<![0-9０-９]){_DIGIT}{{4}}[-\s]?{_DIGIT}{{4}}[-\s]?{_DIGIT}{{4}}(?![0-9０-９])")),
    ("phone", re.compile(
        rf"(?<![0-9０-９])(?:0{_DIGIT}{{1,4}}{_SEP}{_DIGIT}{{1,4}}{_SEP}{_DIGIT}{{3,4}}|0[5789]0{_SEP}{_DIGIT}{{4}}{_SEP}{_DIGIT}{{4}})(?![0-9０-９])"
    )),
    ("postal", re.compile(rf"(?:〒\s?)?(?<![0-9０-９]){_DIGIT}{{3}}[-‐－ー]{_DIGIT}{{4}}(?![0-9０-９])")),
    ("address", re.compile(
        r"(?:(?:東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県)?[一-龥々ヶ]{1,6}[市郡区])"
        r"[^\s、。「」]{0,12}?[町村]?[0-9０-９一二三四五六七八九十〇]+(?:丁目|番地?|[-‐－ー])"
        r"[0-9０-９\-‐－ー番地号のの]*"
    )),
    ("name", re.compile(r"(?<![一-龥々ァ-ヶー])[一-龥々ァ-ヶー]{1,4}[ 　]?[一-龥々ァ-ヶー]{0,4}(?=様(?![子式々相])|さん|氏(?![名族])|君)")),
]

LABELS = {
    "email": ("メールアドレス", "E-mail"),
    "mynumber": ("個人番号らしい12桁", "12-digit (My Number-like)"),
    "phone": ("電話番号", "Phone number"),
    "postal": ("郵便番号", "Postal code"),
    "address": ("住所", "Address"),
    "name": ("人名", "Person's name"),
    "manual": ("職員の指定", "Marked by staff"),
}

_NOT_NAMES = {"皆", "皆様", "市民", "議員", "職員", "市長", "担当者", "事業者", "お客", "お客様", "住民", "利用者"}


def detect(text: str) -> list[list]:
    """Proposed spans ``[start, end, kind]``, sorted and without overlaps (the longest wins)."""
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            value = match.group(0).strip()
            if not value:
                continue
            if kind == "name" and (value in _NOT_NAMES or value.endswith(tuple(_NOT_NAMES))):
                continue
            found.append([start, end, kind])
    return merge(found)


def merge(spans: list) -> list[list]:
    """Sort and drop spans overlapping an earlier, longer one."""
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            if span[1] > out[-1][1]:
                out[-1] = [out[-1][0], span[1], out[-1][2]]
            continue
        out.append(list(span))
    return out


def find_all(text: str, needle: str) -> list[list]:
    """Spans of every occurrence of ``needle`` (staff-added words), also in full-width/half-width form."""
    needle = needle.strip()
    if not needle:
        return []
    spans = [[m.start(), m.end(), "manual"] for m in re.finditer(re.escape(needle), text)]
    folded = unicodedata.normalize("NFKC", needle)
    if folded != needle:
        spans += [[m.start(), m.end(), "manual"] for m in re.finditer(re.escape(folded), text)]
    return spans


def apply(text: str, spans: list) -> str:
    out, last = [], 0
    for start, end, _kind in merge(spans):
        out.append(text[last:start])
        out.append(MASK)
        last = end
    out.append(text[last:])
    return "".join(out)

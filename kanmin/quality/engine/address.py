"""Japanese address normalization (rule L3-06): split into 都道府県 / 市区町村 / 町字 / 丁目 / 番地,
unify digits, 丁目 and ヶ/ケ forms, and attach the 全国地方公共団体コード.

    >>> parse_address("香川県高松市番町四丁目１番３号").normalized
    '香川県高松市番町4丁目1-3'
"""

import re
from dataclasses import dataclass, field

from . import localgov
from .dates import kanji_to_int
from .text import fw_alnum_to_half

_KANJI_NUM = r"[〇一二三四五六七八九十百千]+"
# ヶ/ケ/ヵ/ガ between kanji are spelling variants of the same place name (霞ヶ関 = 霞ケ関).
KE_VARIANTS = re.compile(r"(?<=[\u4e00-\u9fff])[ケヵヶが](?=[\u4e00-\u9fff])")
CHOME = re.compile(rf"^(?P<town>.*?)(?P<n>[0-9]+|{_KANJI_NUM})丁目")
BANCHI = re.compile(
    r"^(?P<pre>[甲乙丙丁]|字[^\d\s]{1,6}?)?(?P<a>[0-9]+)(?:番地?|-)?(?P<b>[0-9]+)?(?:番|号|-)?(?P<c>[0-9]+)?号?(?P<rest>.*)$"
)
CITY_FALLBACK = re.compile(r"^(?P<county>[^市区町村]{1,6}郡)?(?P<city>[^市区町村]{1,6}?[市区町村])")
WARD = re.compile(r"^([^区]{1,5}区)")


@dataclass
class Address:
    source: str
    prefecture: str = ""
    prefecture_code: str = ""
    county: str = ""
    city: str = ""
    code: str = ""  # 全国地方公共団体コード (6 digits) of the municipality, or of the prefecture
    ward: str = ""
    town: str = ""
    chome: int | None = None
    banchi: str = ""
    rest: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.prefecture and self.city and self.town) and not self.problems

    @property
    def normalized(self) -> str:
        chome = f"{self.chome}丁目" if self.chome else ""
        head = f"{self.prefecture}{self.county}{self.city}{self.ward}{self.town}{chome}{self.banchi}"
        return f"{head} {self.rest}".strip() if self.rest else head

    def as_dict(self) -> dict:
        return {
            "prefecture": self.prefecture, "city": self.county + self.city + self.ward, "town": self.town,
            "chome": self.chome, "banchi": self.banchi, "rest": self.rest, "code": self.code,
            "normalized": self.normalized, "ok": self.ok,
            "problems": [{"ja": ja, "en": en} for ja, en in self.problems],
        }


def clean(text: str) -> str:
    """Half-width digits, one hyphen, no doubled spaces, ヶ for ケ/ヵ/が between kanji."""
    text = fw_alnum_to_half(str(text)).replace("\u3000", " ").strip()
    text = re.sub(r"(?<=[0-9])[‐‑‒–—―−－ｰー](?=[0-9])", "-", text)
    text = re.sub(r"\s+", " ", text)
    return KE_VARIANTS.sub("ヶ", text)


def parse_address(source, default_prefecture: str = "") -> Address:
    text = clean(source or "")
    addr = Address(source=str(source or ""))
    if not text:
        addr.problems.append(("住所が空です。", "The address is empty."))
        return addr
    prefs = localgov.prefectures()
    for name, code in prefs.items():
        if text.startswith(name):
            addr.prefecture, addr.prefecture_code, text = name, code, text[len(name):]
            break
    # municipality: the longest known name (with or without its 郡) at the start
    candidates = []
    for m in localgov.municipalities():
        if addr.prefecture and m.prefecture != addr.prefecture:
            continue
        for head in ((m.county + m.name), m.name):
            if head and text.startswith(head):
                candidates.append((len(head), head, m))
    if candidates:
        best_len = max(c[0] for c in candidates)
        best = {c[2] for c in candidates if c[0] == best_len}
        if len(best) > 1 and not addr.prefecture and default_prefecture:
            best = {m for m in best if m.prefecture == default_prefecture} or best
        if len(best) > 1:
            names = "・".join(sorted(m.prefecture for m in best))
            addr.problems.append((f"市区町村名が複数の都道府県にあります（{names}）。都道府県名から書いてください。",
                                  f"The municipality name exists in several prefectures ({names}); start with the prefecture."))
            return addr
        muni = best.pop()
        head = next(c[1] for c in candidates if c[2] == muni and c[0] == best_len)
        text = text[len(head):]
        addr.county, addr.city, addr.code = muni.county, muni.name, muni.code
        if not addr.prefecture:
            addr.prefecture, addr.prefecture_code = muni.prefecture, prefs[muni.prefecture]
    else:
        m = CITY_FALLBACK.match(text)
        if not m:
            addr.problems.append(("市区町村名を読み取れません。", "The municipality cannot be read."))
            return addr
        addr.county, addr.city, text = m.group("county") or "", m.group("city"), text[m.end():]
        if not addr.prefecture:
            addr.problems.append(("都道府県名がなく、市区町村名からも判別できません。", "No prefecture, and the municipality is unknown."))
    if addr.code and addr.code[2] == "1" and addr.city.endswith("市") and (w := WARD.match(text)):
        addr.ward, text = w.group(1), text[w.end():]
    # building / 方書: after the first space
    if " " in text:
        text, addr.rest = text.split(" ", 1)
    m = CHOME.match(text)
    if m:
        n = m.group("n")
        addr.chome = int(n) if n.isdigit() else kanji_to_int(n)
        addr.town, text = m.group("town"), text[m.end():]
    else:
        split = re.search(r"[甲乙丙丁]?[0-9]", text)
        addr.town, text = (text[: split.start()], text[split.start():]) if split else (text, "")
    text = re.sub(r"^[-ノの]", "", text)
    if text:
        b = BANCHI.match(text)
        if b:
            nums = [x for x in (b.group("a"), b.group("b"), b.group("c")) if x]
            addr.banchi = (b.group("pre") or "") + "-".join(nums)
            rest = b.group("rest").strip()
            if rest:
                addr.rest = f"{rest} {addr.rest}".strip()
        else:
            addr.rest = f"{text} {addr.rest}".strip()
    if not addr.town:
        addr.problems.append(("町名・字名がありません。", "The town (町字) is missing."))
    return addr

"""Findings, the score (0–100) and the 5-star open data level of one file."""

from dataclasses import asdict, dataclass, field

from .rules import ERROR, INFO, RULES, SEVERITY_LABEL, WARNING

MAX_LOCATIONS = 20  # cells listed per finding; the rest are counted

# Points taken off for the first occurrence of a rule at each severity, and the most that many
# occurrences of one rule can take off. A PDF (L1-01 error) alone costs 80 points.
PENALTY = {ERROR: 15, WARNING: 6, INFO: 1}
PENALTY_CAP = {ERROR: 25, WARNING: 10, INFO: 2}
SPECIAL = {"L1-01": 80}


@dataclass
class Finding:
    rule: str
    severity: str
    message_ja: str
    message_en: str
    sheet: str = ""
    column: str = ""
    locations: list[str] = field(default_factory=list)  # "A1", "行 5" …
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, location: str = "", example: str = "") -> None:
        self.count += 1
        if location and len(self.locations) < MAX_LOCATIONS:
            self.locations.append(location)
        if example and len(self.examples) < 5 and example not in self.examples:
            self.examples.append(example)

    def as_dict(self) -> dict:
        r = RULES[self.rule]
        d = asdict(self)
        d.update(title_ja=r.title_ja, title_en=r.title_en, why_ja=r.why_ja, why_en=r.why_en, level=r.level,
                 severity_label_ja=SEVERITY_LABEL[self.severity][0], severity_label_en=SEVERITY_LABEL[self.severity][1])
        return d


class Findings:
    """Collects findings, merging repeats of the same rule/column/message into one with a count."""

    def __init__(self):
        self._items: dict[tuple, Finding] = {}

    def add(self, rule: str, severity: str, ja: str, en: str, *, sheet="", column="", location="", example="", key=None) -> Finding:
        k = (rule, severity, sheet, column, key if key is not None else ja)
        f = self._items.get(k)
        if f is None:
            f = self._items[k] = Finding(rule, severity, ja, en, sheet=sheet, column=column)
        f.add(location, example)
        return f

    def __iter__(self):
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        return iter(sorted(self._items.values(), key=lambda f: (order[f.severity], f.rule)))

    def __len__(self):
        return len(self._items)


def score(findings) -> int:
    per_rule: dict[str, float] = {}
    for f in findings:
        base = SPECIAL.get(f.rule, PENALTY[f.severity]) if f.severity == ERROR else PENALTY[f.severity]
        extra = min(f.count - 1, 10) * 0.5
        cap = max(SPECIAL.get(f.rule, 0), PENALTY_CAP[f.severity])
        per_rule[f.rule] = max(per_rule.get(f.rule, 0), min(base + extra, cap))
    return max(0, min(100, round(100 - sum(per_rule.values()))))


OPEN_FORMATS = {"CSV", "TSV", "JSON", "GEOJSON", "XML", "ODS", "TXT"}
LINKED_FORMATS = {"RDF", "TTL", "JSONLD", "NT", "N3", "OWL"}
PROPRIETARY_STRUCTURED = {"XLSX", "XLS", "XLSM"}


def stars(fmt: str, *, uri_ids: bool = False, external_links: bool = False, readable: bool = True) -> int:
    """Tim Berners-Lee's 5 stars: ★1 any format, ★2 structured (Excel), ★3 open format (CSV),
    ★4 things identified by URIs, ★5 linked to other people's data."""
    fmt = (fmt or "").upper()
    if fmt in LINKED_FORMATS:
        return 5 if external_links else 4
    if not readable:
        return 1
    if fmt in OPEN_FORMATS:
        if uri_ids:
            return 5 if external_links else 4
        return 3
    if fmt in PROPRIETARY_STRUCTURED:
        return 2
    return 1


@dataclass
class Report:
    filename: str
    format: str
    findings: list[Finding]
    score: int
    stars: int
    readable: bool = True
    encoding: str = ""
    sheet: str = ""
    header_row: int | None = None  # 1-based
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    standard: dict | None = None
    sampled: bool = False

    @property
    def counts(self) -> dict:
        out = {ERROR: 0, WARNING: 0, INFO: 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def as_dict(self) -> dict:
        return {
            "filename": self.filename, "format": self.format, "score": self.score, "stars": self.stars,
            "readable": self.readable, "encoding": self.encoding, "sheet": self.sheet, "header_row": self.header_row,
            "columns": self.columns, "rows": self.rows, "standard": self.standard, "sampled": self.sampled,
            "counts": self.counts, "findings": [f.as_dict() for f in self.findings],
        }

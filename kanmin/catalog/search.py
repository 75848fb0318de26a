"""Dataset search with facets, used by the web UI and by package_search.

``q`` matches every word (AND) against title, description, name, tags, organization and resource
names, after NFKC normalization, so 全角 and 半角 match alike and Japanese needs no word breaks.
``fq`` accepts the Solr subset CKAN clients send: ``field:value``, ``field:"a b"``, ``-field:value``,
joined by spaces or AND.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Q

from kanmin.core.errors import UserError

from .licenses import license_title
from .models import Dataset, Resource
from .permissions import visible_datasets

FACET_FIELDS = {
    "organization": "organization__name",
    "groups": "groups__name",
    "tags": "tags__name",
    "res_format": "resources__format",
    "license_id": "license_id",
}
FILTER_FIELDS = dict(FACET_FIELDS, name="name", id="id", state="state")
SORTS = {
    "metadata_modified": "modified",
    "metadata_created": "created",
    "title_string": "title",
    "title": "title",
    "name": "name",
}
FQ_RE = re.compile(r'([+-]?)([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))')
MAX_ROWS = 1000


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@dataclass
class SearchResult:
    count: int
    results: list
    facets: dict = field(default_factory=dict)


def parse_fq(fq: str) -> list[tuple[bool, str, str]]:
    """``organization:kikaku -tags:"防災 訓練"`` → [(True, 'organization', 'kikaku'), (False, 'tags', '防災 訓練')]."""
    out = []
    rest = FQ_RE.sub(" ", fq or "")
    if rest.replace("AND", " ").replace("(", " ").replace(")", " ").strip():
        raise UserError(f"fq「{fq}」を解釈できません。", f"Cannot parse fq '{fq}'.", field="fq")
    for sign, name, quoted, bare in FQ_RE.findall(fq or ""):
        if name not in FILTER_FIELDS:
            raise UserError(f"fq の項目「{name}」には対応していません。", f"Unsupported fq field '{name}'.", field="fq")
        value = quoted.replace('\\"', '"') if quoted else bare
        out.append((sign != "-", name, value))
    return out


def parse_sort(sort: str) -> list[str]:
    order = []
    for part in (sort or "").split(","):
        bits = part.split()
        if not bits:
            continue
        key, direction = bits[0], (bits[1].lower() if len(bits) > 1 else "asc")
        if key == "score":
            continue
        if key not in SORTS or direction not in ("asc", "desc"):
            raise UserError(f"並べ替え「{part.strip()}」には対応していません。", f"Unsupported sort '{part.strip()}'.", field="sort")
        order.append(("-" if direction == "desc" else "") + SORTS[key])
    return order or ["-modified"]


def search(user=None, *, q="", filters=None, fq="", sort="", start=0, rows=20, facet_fields=(), include_drafts=False) -> SearchResult:
    """Search visible datasets. ``filters`` maps a facet name to a list of required values."""
    qs = visible_datasets(user)
    if not include_drafts:
        qs = qs.filter(state=Dataset.State.ACTIVE)
    for word in normalize(q).split():
        qs = qs.filter(search_text__contains=word)
    for name, values in (filters or {}).items():
        if name not in FILTER_FIELDS:
            raise UserError(f"絞り込み項目「{name}」には対応していません。", f"Unsupported filter '{name}'.", field="filters")
        for value in values:
            qs = qs.filter(**{FILTER_FIELDS[name]: value})
    for include, name, value in parse_fq(fq):
        cond = Q(**{FILTER_FIELDS[name]: value})
        qs = qs.filter(cond) if include else qs.exclude(cond)
    ids = qs.values("pk").distinct()
    base = Dataset.objects.filter(pk__in=ids)
    count = base.count()
    try:
        start, rows = max(0, int(start or 0)), min(MAX_ROWS, max(0, int(20 if rows in (None, "") else rows)))
    except (TypeError, ValueError) as exc:
        raise UserError("start と rows は整数で指定してください。", "start and rows must be integers.", field="rows") from exc
    page = list(
        base.order_by(*parse_sort(sort), "name")
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")[start : start + rows]
    )
    facets = {name: facet_counts(base, name) for name in facet_fields}
    return SearchResult(count=count, results=page, facets=facets)


def facet_counts(base, name: str, limit: int = 50) -> list[dict]:
    """[{name, display_name, count}] for one facet over the matched datasets, most common first."""
    if name not in FACET_FIELDS:
        raise UserError(f"ファセット「{name}」には対応していません。", f"Unsupported facet field '{name}'.", field="facet.field")
    if name == "res_format":
        rows = (
            Resource.objects.filter(dataset__in=base).exclude(format="")
            .values("format").annotate(count=Count("dataset", distinct=True)).order_by("-count", "format")
        )
        return [{"name": r["format"], "display_name": r["format"], "count": r["count"]} for r in rows[:limit]]
    path = FACET_FIELDS[name]
    title_path = {"organization": "organization__title", "groups": "groups__title"}.get(name, path)
    rows = (
        base.exclude(**{f"{path}__isnull": True})
        .values(path, title_path).annotate(count=Count("pk", distinct=True)).order_by("-count", path)
    )
    out = []
    for r in rows[:limit]:
        display = r[title_path]
        if name == "license_id":
            display = license_title(r[path])
        out.append({"name": str(r[path]), "display_name": display, "count": r["count"]})
    return out

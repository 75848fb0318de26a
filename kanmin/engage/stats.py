"""Privacy-preserving usage counters: one row per month and object, incremented in place.

Only the month, the kind of event and the catalog ids (or API action name) are kept; never an IP
address, a user agent, a session or a time of day. Obvious crawlers are skipped by their user agent,
which is looked at once and not stored.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import MonthlyCount

BOT = re.compile(r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview", re.IGNORECASE)
KINDS = {k for k, _label in MonthlyCount.Kind.choices}


def is_bot(request) -> bool:
    return request is not None and bool(BOT.search(request.META.get("HTTP_USER_AGENT", "")))


def this_month():
    return timezone.localdate().replace(day=1)


def count(kind: str, *, dataset_id: str = "", resource_id: str = "", action: str = "", month=None) -> None:
    """Add one to a monthly counter: a single UPDATE, or an INSERT the first time in a month."""
    if kind not in KINDS:
        raise ValueError(kind)
    key = {
        "month": month or this_month(), "kind": kind,
        "dataset_id": str(dataset_id or "")[:36], "resource_id": str(resource_id or "")[:36], "action": str(action or "")[:100],
    }
    if MonthlyCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            MonthlyCount.objects.create(**key, count=1)
    except IntegrityError:  # another request inserted the row first
        MonthlyCount.objects.filter(**key).update(count=F("count") + 1)


def fiscal_year(month) -> int:
    """Japanese fiscal year (年度): April to March, named by the year it starts."""
    return month.year if month.month >= 4 else month.year - 1


def totals_by(kind: str, field: str, *, since=None, limit=None) -> list[tuple[str, int]]:
    qs = MonthlyCount.objects.filter(kind=kind).exclude(**{field: ""})
    if since:
        qs = qs.filter(month__gte=since)
    rows = qs.values(field).annotate(n=Sum("count")).order_by("-n", field)
    if limit:
        rows = rows[:limit]
    return [(r[field], r["n"]) for r in rows]


def monthly(kind: str, *, dataset_id: str | None = None, months: int = 12) -> list[tuple[object, int]]:
    qs = MonthlyCount.objects.filter(kind=kind)
    if dataset_id:
        qs = qs.filter(dataset_id=dataset_id)
    rows = qs.values("month").annotate(n=Sum("count")).order_by("-month")[:months]
    return [(r["month"], r["n"]) for r in reversed(list(rows))]


def by_fiscal_year(kind: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for row in MonthlyCount.objects.filter(kind=kind).values("month").annotate(n=Sum("count")):
        fy = fiscal_year(row["month"])
        out[fy] = out.get(fy, 0) + row["n"]
    return dict(sorted(out.items()))


def total(kind: str, **filters) -> int:
    return MonthlyCount.objects.filter(kind=kind, **filters).aggregate(n=Sum("count"))["n"] or 0

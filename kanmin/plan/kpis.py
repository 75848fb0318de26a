"""KPIs: what kanmin measures itself, achievement against target, and the plan's completion rate."""

import importlib
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from .fiscal import fiscal_year
from .models import COMPLETED, Kpi, KpiActual, Measure, Procedure

log = logging.getLogger(__name__)
S = Kpi.Source


def _engage_metrics() -> dict | None:
    try:
        engage = importlib.import_module("kanmin.engage.services")
    except ImportError:
        return None
    metrics = getattr(engage, "metrics", None)
    if metrics is None:
        return None
    try:
        return metrics()
    except Exception:  # noqa: BLE001 - their failure leaves the KPI unmeasured
        log.exception("engage.metrics() failed")
        return None


def _catalog():
    from kanmin.catalog import services as catalog

    return catalog


def _once(cache: dict, key: str, compute):
    """``compute()``, remembered in ``cache`` under ``key``."""
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def measure_source(source: str, year: int, cache: dict | None = None) -> Decimal | None:
    """The value kanmin sees now for ``source`` (None when it cannot be measured).

    Pass the same ``cache`` dict for several sources to read each domain's figures only once.
    """
    cache = {} if cache is None else cache
    if source == S.DATASETS:
        return Decimal(_once(cache, "counts", lambda: _catalog().counts())["datasets"])
    if source == S.MACHINE_READABLE:
        share = _once(cache, "machine_readable", lambda: _catalog().machine_readable_share())
        return (Decimal(str(share)) * 100).quantize(Decimal("0.1"))
    if source in (S.ONLINE_TOTAL, S.ONLINE_STAGE1, S.ONLINE_STAGE2, S.ONLINE_STAGE3):
        qs = Procedure.objects.filter(online_now=True)
        if source != S.ONLINE_TOTAL:
            qs = qs.filter(stage=int(source[-1]))
        return Decimal(qs.count())
    if source in (S.DOWNLOADS, S.APPS, S.REQUESTS_ANSWERED):
        metrics = _once(cache, "engage", _engage_metrics)
        if not metrics:
            return None
        if source == S.DOWNLOADS:
            by_year = metrics.get("downloads_by_year")
            if by_year is None:
                return None
            by_year = {int(k): v for k, v in by_year.items()}
            return Decimal(by_year.get(year, 0))
        key = "apps_total" if source == S.APPS else "requests_answered"
        return None if metrics.get(key) is None else Decimal(metrics[key])
    return None


def measure(plan, year: int | None = None) -> dict:
    """Store this fiscal year's value of every automatic KPI of ``plan``.

    Values entered by hand for that year are kept. Returns ``{"measured": n, "unmeasured": [names]}``.
    """
    year = year or fiscal_year()
    measured, unmeasured, cache = 0, [], {}
    with transaction.atomic():
        for kpi in plan.kpis.exclude(source=S.MANUAL):
            value = measure_source(kpi.source, year, cache)
            if value is None:
                unmeasured.append(kpi.name)
                continue
            existing = KpiActual.objects.filter(kpi=kpi, fiscal_year=year).first()
            if existing and existing.origin == KpiActual.Origin.MANUAL:
                continue
            KpiActual.objects.update_or_create(
                kpi=kpi, fiscal_year=year, defaults={"value": value, "origin": KpiActual.Origin.AUTO, "note": ""}
            )
            measured += 1
    return {"measured": measured, "unmeasured": unmeasured}


def achievement(kpi: Kpi, value: Decimal | None) -> float | None:
    """Progress from baseline to target in percent (can exceed 100 or be negative)."""
    if value is None:
        return None
    span = kpi.target_value - kpi.baseline_value
    if span == 0:
        return 100.0 if value == kpi.target_value else 0.0
    return round(float((value - kpi.baseline_value) / span * 100), 1)


def latest(kpi: Kpi):
    """The most recent actual (prefetched ``actuals`` are used if present)."""
    actuals = list(kpi.actuals.all())
    return actuals[-1] if actuals else None


def kpi_rows(plan) -> list[dict]:
    rows = []
    for kpi in plan.kpis.select_related("measure").prefetch_related("actuals"):
        last = latest(kpi)
        rate = achievement(kpi, last.value if last else None)
        reached = None
        if last is not None:
            reached = last.value >= kpi.target_value if kpi.direction == Kpi.Direction.UP else last.value <= kpi.target_value
        rows.append({"kpi": kpi, "latest": last, "achievement": rate, "reached": reached, "actuals": list(kpi.actuals.all())})
    return rows


def completion(plan) -> dict:
    """Takatsuki's completion rate: measures implemented or ended ÷ all measures."""
    counts = dict(Measure.objects.filter(pillar__plan=plan).order_by().values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    done = sum(counts.get(s, 0) for s in COMPLETED)
    by_status = {s: counts.get(s, 0) for s, _ in Measure._meta.get_field("status").choices}
    return {"total": total, "done": done, "rate": round(done * 100 / total, 1) if total else 0.0, "by_status": by_status}

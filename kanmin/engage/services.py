"""Engagement operations used by views, hooks, the CLI and other domains (plan KPIs).

Stable for other domains: :func:`metrics` and :func:`popular_datasets`.
"""

import logging
import uuid

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from kanmin.catalog import permissions, services as catalog
from kanmin.core import jobs
from kanmin.core.errors import UserError

from . import images, notify, stats
from .models import (
    Alert, AlertSubscription, App, AppDataset, DataRequest, Moderation, MonthlyCount, RequestEvent, Screenshot,
)

log = logging.getLogger(__name__)
MAX_SCREENSHOTS = 5
TOPICS = [
    ("disaster", "防災・災害", "Disaster"),
    ("outbreak", "感染症", "Outbreaks"),
    ("safety", "防犯・安全", "Safety"),
    ("life", "くらし", "Daily life"),
]


def topic_choices(lang: str = "ja") -> list[tuple[str, str]]:
    return [(code, en if lang == "en" else ja) for code, ja, en in TOPICS]


def topic_label(code: str, lang: str = "ja") -> str:
    return dict(topic_choices(lang)).get(code, code)


# --- catalog references ----------------------------------------------------------------------


def _load_dataset(key: str):
    try:
        return catalog.get_dataset(str(key))
    except Exception:  # noqa: BLE001 - DoesNotExist or a malformed id
        return None


def dataset_ref(dataset_id: str, user=None) -> dict | None:
    """{id, name, title} of a dataset the user (default: the public) may see, else None."""
    if not dataset_id:
        return None
    ds = _load_dataset(dataset_id)
    if ds is None or not permissions.can_view(user, ds):
        return None
    return {"id": str(ds.pk), "name": ds.name, "title": ds.title}


def dataset_refs(dataset_ids) -> dict[str, dict]:
    """``{id: dataset_ref(id)}`` for the ids of datasets the public may see, in one query."""
    keys = {}
    for dataset_id in dataset_ids:
        try:
            keys[dataset_id] = uuid.UUID(str(dataset_id))
        except ValueError:
            continue
    found = {ds.pk: {"id": str(ds.pk), "name": ds.name, "title": ds.title}
             for ds in permissions.visible_datasets(None).filter(pk__in=set(keys.values())).only("pk", "name", "title")}
    return {dataset_id: found[key] for dataset_id, key in keys.items() if key in found}


def resolve_dataset(name_or_id: str) -> str:
    """Catalog id of a public dataset given its name, id or page URL; raises UserError."""
    key = (name_or_id or "").strip().rstrip("/")
    if "/dataset/" in key:
        key = key.split("/dataset/", 1)[1].split("/", 1)[0]
    ds = _load_dataset(key) if key else None
    if ds is None or not permissions.can_view(None, ds):
        raise UserError(
            f"データセット「{name_or_id}」が見つからないか、公開されていません。",
            f"Dataset '{name_or_id}' does not exist or is not public.",
            field="dataset",
        )
    return str(ds.pk)


# --- data requests ---------------------------------------------------------------------------


@transaction.atomic
def submit_request(*, title, body, email, purpose="", requester_name="", user=None, lang="ja") -> DataRequest:
    """Store a request. Staff users' requests are confirmed at once; others get a confirmation mail."""
    req = DataRequest.objects.create(
        title=title, body=body, email=email, purpose=purpose, requester_name=requester_name, lang=lang,
        user=user if user and user.is_authenticated else None,
        confirmed_at=timezone.now() if user and user.is_authenticated else None,
    )
    RequestEvent.objects.create(request=req, status=req.status, moderation=req.moderation, note="")
    if req.confirmed_at:
        transaction.on_commit(lambda: notify.notify_staff("request", req))
    else:
        transaction.on_commit(lambda: notify.send_confirmation("request", req, lang))
    return req


def confirm(token: str):
    """Confirm the e-mail address behind a signed link; returns the object or None."""
    parsed = notify.read_confirm_token(token)
    if not parsed:
        return None
    kind, obj_id = parsed
    model = {"request": DataRequest, "app": App, "subscription": AlertSubscription}.get(kind)
    if model is None:
        return None
    obj = model.objects.filter(pk=obj_id).first()
    if obj is not None and obj.confirmed_at is None:
        model.objects.filter(pk=obj.pk).update(confirmed_at=timezone.now())
        obj.confirmed_at = timezone.now()
        if kind in ("request", "app"):
            notify.notify_staff(kind, obj)
    return obj


@transaction.atomic
def triage(req: DataRequest, staff, *, moderation: str, status: str, response: str, dataset: str = "") -> RequestEvent | None:
    """Record a staff decision; the requester is e-mailed when the status, answer or dataset changed."""
    if status == DataRequest.Status.DECLINED and not response.strip():
        raise UserError("「対応不可」にする場合は理由を書いてください。", "Please give a reason when a request cannot be met.", field="response")
    dataset_id = resolve_dataset(dataset) if dataset.strip() else ""
    if status == DataRequest.Status.PUBLISHED and not dataset_id:
        raise UserError("「公開済」にする場合は公開したデータセットを指定してください。",
                        "Please link the published dataset when marking a request as published.", field="dataset")
    changed = (status != req.status) or (response.strip() != req.response.strip()) or (dataset_id != req.dataset_id)
    moderated = moderation != req.moderation
    if not changed and not moderated:
        return None
    req.moderation, req.status, req.response, req.dataset_id = moderation, status, response.strip(), dataset_id
    req.save(update_fields=["moderation", "status", "response", "dataset_id", "updated"])
    event = RequestEvent.objects.create(request=req, status=status, moderation=moderation, note=response.strip() if changed else "", staff=staff)
    if changed and req.confirmed_at and req.moderation != Moderation.REJECTED:
        def send():
            if notify.send_request_update(req, event):
                RequestEvent.objects.filter(pk=event.pk).update(notified=True)

        transaction.on_commit(send)
    return event


def public_requests():
    return DataRequest.objects.filter(moderation=Moderation.APPROVED, confirmed_at__isnull=False)


# --- apps ------------------------------------------------------------------------------------


def submit_app(*, fields: dict, dataset_ids: list[str], uploads: list, user=None, lang="ja") -> App:
    """Store an app with its screenshots (all sanitized first: nothing is kept if one is bad)."""
    if len(uploads) > MAX_SCREENSHOTS:
        raise UserError(f"スクリーンショットは {MAX_SCREENSHOTS} 枚までです。", f"At most {MAX_SCREENSHOTS} screenshots.", field="screenshots")
    stored = []
    try:
        for upload in uploads:
            stored.append(images.store(upload, getattr(upload, "name", "image")))
        with transaction.atomic():
            authed = bool(user and user.is_authenticated)
            app = App.objects.create(**fields, lang=lang, submitted_by=user if authed else None,
                                     confirmed_at=timezone.now() if authed else None)
            AppDataset.objects.bulk_create([AppDataset(app=app, dataset_id=d) for d in dict.fromkeys(dataset_ids)])
            for n, img in enumerate(stored):
                Screenshot.objects.create(app=app, path=img.path, content_type=img.content_type, width=img.width,
                                          height=img.height, size=img.size, alt=f"{app.name} ({n + 1})", position=n)
            if authed:
                transaction.on_commit(lambda: notify.notify_staff("app", app))
            else:
                transaction.on_commit(lambda: notify.send_confirmation("app", app, lang))
    except BaseException:
        for img in stored:
            images.remove(img.path)
        raise
    return app


@transaction.atomic
def review_app(app: App, *, moderation: str, certified: bool, note: str, provider: str | None = None) -> App:
    was = (app.moderation, app.certified)
    app.moderation = moderation
    app.certified = certified and moderation == Moderation.APPROVED
    if app.certified and not app.certified_at:
        app.certified_at = timezone.now()
    if not app.certified:
        app.certified_at = None
    if provider:
        app.provider = provider
    app.review_note = note.strip()
    app.save(update_fields=["moderation", "certified", "certified_at", "provider", "review_note", "updated"])
    if (app.moderation, app.certified) != was and app.confirmed_at:
        transaction.on_commit(lambda: notify.send_app_review(app))
    return app


def delete_app(app: App) -> None:
    paths = list(app.screenshots.values_list("path", flat=True))
    app.delete()
    for p in paths:
        images.remove(p)


def public_apps():
    return App.objects.filter(moderation=Moderation.APPROVED, confirmed_at__isnull=False)


def apps_for_dataset(dataset_id) -> list[App]:
    """Listed apps that use a dataset, certified (公認) first."""
    ids = AppDataset.objects.filter(dataset_id=str(dataset_id)).values("app_id")
    return list(public_apps().filter(pk__in=ids).order_by("-certified", "name").prefetch_related("screenshots"))


def datasets_of(app: App, user=None) -> list[dict]:
    refs = (dataset_ref(d, user) for d in app.datasets.values_list("dataset_id", flat=True))
    return [r for r in refs if r]


# --- statistics and KPIs ---------------------------------------------------------------------


def record_event(kind: str, request=None, **ids) -> None:
    if stats.is_bot(request):
        return
    if kind == "api":
        stats.count("api", action=ids.get("action", ""))
    else:
        stats.count(kind, dataset_id=ids.get("dataset_id", ""), resource_id=ids.get("resource_id", ""))


def metrics() -> dict:
    """KPI figures for the plan domain. Keys are stable.

    - ``downloads_total`` / ``downloads_by_year``: file and datastore downloads, by Japanese fiscal year.
    - ``apps_total`` / ``apps_certified``: apps listed publicly, and those certified (公認) by the city.
    - ``requests_total``: data requests received (e-mail confirmed, not rejected as spam);
      ``requests_answered``: of those, published (公開済) or declined with a reason (対応不可).
    """
    listed = public_apps()
    received = DataRequest.objects.filter(confirmed_at__isnull=False).exclude(moderation=Moderation.REJECTED)
    return {
        "downloads_total": stats.total("download"),
        "downloads_by_year": stats.by_fiscal_year("download"),
        "apps_total": listed.count(),
        "apps_certified": listed.filter(certified=True).count(),
        "requests_total": received.count(),
        "requests_answered": received.filter(status__in=[DataRequest.Status.PUBLISHED, DataRequest.Status.DECLINED]).count(),
    }


def popular_datasets(limit: int = 10, *, since=None) -> list[dict]:
    """Public datasets ranked by views and downloads: [{id, name, title, views, downloads, score}]."""
    qs = MonthlyCount.objects.filter(kind__in=["dataset_view", "download"]).exclude(dataset_id="")
    if since:
        qs = qs.filter(month__gte=since)
    totals: dict[str, dict] = {}
    for dataset_id, kind, n in qs.values("dataset_id", "kind").annotate(n=Sum("count")).values_list("dataset_id", "kind", "n"):
        entry = totals.setdefault(dataset_id, {"views": 0, "downloads": 0})
        entry["views" if kind == "dataset_view" else "downloads"] += n
    ranked = sorted(totals.items(), key=lambda kv: (kv[1]["views"] + 3 * kv[1]["downloads"], kv[0]), reverse=True)
    refs = dataset_refs(dataset_id for dataset_id, _counts in ranked)
    out = []
    for dataset_id, counts in ranked:
        ref = refs.get(dataset_id)
        if ref is None:
            continue
        out.append({**ref, **counts, "score": counts["views"] + 3 * counts["downloads"]})
        if len(out) >= limit:
            break
    return out


# --- alerts ----------------------------------------------------------------------------------


def subscribe(*, email: str, topics: list[str], area=None, lang="ja") -> AlertSubscription:
    sub = AlertSubscription.objects.create(email=email, topics=list(topics), area=area, lang=lang)
    transaction.on_commit(lambda: notify.send_confirmation("subscription", sub, lang))
    return sub


def unsubscribe(token: str) -> bool:
    sub_id = notify.read_unsubscribe_token(token)
    if not sub_id:
        return False
    try:
        uuid.UUID(sub_id)
    except ValueError:
        return False
    return AlertSubscription.objects.filter(pk=sub_id).delete()[0] > 0


def recipients(alert: Alert):
    """Confirmed subscriptions for the alert's topic whose area matches (or who chose every area)."""
    subs = AlertSubscription.objects.filter(confirmed_at__isnull=False).select_related("area")
    if alert.area_id:
        subs = subs.filter(Q(area__isnull=True) | Q(area_id=alert.area_id))
    # topics is a JSON list; filtered in Python so SQLite and PostgreSQL behave the same
    return [s for s in subs if alert.topic in (s.topics or [])]


def publish_alert(*, title, body, topic, area=None, dataset_id="", staff=None) -> Alert:
    """Save the alert and send it by e-mail in a background job (inline in tests)."""
    with transaction.atomic():
        alert = Alert.objects.create(title=title, body=body, topic=topic, area=area, dataset_id=dataset_id, created_by=staff)
    jobs.start("engage_alert", alert.pk, deliver_alert, str(alert.pk))
    return alert


def deliver_alert(progress, alert_id: str) -> str:
    from django.core import mail

    alert = Alert.objects.select_related("area").get(pk=alert_id)
    subs = recipients(alert)
    Alert.objects.filter(pk=alert.pk).update(recipients=len(subs))
    sent = 0
    with mail.get_connection() as connection:
        for n, msg in enumerate(notify.alert_messages(alert, subs), start=1):
            try:
                sent += connection.send_messages([msg]) or 0
            except Exception:  # noqa: BLE001 - one bad address must not stop the rest
                log.exception("alert %s: one delivery failed", alert.pk)
            progress(n, len(subs))
    Alert.objects.filter(pk=alert.pk).update(sent=sent)
    return f"{sent} 件送信しました / Sent {sent}."

"""Public pages: data requests, app guide, popular datasets, alert subscriptions and the alert feed."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kanmin.catalog import permissions
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang as lang_of

from . import images, services, spam
from .forms import AppForm, DataRequestForm, SubscriptionForm
from .models import Alert, AlertArea, App, DataRequest, Moderation, Screenshot
from .text import bilingual

PAGE_SIZE = 20


def _page(request, qs, size=PAGE_SIZE):
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    return Paginator(qs, size).get_page(number)


def _rate_or_error(request, form, bucket: str, email: str) -> bool:
    try:
        spam.check_rate(request, bucket, email)
    except UserError as exc:
        form.add_error(None, exc.message(lang_of(request)))
        return False
    return True


# --- data requests ---------------------------------------------------------------------------


def request_list(request):
    qs = services.public_requests()
    status = request.GET.get("status", "")
    if status in DataRequest.Status.values:
        qs = qs.filter(status=status)
    return render(request, "engage/request_list.html", {
        "page": _page(request, qs), "status": status, "statuses": DataRequest.Status.choices,
        "base_params": urlencode({"status": status}),
    })


@require_http_methods(["GET", "POST"])
def request_new(request):
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = DataRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _rate_or_error(request, form, "request", form.cleaned_data["email"]):
        data = form.cleaned_data
        req = services.submit_request(
            title=data["title"], body=data["body"], purpose=data["purpose"], requester_name=data["requester_name"],
            email=data["email"], user=request.user, lang=lang_of(request),
        )
        return render(request, "engage/submitted.html", {"kind": "request", "obj": req, "confirmed": bool(req.confirmed_at)})
    return render(request, "engage/request_form.html", {"form": form}, status=400 if form.errors else 200)


def request_detail(request, request_id):
    req = get_object_or_404(DataRequest, pk=request_id)
    staff = permissions.edits_any_organization(request.user)
    if not staff and (req.moderation != Moderation.APPROVED or not req.confirmed_at):
        raise Http404(_("データリクエストが見つかりません。"))
    events, last = [], None
    for event in req.events.all():  # public timeline: status changes only (moderation steps are internal)
        if event.status != last:
            events.append(event)
            last = event.status
    return render(request, "engage/request_detail.html", {
        "req": req, "dataset": services.dataset_ref(req.dataset_id), "events": events, "is_staff": staff,
    })


def confirm(request, token):
    obj = services.confirm(token)
    kind = type(obj).__name__ if obj else ""
    return render(request, "engage/confirmed.html", {"obj": obj, "kind": kind}, status=200 if obj else 400)


# --- apps ------------------------------------------------------------------------------------


def app_list(request):
    qs = services.public_apps().prefetch_related("screenshots")
    certified_only = request.GET.get("certified") == "1"
    if certified_only:
        qs = qs.filter(certified=True)
    platform = request.GET.get("platform", "")
    if platform in dict(App.PLATFORMS):
        qs = [a for a in qs if platform in (a.platforms or [])]
    return render(request, "engage/app_list.html", {
        "page": _page(request, list(qs)), "platform": platform, "platforms": App.PLATFORMS, "certified_only": certified_only,
        "base_params": urlencode({"platform": platform, "certified": "1" if certified_only else ""}),
    })


@require_http_methods(["GET", "POST"])
def app_new(request):
    initial = {"email": request.user.email if request.user.is_authenticated else "", "datasets": request.GET.getlist("dataset")}
    form = AppForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _rate_or_error(request, form, "app", form.cleaned_data["email"]):
        data = form.cleaned_data
        fields = {k: data[k] for k in ("name", "description", "developer", "url", "email")}
        fields["platforms"] = list(data["platforms"])
        try:
            app = services.submit_app(fields=fields, dataset_ids=list(data["datasets"]), uploads=data["screenshots"],
                                      user=request.user, lang=lang_of(request))
        except UserError as exc:
            form.add_error("screenshots" if exc.field == "screenshots" else None, exc.message(lang_of(request)))
        else:
            return render(request, "engage/submitted.html", {"kind": "app", "obj": app, "confirmed": bool(app.confirmed_at)})
    return render(request, "engage/app_form.html", {"form": form}, status=400 if form.errors else 200)


def _visible_app(request, app_id) -> App:
    app = get_object_or_404(App, pk=app_id)
    if app.moderation != Moderation.APPROVED or not app.confirmed_at:
        if not permissions.edits_any_organization(request.user):
            raise Http404(_("アプリが見つかりません。"))
    return app


def app_detail(request, app_id):
    app = _visible_app(request, app_id)
    return render(request, "engage/app_detail.html", {
        "app": app, "datasets": services.datasets_of(app), "screenshots": app.screenshots.all(),
    })


def screenshot(request, shot_id):
    shot = get_object_or_404(Screenshot, pk=shot_id)
    _visible_app(request, shot.app_id)
    try:
        handle = open(images.absolute(shot.path), "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=shot.content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- popular datasets ------------------------------------------------------------------------


def popular(request):
    return render(request, "engage/popular.html", {"items": services.popular_datasets(limit=30)})


# --- alerts ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def alerts(request):
    lang = lang_of(request)
    form = SubscriptionForm(request.POST or None, lang=lang)
    if request.method == "POST" and form.is_valid() and _rate_or_error(request, form, "subscribe", form.cleaned_data["email"]):
        data = form.cleaned_data
        sub = services.subscribe(email=data["email"], topics=data["topics"], area=data["area"], lang=lang)
        return render(request, "engage/submitted.html", {"kind": "subscription", "obj": sub, "confirmed": False})
    recent = Alert.objects.select_related("area")[:20]
    return render(request, "engage/alerts.html", {
        "form": form, "recent": recent, "areas": AlertArea.objects.all(), "topics": services.topic_choices(lang),
    }, status=400 if form.errors else 200)


def alert_detail(request, alert_id):
    alert = get_object_or_404(Alert.objects.select_related("area"), pk=alert_id)
    return render(request, "engage/alert_detail.html", {
        "alert": alert, "topic": services.topic_label(alert.topic, lang_of(request)), "dataset": services.dataset_ref(alert.dataset_id),
    })


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        done = services.unsubscribe(token)
        return render(request, "engage/unsubscribed.html", {"done": done}, status=200 if done else 400)
    return render(request, "engage/unsubscribe.html", {"token": token})


def alert_feed(request):
    """JSON Feed 1.1 of alerts, filtered by ?area=<code> and ?topic=<code> (Web Push-ready)."""
    lang = lang_of(request)
    qs = Alert.objects.select_related("area")
    area_code, topic = request.GET.get("area", ""), request.GET.get("topic", "")
    if area_code:
        area = AlertArea.objects.filter(code=area_code).first()
        if area is None:
            return JsonResponse({"error": {"ja": "地域コードが正しくありません。", "en": "Unknown area code."}}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        qs = qs.filter(area__isnull=True) | qs.filter(area=area)
    if topic:
        if topic not in dict(services.topic_choices()):
            return JsonResponse({"error": {"ja": "種類が正しくありません。", "en": "Unknown topic."}}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        qs = qs.filter(topic=topic)
    alerts = list(qs.order_by("-published_at")[:50])
    refs = services.dataset_refs(a.dataset_id for a in alerts)
    items = []
    for alert in alerts:
        ref = refs.get(alert.dataset_id)
        items.append({
            "id": str(alert.pk),
            "url": services.notify.absolute("engage:alert_detail", alert.pk, lang=lang),
            "title": alert.title,
            "content_text": alert.body,
            "date_published": alert.published_at.isoformat(),
            "tags": [alert.topic] + ([alert.area.code] if alert.area else []),
            "_kanmin": {
                "topic": alert.topic, "topic_label": services.topic_label(alert.topic, lang),
                "area": alert.area.code if alert.area else None,
                "area_name": (alert.area.name_en or alert.area.name) if alert.area and lang == "en" else (alert.area.name if alert.area else None),
                "dataset": services.notify.absolute("web:dataset", ref["name"], lang=lang) if ref else None,
            },
        })
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": bilingual("緊急情報・お知らせ", "Alerts"),
        "home_page_url": services.notify.absolute("engage:alerts", lang=lang),
        "feed_url": request.build_absolute_uri(),
        "language": lang,
        "items": items,
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def go_home(request):
    return redirect("engage:request_list")

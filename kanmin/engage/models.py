"""Engagement tables: data requests, app showcase, usage statistics, charts/dashboards, area alerts.

Catalog objects are referenced by their UUID as plain text (no foreign keys into other domains);
:mod:`kanmin.engage.services` resolves them through :mod:`kanmin.catalog.services`.
No IP address or user agent is stored anywhere in this domain.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderation(models.TextChoices):
    """Staff approve submissions before they are listed publicly."""

    PENDING = "pending", _("審査待ち")
    APPROVED = "approved", _("公開")
    REJECTED = "rejected", _("非公開（スパム等）")


# --- data requests (データリクエスト) ---------------------------------------------------------


class DataRequest(models.Model):
    """A citizen's or business's request for data that is not (yet) published."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        CONSIDERING = "considering", _("検討中")
        PUBLISHED = "published", _("公開済")
        DECLINED = "declined", _("対応不可")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=4000)
    purpose = models.CharField(max_length=500, blank=True)
    requester_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lang = models.CharField(max_length=2, default="ja")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PENDING)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    response = models.TextField(blank=True, max_length=4000)
    dataset_id = models.CharField(max_length=36, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["moderation", "status"])]

    def __str__(self):
        return self.title


class RequestEvent(models.Model):
    """Audit trail of a request: every status change with the staff member and the message sent."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=DataRequest.Status.choices)
    moderation = models.CharField(max_length=10, choices=Moderation.choices)
    note = models.TextField(blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notified = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]


# --- app showcase (アプリガイド) ---------------------------------------------------------------


class App(models.Model):
    """An app or service that uses the city's open data."""

    class Provider(models.TextChoices):
        CITY = "city", _("市が提供")
        PRIVATE = "private", _("民間・市民が提供")

    PLATFORMS = [("web", "Web"), ("ios", "iOS"), ("android", "Android"), ("windows", "Windows"), ("other", _("その他"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=3000)
    developer = models.CharField(max_length=120)
    provider = models.CharField(max_length=10, choices=Provider.choices, default=Provider.PRIVATE)
    platforms = models.JSONField(default=list)
    url = models.URLField(max_length=500)
    email = models.EmailField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lang = models.CharField(max_length=2, default="ja")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PENDING)
    certified = models.BooleanField(default=False)
    certified_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-certified", "name"]

    def __str__(self):
        return self.name

    def platform_labels(self) -> list[str]:
        names = dict(self.PLATFORMS)
        return [names.get(p, p) for p in self.platforms or []]


class AppDataset(models.Model):
    """A dataset (catalog UUID) an app uses."""

    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="datasets")
    dataset_id = models.CharField(max_length=36, db_index=True)

    class Meta:
        unique_together = [("app", "dataset_id")]


class Screenshot(models.Model):
    """A re-encoded screenshot stored under MEDIA_ROOT/engage/."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="screenshots")
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    alt = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


# --- statistics ------------------------------------------------------------------------------


class MonthlyCount(models.Model):
    """One counter per (month, kind, dataset, resource, action). Nothing about the visitor is kept."""

    class Kind(models.TextChoices):
        DATASET_VIEW = "dataset_view", _("データセット閲覧")
        RESOURCE_VIEW = "resource_view", _("リソース閲覧")
        DOWNLOAD = "download", _("ダウンロード")
        API = "api", _("API 呼び出し")

    month = models.DateField()  # first day of the month (Asia/Tokyo)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    dataset_id = models.CharField(max_length=36, blank=True, default="")
    resource_id = models.CharField(max_length=36, blank=True, default="")
    action = models.CharField(max_length=100, blank=True, default="")
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "kind", "dataset_id", "resource_id", "action"], name="engage_monthly_unique"),
        ]
        indexes = [models.Index(fields=["kind", "dataset_id"])]


class RateEvent(models.Model):
    """A submission seen for rate limiting: an e-mail digest or a client digest salted per day.

    The client digest is ``sha256(secret, day, address)``; the salt changes daily, so it cannot
    be linked across days or reversed to an address. Rows older than two days are purged.
    """

    bucket = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "created"])]


# --- charts and citizen dashboards ----------------------------------------------------------


class Chart(models.Model):
    """A saved chart over one datastore table, composed into dashboards and embeddable."""

    class Type(models.TextChoices):
        BAR = "bar", _("棒グラフ")
        LINE = "line", _("折れ線グラフ")
        PIE = "pie", _("円グラフ")

    class Aggregation(models.TextChoices):
        COUNT = "count", _("件数")
        SUM = "sum", _("合計")
        AVG = "avg", _("平均")
        MAX = "max", _("最大")
        MIN = "min", _("最小")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    resource_id = models.CharField(max_length=36)
    dataset_id = models.CharField(max_length=36)
    chart_type = models.CharField(max_length=5, choices=Type.choices, default=Type.BAR)
    label_column = models.CharField(max_length=200)
    value_column = models.CharField(max_length=200, blank=True)
    aggregation = models.CharField(max_length=5, choices=Aggregation.choices, default=Aggregation.COUNT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title


class Dashboard(models.Model):
    """A citizen-facing page that staff compose from charts of several datasets."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    published = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class DashboardItem(models.Model):
    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="items")
    chart = models.ForeignKey(Chart, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


# --- area alerts (push notifications) --------------------------------------------------------


class AlertArea(models.Model):
    """A ward (区) or school district (校区) that subscribers choose."""

    class Kind(models.TextChoices):
        WARD = "ward", _("区・地区")
        SCHOOL = "school", _("校区")
        OTHER = "other", _("その他")

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WARD)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class AlertSubscription(models.Model):
    """An e-mail subscriber for some topics in one area (or every area). Confirmed by a mailed link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    topics = models.JSONField(default=list)
    area = models.ForeignKey(AlertArea, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    lang = models.CharField(max_length=2, default="ja")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)


class Alert(models.Model):
    """A notice published by staff to subscribers of a topic and area, linked to a dataset."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=4000)
    topic = models.CharField(max_length=20)
    area = models.ForeignKey(AlertArea, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    dataset_id = models.CharField(max_length=36, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

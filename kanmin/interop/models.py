"""Harvest sources (remote CKAN sites), their runs, and which local dataset each remote one became.

Local datasets are referenced by plain UUIDs (the catalog owns its tables); they are created and
changed only through :mod:`kanmin.catalog.services` and :class:`kanmin.catalog.forms.DatasetForm`.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$",
    "英小文字・数字・- で2〜40文字にしてください / Use 2-40 lowercase letters, digits or -.",
)


class HarvestSource(models.Model):
    """A remote CKAN-compatible catalog whose public datasets are copied into one of our organizations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("名前（英数字） / Name (slug)", max_length=40, unique=True, validators=[slug_validator],
                            help_text="取り込んだデータセット名の接頭辞にも使います / Also the prefix for renamed datasets.")
    title = models.CharField("表示名 / Title", max_length=200)
    url = models.URLField("CKAN サイトの URL / CKAN site URL", max_length=500,
                          help_text="例 / e.g. https://opendata.pref.example.jp/")
    organization_name = models.CharField("取り込み先の組織 / Target organization", max_length=100)
    fq = models.CharField("絞り込み（fq） / Filter (fq)", max_length=300, blank=True,
                          help_text="例 / e.g. organization:takamatsu")
    interval_hours = models.PositiveIntegerField(
        "実行間隔（時間） / Interval (hours)", default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 90)])
    active = models.BooleanField("定期実行する / Run on schedule", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    last_started = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.title

    @property
    def api_base(self) -> str:
        """The site URL without a trailing ``/api/...`` part or slash."""
        url = self.url.strip().rstrip("/")
        for tail in ("/api/3/action", "/api/action", "/api/3", "/api"):
            if url.endswith(tail):
                url = url[: -len(tail)]
        return url

    def next_due(self):
        if self.last_started is None:
            return None
        return self.last_started + timedelta(hours=self.interval_hours)

    def is_due(self, now=None) -> bool:
        due = self.next_due()
        return self.active and (due is None or due <= (now or timezone.now()))


class HarvestJob(models.Model):
    """One run of a source: counts and a bilingual summary; per-dataset problems in ``errors_log``."""

    class Status(models.TextChoices):
        QUEUED = "queued", "待機中 / Queued"
        RUNNING = "running", "実行中 / Running"
        DONE = "done", "完了 / Done"
        PARTIAL = "partial", "一部エラー / Done with errors"
        FAILED = "failed", "失敗 / Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=20, default="manual")
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    remote_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    deleted_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message_ja = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    errors_log = models.JSONField(default=list, blank=True, help_text="[{remote, ja, en}] per failed dataset")
    core_job_id = models.UUIDField(null=True, blank=True, help_text="kanmin.core Job with the progress")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.PARTIAL, self.Status.FAILED)

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


class HarvestRecord(models.Model):
    """Remote dataset ``remote_id`` of ``source`` is our dataset ``dataset_id``."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="records")
    remote_id = models.CharField(max_length=100)
    remote_name = models.CharField(max_length=200, blank=True)
    dataset_id = models.UUIDField()
    remote_modified = models.CharField(max_length=40, blank=True)
    deleted = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("source", "remote_id")]

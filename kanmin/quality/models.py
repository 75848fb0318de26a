"""The latest machine-readability report of each resource (keyed by the catalog's resource id)."""

import uuid

from django.db import models


class QualityReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "確認中 / Checking"
        DONE = "done", "完了 / Done"
        FAILED = "failed", "失敗 / Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource_id = models.UUIDField(unique=True, help_text="catalog Resource id (no foreign key across domains)")
    file_hash = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    stars = models.PositiveSmallIntegerField(null=True, blank=True)
    findings_count = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    standard = models.CharField(max_length=50, blank=True)
    report = models.JSONField(default=dict, blank=True)
    checked = models.DateTimeField(auto_now=True)

"""A de-identified release and its review trail.

Other domains are referred to by plain ids: the catalog organization (``organization_id``), the
published dataset/resource, and the plan's inventory item (``inventory_item_id``).
"""

import uuid

from django.conf import settings
from django.db import models


class PrivacyRelease(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "作成中 / Draft"
        SUBMITTED = "submitted", "審査待ち / Submitted"
        APPROVED = "approved", "承認済み / Approved"
        REJECTED = "rejected", "差戻し / Rejected"
        PUBLISHED = "published", "公開済み / Published"

    class Mode(models.TextChoices):
        KANON = "kanon", "個票（k-匿名化） / Records (k-anonymity)"
        AGGREGATE = "aggregate", "集計表（秘匿処理） / Aggregate table (cell suppression)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization_id = models.UUIDField(db_index=True)
    title = models.CharField(max_length=200)
    source_description = models.TextField(blank=True)
    inventory_item_id = models.CharField(max_length=100, blank=True, db_index=True)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.KANON)
    raw_file = models.CharField(max_length=500, blank=True)  # relative to MEDIA_ROOT; "" once deleted
    raw_filename = models.CharField(max_length=200)
    raw_format = models.CharField(max_length=10)
    raw_sheet = models.CharField(max_length=100, blank=True)
    raw_deleted_at = models.DateTimeField(null=True, blank=True)
    columns = models.JSONField(default=list)
    row_count = models.IntegerField(default=0)
    parameters = models.JSONField(default=dict)
    result_file = models.CharField(max_length=500, blank=True)
    risk_report = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    dataset_id = models.CharField(max_length=64, blank=True)
    resource_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title


class ReleaseEvent(models.Model):
    """Audit trail: who did what to a release, when."""

    release = models.ForeignKey(PrivacyRelease, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

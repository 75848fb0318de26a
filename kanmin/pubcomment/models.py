"""Public comment cases, their documents, submissions and comment groups.

The department is a catalog organization, stored by id (``organization_id``) with its title cached.
Submitters' names and addresses are kept for staff only and never published.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "準備中 / Draft"
        OPEN = "open", "公開中 / Published"
        RESULT = "result", "結果公表済み / Result published"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    organization_id = models.UUIDField(db_index=True)
    department = models.CharField(max_length=200)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    sections = models.TextField(blank=True, help_text="意見の対象となる章・項目（1行に1つ）")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    result_summary = models.TextField(blank=True)
    result_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self):
        return self.title

    def section_list(self) -> list[str]:
        return [s.strip() for s in self.sections.splitlines() if s.strip()]

    def phase(self, now=None) -> str:
        """draft / upcoming / accepting / closed / result — derived from status and the clock."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.RESULT:
            return "result"
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "accepting"
        return "closed"

    def is_accepting(self, now=None) -> bool:
        return self.phase(now) == "accepting"


class Document(models.Model):
    class Kind(models.TextChoices):
        MATERIAL = "material", "資料 / Material"
        REVISED = "revised", "修正後の案 / Revised draft"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MATERIAL)
    title = models.CharField(max_length=200)
    file = models.CharField(max_length=500)  # relative to MEDIA_ROOT
    filename = models.CharField(max_length=200)
    format = models.CharField(max_length=10)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded"]


class CommentGroup(models.Model):
    """Similar comments answered together: a summary of the opinions and the city's view (市の考え方)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    city_view = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]


class Submission(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", "ウェブ / Web form"
        PAPER = "paper", "書面持参 / Paper"
        FAX = "fax", "ファクス / Fax"
        MAIL = "mail", "郵送 / Mail"
        COUNTER = "counter", "窓口 / Counter"

    class SubmitterType(models.TextChoices):
        PERSON = "person", "個人 / Individual"
        CORPORATION = "corporation", "法人・団体 / Corporation or group"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField()
    submitter_type = models.CharField(max_length=12, choices=SubmitterType.choices, default=SubmitterType.PERSON)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    representative = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    section = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    redactions = models.JSONField(default=list)  # [[start, end, kind], ...] over ``text``
    redaction_confirmed = models.BooleanField(default=False)
    published_text = models.TextField(blank=True)
    excluded = models.BooleanField(default=False)  # e.g. unrelated to the case; kept, not published
    group = models.ForeignKey(CommentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions")
    idempotency_token = models.CharField(max_length=64, null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "idempotency_token"], name="pubcomment_unique_token"),
            models.UniqueConstraint(fields=["case", "number"], name="pubcomment_unique_number"),
        ]

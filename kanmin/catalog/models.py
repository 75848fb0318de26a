"""Catalog tables. Other domains use :mod:`kanmin.catalog.services`, not these models directly."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from .licenses import DEFAULT_LICENSE, LICENSE_CHOICES

name_validator = RegexValidator(
    r"^[a-z0-9_-]{2,100}$",
    "英小文字・数字・-・_ で2〜100文字にしてください / Use 2-100 lowercase letters, digits, - or _.",
)


class Organization(models.Model):
    """A department (課・部署) that publishes data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True, validators=[name_validator])
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.title


class Membership(models.Model):
    """A staff user's role in one organization."""

    class Role(models.TextChoices):
        ADMIN = "admin", "管理者 / Admin"
        EDITOR = "editor", "編集者 / Editor"
        MEMBER = "member", "メンバー / Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        unique_together = [("user", "organization")]


class Group(models.Model):
    """A category (防災, 子育て, 観光, 統計, …) across organizations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True, validators=[name_validator])
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.title


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Dataset(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "公開中 / Active"
        DRAFT = "draft", "下書き / Draft"
        DELETED = "deleted", "削除済 / Deleted"

    class Frequency(models.TextChoices):
        IRREGULAR = "irregular", "不定期 / Irregular"
        DAILY = "daily", "毎日 / Daily"
        WEEKLY = "weekly", "毎週 / Weekly"
        MONTHLY = "monthly", "毎月 / Monthly"
        QUARTERLY = "quarterly", "四半期 / Quarterly"
        ANNUAL = "annual", "毎年 / Annual"
        NEVER = "never", "更新なし / Never"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True, validators=[name_validator])
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="datasets")
    license_id = models.CharField(max_length=50, choices=LICENSE_CHOICES, default=DEFAULT_LICENSE)
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets")
    groups = models.ManyToManyField(Group, blank=True, related_name="datasets")
    update_frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IRREGULAR)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    spatial = models.CharField(max_length=200, blank=True, help_text="e.g. 香川県高松市")
    temporal_start = models.DateField(null=True, blank=True)
    temporal_end = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)
    version = models.CharField(max_length=100, blank=True)
    author = models.CharField(max_length=200, blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    private = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    extras = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(blank=True, editable=False, help_text="NFKC lower-case text for search")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified"]
        indexes = [models.Index(fields=["state", "private", "-modified"])]

    def __str__(self):
        return self.title


class Resource(models.Model):
    """A file or link in a dataset. Tabular ones are also loaded into the datastore."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True, help_text="external link (if not uploaded)")
    file = models.CharField(max_length=500, blank=True, help_text="path below MEDIA_ROOT")
    original_filename = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=30, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=30, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    hash = models.CharField(max_length=80, blank=True)
    position = models.PositiveIntegerField(default=0)
    extras = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "created"]

    def __str__(self):
        return self.name

"""Tables of the online procedures domain.

Other domains are referenced by plain ids (``procedure_id`` from the plan inventory, ``department`` =
catalog Organization name); only ``AUTH_USER_MODEL`` is a real foreign key.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


def _token() -> str:
    return secrets.token_urlsafe(24)


class IdentityLevel(models.TextChoices):
    NONE = "none", "本人確認なし / None"
    LOGIN = "login", "ログイン / Login"
    STRONG = "strong", "マイナンバーカード等 / Strong (e.g. JPKI)"


LEVEL_RANK = {IdentityLevel.NONE: 0, IdentityLevel.LOGIN: 1, IdentityLevel.STRONG: 2}


class FormDefinition(models.Model):
    """One version of an e-application form. Published versions that have applications are never
    edited in place: editing creates the next version (``slug`` groups the versions)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    procedure_id = models.CharField(max_length=64, blank=True, db_index=True)
    procedure_name = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=100, db_index=True)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    fields = models.JSONField(default=list)
    attachments = models.JSONField(default=list)
    identity_level = models.CharField(max_length=10, choices=IdentityLevel.choices, default=IdentityLevel.NONE)
    fee = models.PositiveIntegerField(default=0, help_text="円 / yen")
    keywords = models.CharField(max_length=300, blank=True)
    published = models.BooleanField(default=False)
    superseded = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="procedures_form_slug_version")]
        ordering = ["title", "-version"]

    def __str__(self):
        return f"{self.title} v{self.version}"

    def title_for(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else self.title

    def description_for(self, lang: str) -> str:
        return (self.description_en or self.description) if lang == "en" else self.description


class Bundle(models.Model):
    """A one-stop bundle: one flow that files several procedures (e.g. moving house)."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    form_slugs = models.JSONField(default=list, help_text="ordered list of FormDefinition slugs")
    published = models.BooleanField(default=True)

    def __str__(self):
        return self.title

    def title_for(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else self.title

    def description_for(self, lang: str) -> str:
        return (self.description_en or self.description) if lang == "en" else self.description


class CitizenIdentity(models.Model):
    """A citizen as known to an identity provider (OIDC subject, JPKI certificate serial, …).
    Citizens are not Django users: staff accounts and citizen sessions stay separate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.CharField(max_length=40)
    subject = models.CharField(max_length=255)
    level = models.CharField(max_length=10, choices=IdentityLevel.choices)
    claims = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="procedures_identity_unique")]

    def __str__(self):
        return f"{self.provider}:{self.claims.get('name') or self.subject}"


class BundleApplication(models.Model):
    """One bundle filing; holds one Application per procedure under one bundle receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="filings")
    receipt_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    citizen = models.ForeignKey(CitizenIdentity, null=True, blank=True, on_delete=models.SET_NULL)
    access_key = models.CharField(max_length=64, default=_token)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "下書き / Draft"
        RECEIVED = "received", "受付 / Received"
        REVIEWING = "reviewing", "審査 / Under review"
        RETURNED = "returned", "差戻し / Returned for correction"
        APPROVED = "approved", "承認 / Approved"
        ISSUED = "issued", "交付 / Issued"

    class Channel(models.TextChoices):
        ONLINE = "online", "オンライン / Online"
        COUNTER = "counter", "窓口（代理入力） / Counter (staff on behalf)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, related_name="applications")
    form_version = models.PositiveIntegerField()
    department = models.CharField(max_length=100, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    data = models.JSONField(default=dict)
    waived_attachments = models.JSONField(default=list)
    receipt_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    citizen = models.ForeignKey(CitizenIdentity, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    identity_level = models.CharField(max_length=10, choices=IdentityLevel.choices, default=IdentityLevel.NONE)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bundle_filing = models.ForeignKey(BundleApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    access_key = models.CharField(max_length=64, default=_token)
    submit_token = models.CharField(max_length=64, default=_token)
    fee = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(receipt_number__isnull=False),
                name="procedures_submitted_has_receipt",
            )
        ]

    def __str__(self):
        return self.receipt_number or f"draft {self.pk}"

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def paid_amount(self) -> int:
        return sum(p.amount for p in self.payments.filter(status=Payment.Status.PAID))

    @property
    def is_paid(self) -> bool:
        """Paid only if Payment records say so (there is no separate 'paid' flag to fake)."""
        return self.fee == 0 or self.paid_amount >= self.fee


class Attachment(models.Model):
    """A stored, sniffed upload. The file lives under MEDIA_ROOT/procedures/ (outside any web root)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(max_length=60)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "uploaded"]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the audit trail is append-only")

    def delete(self):
        raise PermissionError("the audit trail is append-only")


class ApplicationEvent(models.Model):
    """Audit trail entry: who did what when. Append-only (updates and deletes raise)."""

    class Kind(models.TextChoices):
        CREATED = "created", "作成 / Created"
        SAVED = "saved", "一時保存 / Saved"
        ATTACHED = "attached", "添付 / Attached"
        SUBMITTED = "submitted", "申請 / Submitted"
        TRANSITION = "transition", "状態変更 / Status change"
        COMMENT = "comment", "コメント / Comment"
        PAYMENT = "payment", "支払 / Payment"
        ISSUED = "issued", "交付 / Issued"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)
    on_behalf = models.BooleanField(default=False)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    message = models.TextField(blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit trail is append-only")


class Counter(models.Model):
    """Sequence rows for receipt numbers (``R2026``, ``B2026``): safe under concurrency on any DB."""

    key = models.CharField(max_length=20, primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "支払待ち / Pending"
        PAID = "paid", "支払済 / Paid"
        FAILED = "failed", "失敗 / Failed"
        CANCELLED = "cancelled", "取消 / Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(max_length=40)
    provider_reference = models.CharField(max_length=100, unique=True)
    amount = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_at__isnull=False) & Q(amount__gt=0) & ~Q(provider_reference="")),
                name="procedures_paid_needs_record",
            )
        ]


class IssuedDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    signer_subject = models.CharField(max_length=300)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class SupportProgramme(models.Model):
    """支援制度: a support programme of the city, prefecture or nation."""

    class Level(models.TextChoices):
        CITY = "city", "市 / City"
        PREFECTURE = "prefecture", "県 / Prefecture"
        NATION = "nation", "国 / Nation"

    class Audience(models.TextChoices):
        PERSONAL = "personal", "個人向け / For individuals"
        BUSINESS = "business", "事業者向け / For businesses"

    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    provider_level = models.CharField(max_length=12, choices=Level.choices)
    provider_name = models.CharField(max_length=100, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    category = models.CharField(max_length=50, db_index=True)
    summary = models.TextField()
    eligibility = models.TextField(blank=True)
    url = models.URLField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    form_slug = models.SlugField(max_length=80, blank=True, help_text="online application form, if any")
    demo = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["category", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from .finder import normalize

        self.search_text = normalize(" ".join([self.title, self.title_en, self.provider_name, self.category, self.summary, self.eligibility]))
        super().save(*args, **kwargs)

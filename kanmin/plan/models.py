"""Plan-management tables: data inventory, procedure inventory, plans with measures and KPIs.

Departments are catalog Organizations, referenced by id (no foreign key across domains); their
name and title are copied here so lists need no extra queries.
"""

import uuid

from django.conf import settings
from django.db import models

from .fiscal import fiscal_year


class DepartmentMixin(models.Model):
    organization_id = models.UUIDField(db_index=True)
    department = models.CharField("担当課（名前） / Department name", max_length=100)
    department_title = models.CharField("担当課 / Department", max_length=200)

    class Meta:
        abstract = True


class InventoryItem(DepartmentMixin):
    """One row of the data inventory (データ棚卸し): data a department holds."""

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", "未判断 / Undecided"
        OPEN = "open", "公開可 / Can be published"
        CLOSED = "closed", "公開不可 / Cannot be published"
        IMPROVE = "improve", "形式改善 / Improve the format first"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("データ名 / Data name", max_length=300)
    description = models.TextField("概要 / Description", blank=True)
    data_format = models.CharField("形式 / Format", max_length=50, blank=True)
    update_frequency = models.CharField("更新頻度 / Update frequency", max_length=50, blank=True)
    has_personal_info = models.BooleanField("個人情報を含む / Contains personal information", default=False)
    external_use_allowed = models.BooleanField("外部利用可 / External use allowed", default=False)
    legal_basis = models.CharField("根拠法令 / Legal basis", max_length=300, blank=True)
    decision = models.CharField("公開判断 / Open-data decision", max_length=10, choices=Decision.choices, default=Decision.UNDECIDED)
    decision_reason = models.TextField("公開不可の理由 / Reason", blank=True)
    planned_date = models.DateField("公開予定日 / Planned date", null=True, blank=True)
    dataset_id = models.UUIDField(null=True, blank=True, editable=False)
    dataset_name = models.CharField("公開データセット / Published dataset", max_length=100, blank=True)
    fiscal_year = models.PositiveIntegerField("調査年度 / Survey year", default=fiscal_year)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department", "name"]
        constraints = [models.UniqueConstraint(fields=["organization_id", "name"], name="plan_inventory_unique_per_department")]

    def __str__(self):
        return self.name


class PublishAudit(models.Model):
    """Every attempt to publish a dataset from an inventory item, allowed or refused."""

    item = models.ForeignKey(InventoryItem, null=True, on_delete=models.SET_NULL, related_name="audits")
    item_name = models.CharField(max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    allowed = models.BooleanField()
    personal_info = models.BooleanField(default=False)
    privacy_approved = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    dataset_id = models.UUIDField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]


class Procedure(DepartmentMixin):
    """One row of the procedure inventory (手続き棚卸し)."""

    class Stage(models.IntegerChoices):
        EASY = 1, "段階1：本人確認・手数料なし / Stage 1: no ID or fee"
        ID_FEE = 2, "段階2：本人確認・手数料・添付あり / Stage 2: ID, fee or attachments"
        LAW = 3, "段階3：法令・運用の見直しが必要 / Stage 3: law or operation change"

    class Priority(models.IntegerChoices):
        HIGH = 1, "高 / High"
        MEDIUM = 2, "中 / Medium"
        LOW = 3, "低 / Low"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("手続名 / Procedure", max_length=300)
    legal_basis = models.CharField("根拠法令 / Legal basis", max_length=300, blank=True)
    yearly_volume = models.PositiveIntegerField("年間件数 / Yearly volume", default=0)
    needs_identity = models.BooleanField("本人確認 / Identity verification", default=False)
    needs_fee = models.BooleanField("手数料 / Fee", default=False)
    needs_attachments = models.BooleanField("添付書類 / Attachments", default=False)
    face_to_face = models.BooleanField("対面必須 / Face-to-face required", default=False)
    online_now = models.BooleanField("オンライン化済 / Online now", default=False)
    online_since = models.DateField(null=True, blank=True)
    notes = models.TextField("備考 / Notes", blank=True)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.EASY, editable=False)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.LOW, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage", "-yearly_volume", "name"]
        constraints = [models.UniqueConstraint(fields=["organization_id", "name"], name="plan_procedure_unique_per_department")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from .procedures import classify_priority, classify_stage

        self.stage = classify_stage(self)
        self.priority = classify_priority(self.yearly_volume)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "stage", "priority", "modified"}
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    """Progress of a measure or initiative; 実施 and 終了 count as completed (Takatsuki's tables)."""

    NOT_STARTED = "not_started", "未着手 / Not started"
    IN_PROGRESS = "in_progress", "実施中 / In progress"
    DONE = "done", "実施 / Implemented"
    ENDED = "ended", "終了 / Ended"
    RESEARCH = "research", "調査研究継続 / Research continues"


COMPLETED = (Status.DONE, Status.ENDED)


class Plan(models.Model):
    """A 官民データ活用推進計画 (or a DX plan) with its period in fiscal years."""

    slug = models.SlugField("URL 名 / Slug", max_length=100, unique=True)
    title = models.CharField("計画名 / Title", max_length=300)
    title_en = models.CharField("英語名 / English title", max_length=300, blank=True)
    municipality = models.CharField("自治体 / Municipality", max_length=100, blank=True)
    organization_id = models.UUIDField("所管課 / Responsible department", null=True, blank=True,
                                       help_text="its editors may update the plan")
    start_year = models.PositiveIntegerField("開始年度 / First fiscal year")
    end_year = models.PositiveIntegerField("終了年度 / Last fiscal year")
    description = models.TextField("概要 / Description", blank=True)
    is_demo = models.BooleanField(default=False, help_text="demo data (values partly invented)")
    published = models.BooleanField("公開 / Public", default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "title"]

    def __str__(self):
        return self.title

    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Pillar(models.Model):
    """基本方針・柱."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("柱 / Pillar", max_length=300)
    title_en = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Measure(models.Model):
    """施策."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField("番号 / No.", max_length=20, blank=True)
    title = models.CharField("施策 / Measure", max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    description = models.TextField("内容 / Description", blank=True)
    owner = models.CharField("担当 / Owner", max_length=200, blank=True)
    status = models.CharField("状況 / Status", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["pillar__position", "position", "id"]

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class Initiative(models.Model):
    """取組: a concrete action under a measure, with an owner and a yearly schedule."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="initiatives")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("取組 / Initiative", max_length=300)
    owner = models.CharField("担当課 / Owner", max_length=200, blank=True)
    organization_id = models.UUIDField(null=True, blank=True)
    start_year = models.PositiveIntegerField("開始年度 / From FY", null=True, blank=True)
    end_year = models.PositiveIntegerField("終了年度 / To FY", null=True, blank=True)
    status = models.CharField("状況 / Status", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class ScheduleEntry(models.Model):
    """What an initiative plans (and did) in one fiscal year."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="schedule")
    fiscal_year = models.PositiveIntegerField("年度 / Fiscal year")
    planned = models.CharField("予定 / Planned", max_length=500)
    result = models.CharField("実績 / Result", max_length=500, blank=True)

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["initiative", "fiscal_year"], name="plan_schedule_one_per_year")]


class Kpi(models.Model):
    """成果指標 with baseline and target; ``source`` names what kanmin measures itself."""

    class Source(models.TextChoices):
        MANUAL = "manual", "手入力 / Entered by staff"
        DATASETS = "datasets", "公開データセット数 / Published datasets"
        MACHINE_READABLE = "machine_readable", "機械判読可能な形式の割合(%) / Machine-readable share (%)"
        DOWNLOADS = "downloads", "年間ダウンロード数 / Downloads in the year"
        APPS = "apps", "活用事例（アプリ）数 / Apps"
        REQUESTS_ANSWERED = "requests_answered", "回答済みデータ要望数 / Data requests answered"
        ONLINE_TOTAL = "online_total", "オンライン化済み手続数 / Procedures online"
        ONLINE_STAGE1 = "online_stage1", "オンライン化済み手続数（段階1） / Online, stage 1"
        ONLINE_STAGE2 = "online_stage2", "オンライン化済み手続数（段階2） / Online, stage 2"
        ONLINE_STAGE3 = "online_stage3", "オンライン化済み手続数（段階3） / Online, stage 3"

    class Direction(models.TextChoices):
        UP = "up", "増やす / Increase"
        DOWN = "down", "減らす / Decrease"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField("指標 / Indicator", max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    unit = models.CharField("単位 / Unit", max_length=30, blank=True)
    baseline_year = models.PositiveIntegerField("基準年度 / Baseline FY")
    baseline_value = models.DecimalField("基準値 / Baseline", max_digits=18, decimal_places=3)
    target_year = models.PositiveIntegerField("目標年度 / Target FY")
    target_value = models.DecimalField("目標値 / Target", max_digits=18, decimal_places=3)
    direction = models.CharField("方向 / Direction", max_length=4, choices=Direction.choices, default=Direction.UP)
    source = models.CharField("計測方法 / Measured by", max_length=20, choices=Source.choices, default=Source.MANUAL)
    is_demo = models.BooleanField("デモ用の仮の値 / Demo value", default=False)
    note = models.CharField("備考 / Note", max_length=500, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class KpiActual(models.Model):
    """A KPI's value in one fiscal year."""

    class Origin(models.TextChoices):
        MANUAL = "manual", "手入力 / Entered"
        AUTO = "auto", "自動計測 / Measured"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="actuals")
    fiscal_year = models.PositiveIntegerField("年度 / Fiscal year")
    value = models.DecimalField("実績値 / Actual", max_digits=18, decimal_places=3)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    note = models.CharField("備考 / Note", max_length=500, blank=True)
    recorded = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["kpi", "fiscal_year"], name="plan_kpi_one_actual_per_year")]


class Review(models.Model):
    """A yearly PDCA review of the plan (or of one measure), with comments."""

    class Rating(models.TextChoices):
        A = "A", "A：順調 / On track"
        B = "B", "B：概ね順調 / Mostly on track"
        C = "C", "C：遅れ / Behind"
        D = "D", "D：見直しが必要 / Needs rethinking"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews")
    fiscal_year = models.PositiveIntegerField("年度 / Fiscal year")
    rating = models.CharField("評価 / Rating", max_length=1, choices=Rating.choices)
    plan_text = models.TextField("Plan（計画）", blank=True)
    do_text = models.TextField("Do（実施）", blank=True)
    check_text = models.TextField("Check（評価）", blank=True)
    act_text = models.TextField("Action（改善）", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-created"]

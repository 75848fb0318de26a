"""Staff forms (labels are "日本語 / English"; templates show the page's language half)."""

from django import forms

from kanmin.catalog import permissions

from .departments import department_fields
from .models import Initiative, InventoryItem, Kpi, Measure, Pillar, Plan, Procedure, Review, ScheduleEntry, Status


class DepartmentModelForm(forms.ModelForm):
    """Adds a department choice limited to the organizations the user may edit."""

    organization = forms.ModelChoiceField(queryset=None, label="担当課 / Department")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = permissions.editable_organizations(user)
        self.fields["organization"].queryset = orgs
        self.order_fields(["name", "organization"])
        if self.instance.pk:
            self.initial["organization"] = orgs.filter(pk=self.instance.organization_id).first()

    def clean(self):
        data = super().clean()
        org, name = data.get("organization"), (data.get("name") or "").strip()
        if org and name:
            dup = type(self.instance).objects.filter(organization_id=org.pk, name=name).exclude(pk=self.instance.pk)
            if dup.exists():
                self.add_error("name", "同じ担当課に同じ名前のものがあります / This department already has one with that name.")
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        for key, value in department_fields(self.cleaned_data["organization"]).items():
            setattr(obj, key, value)
        if commit:
            obj.save()
        return obj


class InventoryItemForm(DepartmentModelForm):
    class Meta:
        model = InventoryItem
        fields = ["name", "description", "data_format", "update_frequency", "has_personal_info", "external_use_allowed",
                  "legal_basis", "decision", "decision_reason", "planned_date", "fiscal_year"]
        widgets = {"planned_date": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3}),
                   "decision_reason": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("decision") == InventoryItem.Decision.CLOSED and not (data.get("decision_reason") or "").strip():
            self.add_error("decision_reason", "「公開不可」の場合は理由を書いてください / Give a reason when the decision is \"closed\".")
        return data


class ProcedureForm(DepartmentModelForm):
    class Meta:
        model = Procedure
        fields = ["name", "legal_basis", "yearly_volume", "needs_identity", "needs_fee", "needs_attachments", "face_to_face", "online_now", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = forms.FileField(label="ファイル（Excel .xlsx または CSV） / File (Excel .xlsx or CSV)")


class PublishForm(forms.Form):
    title = forms.CharField(label="データセットのタイトル / Dataset title", max_length=300)


class PlanForm(forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, required=False, label="所管課 / Responsible department")

    class Meta:
        model = Plan
        fields = ["slug", "title", "title_en", "municipality", "start_year", "end_year", "description", "published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = permissions.editable_organizations(user)
        # Only site admins may create a plan no department can edit.
        self.fields["organization"].required = not (user and user.is_superuser)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and start > end:
            self.add_error("end_year", "終了年度が開始年度より前です / The last year is before the first year.")
        return data

    def save(self, commit=True):
        plan = super().save(commit=False)
        org = self.cleaned_data.get("organization")
        plan.organization_id = org.pk if org else None
        if commit:
            plan.save()
        return plan


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, label="状況 / Status")


class ActualForm(forms.Form):
    """A KPI's value for one fiscal year (replaces an earlier value of that year)."""

    kpi = forms.ModelChoiceField(queryset=None, label="指標 / Indicator")
    fiscal_year = forms.IntegerField(label="年度 / Fiscal year", min_value=1900, max_value=2200)
    value = forms.DecimalField(label="実績値 / Actual", max_digits=18, decimal_places=3)
    note = forms.CharField(label="備考 / Note", max_length=500, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["kpi"].queryset = Kpi.objects.filter(plan=plan)

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if self.plan and not (self.plan.start_year - 10 <= year <= self.plan.end_year + 5):
            raise forms.ValidationError("計画期間に近い年度を入力してください / Use a fiscal year near the plan period.")
        return year


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["fiscal_year", "measure", "rating", "plan_text", "do_text", "check_text", "act_text"]
        widgets = {k: forms.Textarea(attrs={"rows": 2}) for k in ("plan_text", "do_text", "check_text", "act_text")}
        labels = {"measure": "対象の施策（空欄は計画全体） / Measure (blank: whole plan)"}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(pillar__plan=plan)
        self.fields["measure"].required = False


# --- plan structure (added by editors of the plan's department) ------------------------------------


class PillarForm(forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["position", "title", "title_en"]
        labels = {"position": "並び順 / Order", "title_en": "英語名 / English title"}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["pillar", "position", "code", "title", "title_en", "owner", "status", "description"]
        labels = {"pillar": "柱 / Pillar", "position": "並び順 / Order", "title_en": "英語名 / English title"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = Pillar.objects.filter(plan=plan)


class InitiativeForm(forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, required=False, label="担当課（組織） / Department (organization)")

    class Meta:
        model = Initiative
        fields = ["measure", "position", "title", "organization", "owner", "start_year", "end_year", "status"]
        labels = {"measure": "施策 / Measure", "position": "並び順 / Order", "owner": "担当（表示名） / Owner (as shown)"}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(pillar__plan=plan)
        orgs = permissions.editable_organizations(user)
        self.fields["organization"].queryset = orgs
        if self.instance.pk and self.instance.organization_id:
            self.initial["organization"] = orgs.filter(pk=self.instance.organization_id).first()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and start > end:
            self.add_error("end_year", "終了年度が開始年度より前です / The last year is before the first year.")
        if not data.get("owner") and data.get("organization"):
            data["owner"] = data["organization"].title
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        org = self.cleaned_data.get("organization")
        if org is not None:
            obj.organization_id = org.pk
        if commit:
            obj.save()
        return obj


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduleEntry
        fields = ["initiative", "fiscal_year", "planned", "result"]
        labels = {"initiative": "取組 / Initiative"}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.filter(measure__pillar__plan=plan)

    def clean(self):
        """Report a second entry for the same year in both languages (before the model's constraint check)."""
        data = super().clean()
        dup = ScheduleEntry.objects.filter(initiative=data.get("initiative"), fiscal_year=data.get("fiscal_year")).exclude(pk=self.instance.pk)
        if data.get("initiative") and dup.exists():
            self.add_error("fiscal_year", "この年度の予定は登録済みです（編集してください） / This year already has an entry; edit it instead.")
        return data


class KpiForm(forms.ModelForm):
    class Meta:
        model = Kpi
        fields = ["measure", "position", "name", "name_en", "unit", "baseline_year", "baseline_value", "target_year", "target_value",
                  "direction", "source", "note"]
        labels = {"measure": "施策 / Measure", "position": "並び順 / Order", "name_en": "英語名 / English name"}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(pillar__plan=plan)
        self.fields["measure"].required = False

    def clean(self):
        data = super().clean()
        if data.get("baseline_year") and data.get("target_year") and data["baseline_year"] > data["target_year"]:
            self.add_error("target_year", "目標年度が基準年度より前です / The target year is before the baseline year.")
        return data


STRUCTURE_FORMS = {"pillar": PillarForm, "measure": MeasureForm, "initiative": InitiativeForm, "schedule": ScheduleForm, "kpi": KpiForm}

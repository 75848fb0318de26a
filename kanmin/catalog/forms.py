"""Validation shared by the staff UI and the API (which maps CKAN dicts onto these forms)."""

from django import forms

from .models import Dataset, Group, Organization, Resource


class DatasetForm(forms.ModelForm):
    tag_string = forms.CharField(required=False, label="タグ / Tags (comma separated)")

    class Meta:
        model = Dataset
        fields = [
            "name", "title", "notes", "organization", "license_id", "groups", "update_frequency",
            "contact_name", "contact_email", "spatial", "temporal_start", "temporal_end", "url",
            "version", "author", "attribution", "private", "state",
        ]
        labels = {
            "name": "URL 名 / Name (slug)",
            "title": "タイトル / Title",
            "notes": "説明 / Description",
            "organization": "組織 / Organization",
            "license_id": "ライセンス / Licence",
            "groups": "分類 / Categories",
            "update_frequency": "更新頻度 / Update frequency",
            "contact_name": "問い合わせ先 / Contact",
            "contact_email": "問い合わせメール / Contact e-mail",
            "spatial": "対象地域 / Spatial coverage",
            "temporal_start": "対象期間（開始） / Temporal start",
            "temporal_end": "対象期間（終了） / Temporal end",
            "url": "関連 URL / Source URL",
            "version": "版 / Version",
            "author": "作成者 / Author",
            "attribution": "出典表記 / Attribution",
            "private": "非公開 / Private",
            "state": "状態 / State",
        }
        widgets = {
            "temporal_start": forms.DateInput(attrs={"type": "date"}),
            "temporal_end": forms.DateInput(attrs={"type": "date"}),
            "groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        self.fields["state"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["tag_string"] = ", ".join(self.instance.tags.values_list("name", flat=True))

    def clean_state(self):
        return self.cleaned_data.get("state") or Dataset.State.ACTIVE

    def clean(self):
        data = super().clean()
        start, end = data.get("temporal_start"), data.get("temporal_end")
        if start and end and start > end:
            self.add_error("temporal_end", "終了日が開始日より前です / The end date is before the start date.")
        return data

    def tag_names(self) -> list[str]:
        raw = self.cleaned_data.get("tag_string") or ""
        return sorted({t.strip() for t in raw.replace("、", ",").split(",") if t.strip()})


class ResourceForm(forms.ModelForm):
    upload = forms.FileField(required=False, label="ファイル / File")

    class Meta:
        model = Resource
        fields = ["name", "description", "url", "format"]
        labels = {
            "name": "名前 / Name",
            "description": "説明 / Description",
            "url": "URL（リンクの場合） / URL (for a link)",
            "format": "形式 / Format",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["format"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("upload") and not data.get("url") and not self.instance.pk:
            raise forms.ValidationError("ファイルかURLを指定してください / Upload a file or give a URL.")
        return data


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "title", "title_en", "description", "email"]


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "title", "title_en", "description"]

"""Staff forms: the form builder (form settings + a row per field and per attachment)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import schema
from .models import IdentityLevel

TYPE_CHOICES = [
    ("text", _("1行テキスト")), ("textarea", _("複数行テキスト")), ("number", _("数値")), ("date", _("日付")),
    ("select", _("選択肢")), ("checkbox", _("チェックボックス")), ("email", _("メールアドレス")), ("tel", _("電話番号")),
    ("postal_code", _("郵便番号")),
]
PREFILL_CHOICES = [("", _("なし"))] + [(c, c) for c in schema.PREFILL_CLAIMS]


class FormSettingsForm(forms.Form):
    slug = forms.SlugField(label=_("識別名（英数字・URL に使います）"), max_length=80)
    title = forms.CharField(label=_("フォーム名"), max_length=200)
    title_en = forms.CharField(label=_("フォーム名（英語）"), max_length=200, required=False)
    procedure_id = forms.ChoiceField(label=_("手続き台帳の手続"), required=False)
    department = forms.ChoiceField(label=_("担当部署"))
    description = forms.CharField(label=_("説明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description_en = forms.CharField(label=_("説明（英語）"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    identity_level = forms.ChoiceField(label=_("本人確認"), choices=IdentityLevel.choices)
    fee = forms.IntegerField(label=_("手数料（円）"), min_value=0, initial=0)
    keywords = forms.CharField(label=_("検索キーワード（空白区切り）"), max_length=300, required=False)
    published = forms.BooleanField(label=_("公開する"), required=False)

    def __init__(self, *args, departments=(), procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "---")] + list(departments)
        self.fields["procedure_id"].choices = [("", _("（台帳と紐付けない）"))] + [
            (p["id"], f"{p['name']}（{p.get('department_title') or p.get('department', '')}）") for p in procedures]


class FieldRowForm(forms.Form):
    key = forms.CharField(label=_("キー"), max_length=40, required=False)
    label = forms.CharField(label=_("表示名"), max_length=200, required=False)
    label_en = forms.CharField(label=_("表示名（英語）"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("型"), choices=TYPE_CHOICES, initial="text", required=False)
    required = forms.BooleanField(label=_("必須"), required=False)
    choices = forms.CharField(label=_("選択肢（1行に「値|日本語|English」）"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    pattern = forms.CharField(label=_("入力パターン（正規表現）"), max_length=200, required=False)
    max_length = forms.IntegerField(label=_("最大文字数"), min_value=1, max_value=10000, required=False)
    prefill = forms.ChoiceField(label=_("自動入力元"), choices=PREFILL_CHOICES, required=False)
    help = forms.CharField(label=_("説明文"), max_length=300, required=False)

    def spec(self) -> dict | None:
        d = self.cleaned_data
        if not d or not d.get("key"):
            return None
        out = {k: d[k] for k in ("key", "label", "label_en", "type", "required", "pattern", "prefill", "help") if d.get(k) not in (None, "")}
        out["required"] = bool(d.get("required"))
        out["type"] = d.get("type") or "text"
        if d.get("max_length"):
            out["max_length"] = d["max_length"]
        if d.get("choices"):
            out["choices"] = [[p.strip() for p in line.split("|")] for line in d["choices"].splitlines() if line.strip()]
        return out

    @staticmethod
    def initial_from(spec: dict) -> dict:
        initial = dict(spec)
        if spec.get("choices"):
            initial["choices"] = "\n".join("|".join(c) for c in spec["choices"])
        return initial


class AttachmentRowForm(forms.Form):
    key = forms.CharField(label=_("キー"), max_length=40, required=False)
    label = forms.CharField(label=_("書類名"), max_length=200, required=False)
    label_en = forms.CharField(label=_("書類名（英語）"), max_length=200, required=False)
    types = forms.MultipleChoiceField(label=_("受け付ける形式"), choices=[("pdf", "PDF"), ("png", "PNG"), ("jpeg", "JPEG")],
                                      widget=forms.CheckboxSelectMultiple, required=False, initial=["pdf", "png", "jpeg"])
    max_mb = forms.FloatField(label=_("上限サイズ（MB）"), min_value=0.1, max_value=50, initial=10, required=False)
    required = forms.BooleanField(label=_("必須"), required=False, initial=True)
    waive_level = forms.ChoiceField(label=_("市が保有する情報で確認できる場合は不要"), required=False,
                                    choices=[("", _("常に必要")), ("login", _("ログイン時は不要")), ("strong", _("マイナンバーカード等で本人確認した場合は不要"))])

    def spec(self) -> dict | None:
        d = self.cleaned_data
        if not d or not d.get("key"):
            return None
        out = {"key": d["key"], "label": d.get("label") or d["key"], "label_en": d.get("label_en", ""), "types": d.get("types") or ["pdf", "png", "jpeg"],
               "max_mb": d.get("max_mb") or 10, "required": bool(d.get("required"))}
        if d.get("waive_level"):
            out["waive_level"] = d["waive_level"]
        return out


FieldFormSet = forms.formset_factory(FieldRowForm, extra=2, can_delete=True, can_order=True)
AttachmentFormSet = forms.formset_factory(AttachmentRowForm, extra=1, can_delete=True)


class CounterStartForm(forms.Form):
    form_slug = forms.ChoiceField(label=_("手続"))
    id_checked = forms.ChoiceField(label=_("窓口での本人確認"), choices=[
        ("none", _("本人確認なし")), ("document", _("本人確認書類（運転免許証等）を確認した")), ("mynumber", _("マイナンバーカードを確認した"))])
    note = forms.CharField(label=_("メモ（確認した書類など）"), max_length=200, required=False)

    def __init__(self, *args, forms_qs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_slug"].choices = [(f.slug, f.title) for f in forms_qs]

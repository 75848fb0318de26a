"""Forms of the de-identification pages (labels are bilingual like the catalog's forms)."""

from django import forms

from . import engine, hierarchies
from .models import PrivacyRelease


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label="組織 / Organization")
    title = forms.CharField(max_length=200, label="名称 / Title")
    mode = forms.ChoiceField(choices=PrivacyRelease.Mode.choices, label="加工の方法 / Method")
    source_description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="元データの説明 / Source description",
    )
    inventory_item_id = forms.CharField(
        required=False, max_length=100, label="データ棚卸しの項目ID / Inventory item id",
        help_text="棚卸しで個人情報ありとされた項目と結び付けます / Links the release to the data inventory item.",
    )
    upload = forms.FileField(label="個人データを含む表（CSV・Excel） / Table with personal data (CSV, Excel)")
    sheet = forms.CharField(required=False, max_length=100, label="シート名（Excel） / Sheet (Excel)")

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


def _lang_label(pair, lang):
    return pair[1] if lang == "en" else pair[0]


class KanonForm(forms.Form):
    """One role/hierarchy/value-map triple per column, plus k, ℓ and the suppression limit."""

    k = forms.IntegerField(min_value=2, initial=5, label="k（同じ組合せの最小人数） / k (minimum class size)")
    l = forms.IntegerField(min_value=1, initial=1, label="ℓ（機微な属性の最小種類数） / ℓ (distinct sensitive values)")
    max_suppression = forms.DecimalField(
        min_value=0, max_value=50, initial=5, decimal_places=2,
        label="最大削除率（%） / Maximum records suppressed (%)",
    )

    def __init__(self, *args, columns=(), lang="ja", **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        roles = [(key, _lang_label(pair, lang)) for key, pair in engine.ROLES.items()]
        kinds = [("", "—")] + [(key, _lang_label(pair, lang)) for key, pair in hierarchies.KINDS.items()]
        for i, column in enumerate(self.columns):
            self.fields[f"role_{i}"] = forms.ChoiceField(choices=roles, initial=engine.ROLE_DROP, label=column)
            self.fields[f"hier_{i}"] = forms.ChoiceField(choices=kinds, required=False, label=column)
            self.fields[f"map_{i}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2, "placeholder": "値=区分"}), label=column,
            )

    def rows(self):
        return [(i, c, self[f"role_{i}"], self[f"hier_{i}"], self[f"map_{i}"]) for i, c in enumerate(self.columns)]

    def parameters(self) -> dict:
        data = self.cleaned_data
        roles, kinds, maps = {}, {}, {}
        for i, column in enumerate(self.columns):
            roles[column] = data[f"role_{i}"]
            if data[f"role_{i}"] == engine.ROLE_QI:
                kinds[column] = data[f"hier_{i}"] or "suppress"
                if data[f"map_{i}"].strip():
                    maps[column] = data[f"map_{i}"]
        return {
            "roles": roles, "hierarchies": kinds, "value_maps": maps, "k": data["k"], "l": data["l"],
            "max_suppression": float(data["max_suppression"]) / 100,
        }

    @classmethod
    def initial_from(cls, columns, parameters: dict) -> dict:
        initial = {}
        if not parameters:
            for i, column in enumerate(columns):
                role, kind = suggest(column)
                initial[f"role_{i}"], initial[f"hier_{i}"] = role, kind
            return initial
        for i, column in enumerate(columns):
            initial[f"role_{i}"] = parameters.get("roles", {}).get(column, engine.ROLE_DROP)
            initial[f"hier_{i}"] = parameters.get("hierarchies", {}).get(column, "")
            initial[f"map_{i}"] = parameters.get("value_maps", {}).get(column, "")
        initial["k"], initial["l"] = parameters.get("k", 5), parameters.get("l", 1)
        initial["max_suppression"] = round(parameters.get("max_suppression", 0.05) * 100, 2)
        return initial


SUGGESTIONS = [
    (("年齢", "age"), engine.ROLE_QI, "age"),
    (("生年月日", "日付", "年月日", "date", "birth"), engine.ROLE_QI, "date"),
    (("郵便番号", "〒", "postal", "zip"), engine.ROLE_QI, "postal"),
    (("住所", "町名", "町丁", "地区", "address", "town"), engine.ROLE_QI, "address"),
    (("性別", "sex", "gender"), engine.ROLE_QI, "suppress"),
    (("氏名", "名前", "フリガナ", "ふりがな", "電話", "メール", "mail", "name", "phone", "番号", "ID", "id"), engine.ROLE_DROP, ""),
]


def suggest(column: str) -> tuple[str, str]:
    """A first guess of a column's role from its name; staff always confirm it."""
    for words, role, kind in SUGGESTIONS:
        if any(w in column for w in words):
            return role, kind
    return engine.ROLE_DROP, ""


class AggregateForm(forms.Form):
    row_var = forms.ChoiceField(label="行（表側）の項目 / Row variable")
    col_var = forms.ChoiceField(label="列（表頭）の項目 / Column variable")
    threshold = forms.IntegerField(
        min_value=2, initial=3, label="秘匿の閾値（この数未満を χ） / Threshold (cells below are shown as χ)",
    )

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.fields["row_var"].choices = choices
        self.fields["col_var"].choices = choices

    def parameters(self) -> dict:
        return dict(self.cleaned_data)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "承認する / Approve"), ("reject", "差し戻す / Send back")],
        widget=forms.RadioSelect, label="審査結果 / Decision",
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="コメント / Comment")


class PublishForm(forms.Form):
    name = forms.SlugField(max_length=100, label="データセットの URL 名 / Dataset name (slug)")
    title = forms.CharField(max_length=300, label="データセットのタイトル / Dataset title")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="説明 / Description")

"""Forms for citizens (requests, apps, subscriptions) and staff (triage, review, alerts, dashboards).

Public forms carry a honeypot field and a signed time stamp (see :mod:`kanmin.engage.spam`);
every free-text field goes through :func:`kanmin.engage.text.clean_text`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kanmin.core.errors import UserError

from . import services, spam
from .models import AlertArea, App, Chart, Dashboard, DataRequest, Moderation
from .text import bilingual, clean_text, clean_url


class TextCleaningMixin:
    """Run clean_text on the listed char fields (links allowed only where listed)."""

    text_fields: tuple = ()
    no_link_fields: tuple = ()

    def clean(self):
        return self._clean_texts(super().clean())

    def _clean_texts(self, cleaned):
        for name in self.text_fields + self.no_link_fields:
            if name in cleaned and isinstance(cleaned[name], str):
                try:
                    cleaned[name] = clean_text(cleaned[name], links=name not in self.no_link_fields)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


class PublicForm(TextCleaningMixin, forms.Form):
    """Honeypot ``website`` (hidden from people) and a signed ``form_stamp``."""

    website = forms.CharField(required=False, label=_("この欄は空のままにしてください"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    form_stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_stamp"] = spam.new_stamp()

    def clean(self):
        try:
            spam.check_form(self.data)
        except UserError as exc:
            raise ValidationError(bilingual(exc.ja, exc.en)) from None
        return super().clean()


class DataRequestForm(PublicForm):
    title = forms.CharField(label=_("ほしいデータ（件名）"), max_length=200)
    body = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("どのようなデータが、どの範囲・形式で必要かを書いてください。"))
    purpose = forms.CharField(label=_("利用目的"), max_length=500, required=False)
    requester_name = forms.CharField(label=_("お名前・団体名（公開されません）"), max_length=100, required=False)
    email = forms.EmailField(label=_("メールアドレス（公開されません）"), max_length=254,
                             help_text=_("確認メールを送ります。回答もこのアドレスに届きます。"))
    text_fields = ("title", "body", "purpose")
    no_link_fields = ("requester_name",)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleImageField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def dataset_choices() -> list[tuple[str, str]]:
    """Public datasets as (id, title) for pickers."""
    result = services.catalog.search(None, rows=1000, sort="title_string asc")
    return [(str(d.pk), d.title) for d in result.results]


class AppForm(PublicForm):
    name = forms.CharField(label=_("アプリ・サービス名"), max_length=120)
    description = forms.CharField(label=_("説明"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    developer = forms.CharField(label=_("提供者（会社・団体・個人名）"), max_length=120)
    url = forms.CharField(label=_("URL"), max_length=500, help_text=_("アプリのページまたはストアのページ（https://…）"))
    platforms = forms.MultipleChoiceField(label=_("対応環境"), choices=App.PLATFORMS, widget=forms.CheckboxSelectMultiple)
    datasets = forms.MultipleChoiceField(label=_("使っているデータセット"), choices=(), widget=forms.CheckboxSelectMultiple)
    screenshots = MultipleImageField(label=_("スクリーンショット（任意・5 枚まで）"), required=False,
                                     help_text=_("PNG・JPEG・GIF・WebP、1 枚 3 MB まで。"))
    email = forms.EmailField(label=_("連絡先メールアドレス（公開されません）"), max_length=254)
    text_fields = ("description",)
    no_link_fields = ("name", "developer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datasets"].choices = dataset_choices()

    def clean_url(self):
        return clean_url(self.cleaned_data["url"])

    def clean_screenshots(self):
        files = self.cleaned_data.get("screenshots") or []
        if len(files) > services.MAX_SCREENSHOTS:
            raise ValidationError(bilingual(f"スクリーンショットは {services.MAX_SCREENSHOTS} 枚までです。",
                                            f"At most {services.MAX_SCREENSHOTS} screenshots."))
        return files


class SubscriptionForm(PublicForm):
    email = forms.EmailField(label=_("メールアドレス"), max_length=254)
    topics = forms.MultipleChoiceField(label=_("受け取る情報"), widget=forms.CheckboxSelectMultiple)
    area = forms.ModelChoiceField(label=_("地域（区・校区）"), queryset=AlertArea.objects.all(), required=False,
                                  empty_label=_("すべての地域"))

    def __init__(self, *args, lang="ja", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = services.topic_choices(lang)


# --- staff -------------------------------------------------------------------------------------


class TriageForm(TextCleaningMixin, forms.Form):
    moderation = forms.ChoiceField(label=_("公開"), choices=Moderation.choices)
    status = forms.ChoiceField(label=_("対応状況"), choices=DataRequest.Status.choices)
    response = forms.CharField(label=_("回答（依頼者に送信され、公開されます）"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    dataset = forms.CharField(label=_("公開したデータセット（名前・ID・URL）"), required=False, max_length=300)
    text_fields = ("response",)


class ReviewForm(TextCleaningMixin, forms.Form):
    moderation = forms.ChoiceField(label=_("掲載"), choices=Moderation.choices)
    certified = forms.BooleanField(label=_("市の公認アプリにする"), required=False)
    provider = forms.ChoiceField(label=_("提供者の種別"), choices=App.Provider.choices)
    note = forms.CharField(label=_("審査コメント（申請者に送信されます）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    text_fields = ("note",)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("certified") and cleaned.get("moderation") != Moderation.APPROVED:
            self.add_error("certified", bilingual("公認にするには掲載（公開）も選んでください。", "A certified app must also be approved."))
        return cleaned


class AlertForm(TextCleaningMixin, forms.Form):
    title = forms.CharField(label=_("件名"), max_length=200)
    body = forms.CharField(label=_("本文"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    topic = forms.ChoiceField(label=_("種類"))
    area = forms.ModelChoiceField(label=_("対象地域"), queryset=AlertArea.objects.all(), required=False, empty_label=_("全域"))
    dataset = forms.CharField(label=_("関連データセット（名前・ID・URL）"), required=False, max_length=300)
    text_fields = ("title", "body")

    def __init__(self, *args, lang="ja", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = services.topic_choices(lang)

    def clean_dataset(self):
        value = self.cleaned_data.get("dataset", "").strip()
        if not value:
            return ""
        try:
            return services.resolve_dataset(value)
        except UserError as exc:
            raise ValidationError(bilingual(exc.ja, exc.en)) from None


class AreaForm(TextCleaningMixin, forms.ModelForm):
    text_fields = ()
    no_link_fields = ("name", "name_en")

    class Meta:
        model = AlertArea
        fields = ["code", "name", "name_en", "kind"]
        labels = {"code": _("コード（英数字）"), "name": _("名称"), "name_en": _("名称（英語）"), "kind": _("種別")}


class ChartForm(TextCleaningMixin, forms.Form):
    title = forms.CharField(label=_("グラフの題名"), max_length=200)
    resource_id = forms.UUIDField(widget=forms.HiddenInput)
    chart_type = forms.ChoiceField(label=_("グラフの種類"), choices=Chart.Type.choices)
    label_column = forms.CharField(label=_("項目の列"), max_length=200)
    value_column = forms.CharField(label=_("値の列"), max_length=200, required=False)
    aggregation = forms.ChoiceField(label=_("集計方法"), choices=Chart.Aggregation.choices)
    no_link_fields = ("title",)


class DashboardForm(TextCleaningMixin, forms.ModelForm):
    charts = forms.ModelMultipleChoiceField(label=_("表示するグラフ"), queryset=Chart.objects.all(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    text_fields = ("description",)
    no_link_fields = ("title",)

    class Meta:
        model = Dashboard
        fields = ["slug", "title", "description", "published"]
        labels = {"slug": _("URL 名（英数字）"), "title": _("題名"), "description": _("説明"), "published": _("公開する")}

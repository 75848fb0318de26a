"""Forms of the public comment pages (labels bilingual like the catalog's forms)."""

from django import forms

from .models import Document, Submission

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label="担当課 / Department")
    title = forms.CharField(max_length=300, label="案件名 / Title")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="案の概要 / Summary")
    opens_at = forms.DateTimeField(widget=DATETIME, label="募集開始（日本時間） / Opens (JST)")
    closes_at = forms.DateTimeField(widget=DATETIME, label="締切（日本時間） / Closes (JST)")
    sections = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        label="意見の対象となる章・項目（1行に1つ） / Sections comments may concern (one per line)",
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "締切は募集開始より後にしてください / The closing time must be after the opening time.")
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, label="資料名 / Document title")
    kind = forms.ChoiceField(choices=Document.Kind.choices, label="種類 / Kind")
    upload = forms.FileField(label="ファイル（PDF・Word・Excel） / File (PDF, Word, Excel)")


class SubmitterFields(forms.Form):
    submitter_type = forms.ChoiceField(
        choices=Submission.SubmitterType.choices, widget=forms.RadioSelect, initial="person",
        label="提出者の区分 / You are",
    )
    name = forms.CharField(max_length=200, label="氏名（法人・団体の場合は名称） / Name (or corporation's name)")
    address = forms.CharField(max_length=300, label="住所（法人・団体の場合は所在地） / Address (or corporation's location)")
    representative = forms.CharField(
        max_length=200, required=False, label="代表者名（法人・団体の場合） / Representative (corporations)",
    )
    email = forms.EmailField(required=False, label="メールアドレス（任意） / E-mail (optional)")
    section = forms.ChoiceField(required=False, label="意見の対象となる項目 / Section concerned")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, label="ご意見 / Your comment")

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "（全体・特定しない） / (whole plan)")] + [(s, s) for s in sections]

    def clean(self):
        data = super().clean()
        if data.get("submitter_type") == "corporation" and not (data.get("representative") or "").strip():
            self.add_error("representative", "法人・団体の場合は代表者名を入力してください / Give the representative's name.")
        return data


class CommentForm(SubmitterFields):
    """The public web form; ``website`` is a honeypot that people never see or fill in."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = forms.CharField(required=False, label="ウェブサイト（入力しないでください） / Website (leave empty)")
    agree = forms.BooleanField(
        label="氏名・住所は公表されず、ご意見は個人情報を伏せたうえで公表されることに同意します / "
              "I understand my name and address are not published and my comment is published with personal data masked",
    )


class PaperForm(SubmitterFields):
    channel = forms.ChoiceField(
        choices=[c for c in Submission.Channel.choices if c[0] != "web"], label="受付方法 / Received by",
    )
    received_at = forms.DateTimeField(widget=DATETIME, label="受付日時（日本時間） / Received (JST)")
    field_order = ["channel", "received_at"]


class GroupForm(forms.Form):
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="意見の概要 / Summary of the comments")
    city_view = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="市の考え方 / The city's view")


class ResultForm(forms.Form):
    result_summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        label="結果の概要（提出件数・案の修正の有無など） / Outline of the result",
    )

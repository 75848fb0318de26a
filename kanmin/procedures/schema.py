"""Form definitions as data: checking a definition, and building a Django form from it.

A field is a dict::

    {"key": "name", "label": "氏名", "label_en": "Name", "type": "text", "required": true,
     "choices": [["a", "A", "A (en)"]], "pattern": "...", "max_length": 100, "prefill": "name",
     "help": "...", "help_en": "..."}

An attachment is ``{"key", "label", "label_en", "types": ["pdf", "png", "jpeg"], "max_mb": 10,
"required": true, "waive_level": "strong"}`` (``waive_level``: no upload needed when the applicant's
identity is at least that level, because the city already holds the data — e.g. 住民票の写し).
The server-side form built here is authoritative; browser attributes only help users.
"""

import re
import unicodedata

from django import forms
from django.core.validators import RegexValidator

from kanmin.core.errors import UserError

FIELD_TYPES = ("text", "number", "date", "select", "checkbox", "email", "tel", "postal_code", "textarea")
FILE_TYPES = ("pdf", "png", "jpeg")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PREFILL_CLAIMS = ("name", "name_kana", "address", "postal_code", "birthdate", "email", "phone_number", "gender")
AUTOCOMPLETE = {"name": "name", "address": "street-address", "postal_code": "postal-code", "birthdate": "bday",
                "email": "email", "phone_number": "tel"}


def nfkc(value: str) -> str:
    """Full-width digits and letters to half-width (people type ０９０ on phones)."""
    return unicodedata.normalize("NFKC", value or "").strip()


def _bad(ja: str, en: str) -> UserError:
    return UserError(ja, en, field="fields")


def clean_fields(fields) -> list[dict]:
    """Check and normalise a list of field specs; raise UserError on the first problem."""
    if not isinstance(fields, list):
        raise _bad("項目の定義が一覧になっていません。", "The field definition must be a list.")
    seen, out = set(), []
    for i, raw in enumerate(fields, 1):
        if not isinstance(raw, dict):
            raise _bad(f"{i} 番目の項目の形式が正しくありません。", f"Field {i} is not an object.")
        key = str(raw.get("key", "")).strip()
        if not KEY_RE.match(key):
            raise _bad(f"{i} 番目の項目キー「{key}」は英小文字で始まる英数字と _ にしてください。",
                       f"Field {i}: key '{key}' must be lowercase letters, digits and _ (starting with a letter).")
        if key in seen:
            raise _bad(f"項目キー「{key}」が重複しています。", f"Field key '{key}' is used twice.")
        seen.add(key)
        ftype = raw.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise _bad(f"項目「{key}」の型「{ftype}」は使えません。", f"Field '{key}': unknown type '{ftype}'.")
        label = str(raw.get("label", "")).strip()
        if not label:
            raise _bad(f"項目「{key}」に表示名がありません。", f"Field '{key}' has no label.")
        spec = {"key": key, "label": label, "label_en": str(raw.get("label_en", "")).strip(), "type": ftype,
                "required": bool(raw.get("required", False))}
        for opt in ("help", "help_en"):
            if raw.get(opt):
                spec[opt] = str(raw[opt])
        if ftype == "select":
            choices = raw.get("choices") or []
            norm = []
            for c in choices:
                if isinstance(c, str):
                    c = [c, c]
                if not isinstance(c, (list, tuple)) or not c or not str(c[0]).strip():
                    raise _bad(f"項目「{key}」の選択肢が正しくありません。", f"Field '{key}': invalid choice.")
                value = str(c[0]).strip()
                norm.append([value, str(c[1] if len(c) > 1 else value), str(c[2] if len(c) > 2 else (c[1] if len(c) > 1 else value))])
            if not norm:
                raise _bad(f"選択式の項目「{key}」に選択肢がありません。", f"Select field '{key}' has no choices.")
            spec["choices"] = norm
        if raw.get("pattern"):
            try:
                re.compile(raw["pattern"])
            except re.error:
                raise _bad(f"項目「{key}」の入力パターンが正規表現として正しくありません。", f"Field '{key}': the pattern is not a valid regular expression.") from None
            spec["pattern"] = str(raw["pattern"])
        if raw.get("max_length") not in (None, ""):
            try:
                spec["max_length"] = max(1, min(int(raw["max_length"]), 10000))
            except (TypeError, ValueError):
                raise _bad(f"項目「{key}」の最大文字数は数字にしてください。", f"Field '{key}': max length must be a number.") from None
        if raw.get("prefill"):
            if raw["prefill"] not in PREFILL_CLAIMS:
                raise _bad(f"項目「{key}」の自動入力元「{raw['prefill']}」は使えません。", f"Field '{key}': unknown prefill source '{raw['prefill']}'.")
            spec["prefill"] = raw["prefill"]
        out.append(spec)
    if not out:
        raise _bad("項目が一つもありません。", "The form has no fields.")
    return out


def clean_attachments(items) -> list[dict]:
    if not isinstance(items, list):
        raise UserError("添付書類の定義が一覧になっていません。", "Attachments must be a list.", field="attachments")
    seen, out = set(), []
    for raw in items:
        key = str(raw.get("key", "")).strip()
        if not KEY_RE.match(key) or key in seen:
            raise UserError(f"添付書類のキー「{key}」が不正か重複しています。", f"Attachment key '{key}' is invalid or repeated.", field="attachments")
        seen.add(key)
        types = [t.lower().replace("jpg", "jpeg") for t in (raw.get("types") or FILE_TYPES)]
        bad = [t for t in types if t not in FILE_TYPES]
        if bad:
            raise UserError(f"添付書類「{key}」のファイル形式 {bad} は受け付けられません（PDF, PNG, JPEG のみ）。",
                            f"Attachment '{key}': file types {bad} are not accepted (PDF, PNG, JPEG only).", field="attachments")
        try:
            max_mb = float(raw.get("max_mb") or 10)
        except (TypeError, ValueError):
            raise UserError("添付書類の上限サイズは数字にしてください。", "Attachment size limit must be a number.", field="attachments") from None
        spec = {"key": key, "label": str(raw.get("label") or key), "label_en": str(raw.get("label_en", "")),
                "types": types, "max_mb": max(0.1, min(max_mb, 50)), "required": bool(raw.get("required", True))}
        if raw.get("waive_level") in ("login", "strong"):
            spec["waive_level"] = raw["waive_level"]
        out.append(spec)
    return out


def label_of(spec: dict, lang: str) -> str:
    return (spec.get("label_en") or spec["label"]) if lang == "en" else spec["label"]


# --- Django forms --------------------------------------------------------------------------


class NormalizedCharField(forms.CharField):
    def to_python(self, value):
        return nfkc(super().to_python(value)) if value is not None else value


def _msg(lang, ja, en):
    return en if lang == "en" else ja


def build_field(spec: dict, lang: str = "ja", *, required: bool | None = None) -> forms.Field:
    """A Django form field for one spec. ``required=False`` is used for draft saves."""
    req = spec["required"] if required is None else required
    label = label_of(spec, lang)
    help_text = (spec.get("help_en") or spec.get("help", "")) if lang == "en" else spec.get("help", "")
    attrs = {}
    if spec.get("prefill") in AUTOCOMPLETE:
        attrs["autocomplete"] = AUTOCOMPLETE[spec["prefill"]]
    common = {"label": label, "required": req, "help_text": help_text,
              "error_messages": {"required": _msg(lang, f"「{label}」を入力してください。", f"Enter “{label}”.")}}
    t = spec["type"]
    max_length = spec.get("max_length")
    if t == "number":
        attrs["inputmode"] = "numeric"
        field = forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **common)
        field.error_messages["invalid"] = _msg(lang, f"「{label}」は数字で入力してください。", f"“{label}” must be a whole number.")
        return field
    if t == "date":
        field = forms.DateField(widget=forms.DateInput(attrs={"type": "date", **attrs}), input_formats=["%Y-%m-%d", "%Y/%m/%d"], **common)
        field.error_messages["invalid"] = _msg(lang, f"「{label}」は 2026-04-01 の形式で入力してください。", f"Enter “{label}” as 2026-04-01.")
        return field
    if t == "select":
        choices = [("", "---")] + [(c[0], c[2] if lang == "en" else c[1]) for c in spec["choices"]]
        field = forms.ChoiceField(choices=choices, **common)
        field.error_messages["invalid_choice"] = _msg(lang, f"「{label}」の選択肢から選んでください。", f"Choose one of the options for “{label}”.")
        return field
    if t == "checkbox":
        common["error_messages"]["required"] = _msg(lang, f"「{label}」にチェックを入れてください。", f"Tick “{label}”.")
        return forms.BooleanField(**common)
    if t == "email":
        field = forms.EmailField(max_length=max_length or 254, widget=forms.EmailInput(attrs={"autocomplete": "email", **attrs}), **common)
        field.error_messages["invalid"] = _msg(lang, f"「{label}」のメールアドレスの形式が正しくありません。", f"“{label}” is not a valid email address.")
        return field
    validators = []
    if t == "tel":
        attrs.update({"inputmode": "tel", "autocomplete": attrs.get("autocomplete", "tel")})
        validators.append(RegexValidator(r"^0\d{1,4}-?\d{1,4}-?\d{3,4}$", _msg(lang, f"「{label}」は 087-000-0000 のような電話番号で入力してください。", f"Enter “{label}” as a phone number like 087-000-0000.")))
        max_length = max_length or 15
    if t == "postal_code":
        attrs.update({"inputmode": "numeric", "autocomplete": "postal-code", "placeholder": "760-8571"})
        validators.append(RegexValidator(r"^\d{3}-?\d{4}$", _msg(lang, f"「{label}」は 760-8571 のような郵便番号で入力してください。", f"Enter “{label}” as a postal code like 760-8571.")))
        max_length = 8
    if spec.get("pattern"):
        validators.append(RegexValidator(spec["pattern"], _msg(lang, f"「{label}」の形式が正しくありません。", f"“{label}” is not in the expected format.")))
    widget = forms.Textarea(attrs={"rows": 4, **attrs}) if t == "textarea" else forms.TextInput(attrs={"type": "tel"} | attrs if t == "tel" else attrs)
    field = NormalizedCharField(max_length=max_length or (4000 if t == "textarea" else 200), widget=widget, validators=validators, **common)
    field.error_messages["max_length"] = _msg(lang, f"「{label}」は %(limit_value)d 文字以内で入力してください。", f"“{label}” must be at most %(limit_value)d characters.")
    return field


def build_form_class(fields: list[dict], lang: str = "ja", *, for_draft: bool = False, prefix_key: str = ""):
    """A Django Form class whose fields follow ``fields``; keys may be prefixed (bundles)."""
    attrs = {}
    for spec in fields:
        attrs[f"{prefix_key}{spec['key']}"] = build_field(spec, lang, required=False if for_draft else None)
    return type("ApplicationForm", (forms.Form,), attrs)


def to_json(value):
    """Cleaned form values to JSON-safe values (dates as ISO strings)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def display_value(spec: dict, value, lang: str = "ja") -> str:
    if value in (None, ""):
        return ""
    if spec["type"] == "checkbox":
        return ("Yes" if value else "No") if lang == "en" else ("はい" if value else "いいえ")
    if spec["type"] == "select":
        for c in spec.get("choices", []):
            if c[0] == value:
                return c[2] if lang == "en" else c[1]
    return str(value)

"""Checks for free text and links typed by the public: no markup, no scripts, no link spam.

Everything is escaped on output anyway; these checks make sure nothing is *stored* that looks like
markup or a script, and tell the sender clearly why the input was refused.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation

TAG = re.compile(r"<\s*[a-zA-Z!/?]|&#|&lt;", re.IGNORECASE)
SCRIPT_URL = re.compile(r"(javascript|vbscript|data)\s*:", re.IGNORECASE)
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MAX_LINKS = 3


def bilingual(ja: str, en: str) -> str:
    """The message in the language of the current page."""
    return en if translation.get_language() == "en" else ja


def clean_text(value: str, *, links: bool = True) -> str:
    """Normalize and validate one text field; raises ValidationError with a clear message."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").strip()
    if CONTROL.search(value):
        raise ValidationError(bilingual("使用できない制御文字が含まれています。", "The text contains control characters that are not allowed."))
    if TAG.search(value):
        raise ValidationError(bilingual(
            "HTML タグや「<」で始まる記号列は使えません。普通の文章で入力してください。",
            "HTML tags (text starting with '<') are not allowed; please write plain text.",
        ))
    if SCRIPT_URL.search(value):
        raise ValidationError(bilingual("スクリプトのリンク（javascript: など）は使えません。", "Script links (javascript: etc.) are not allowed."))
    found = len(LINK.findall(value))
    if not links and found:
        raise ValidationError(bilingual("この欄にはリンクを書けません。", "Links are not allowed in this field."))
    if found > MAX_LINKS:
        raise ValidationError(bilingual(
            f"リンクが多すぎます（{MAX_LINKS} 個まで）。", f"Too many links (at most {MAX_LINKS}).",
        ))
    return value


def clean_url(value: str) -> str:
    """An http(s) URL with a real host name, no credentials and no markup."""
    value = (value or "").strip()
    if not value:
        return value
    problem = bilingual(
        "URL が正しくありません。http:// または https:// で始まる、実在するサイトのアドレスを入力してください。",
        "The URL is not valid: enter a web address starting with http:// or https://.",
    )
    if CONTROL.search(value) or any(c in value for c in "<>\"' \\"):
        raise ValidationError(problem)
    try:
        URLValidator(schemes=["http", "https"])(value)
        parts = urlsplit(value)
    except (ValidationError, ValueError):
        raise ValidationError(problem) from None
    if parts.username or parts.password or not parts.hostname or "." not in parts.hostname.strip("."):
        raise ValidationError(problem)
    return value

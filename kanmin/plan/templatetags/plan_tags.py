"""Template filters: pick the current language from "日本語 / English" labels, fiscal-year labels."""

from django import template
from django.utils.translation import get_language

from kanmin.plan import fiscal

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


@register.filter
def pick(text) -> str:
    """``"公開可 / Can be published"`` → the half for the page's language."""
    text = str(text or "")
    if " / " not in text:
        return text
    ja, en = text.split(" / ", 1)
    return en if _lang() == "en" else ja


@register.filter
def fy(year) -> str:
    """``2026`` → ``2026年度（令和8年度）`` (``FY2026 (Reiwa 8)`` in English)."""
    try:
        return fiscal.label(int(year), _lang())
    except (TypeError, ValueError):
        return ""


@register.filter
def num(value) -> str:
    """Decimal with thousands separators and no trailing zeros."""
    if value is None or value == "":
        return "—"
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"


@register.filter
def yesno_mark(value) -> str:
    return "○" if value else "×"


@register.simple_tag
def bilingual(obj, field) -> str:
    """``obj.<field>_en`` on English pages when set, else ``obj.<field>``."""
    if _lang() == "en":
        en = getattr(obj, f"{field}_en", "")
        if en:
            return en
    return getattr(obj, field, "")

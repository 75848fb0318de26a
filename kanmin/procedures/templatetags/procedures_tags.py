"""Template helpers: pick one language from "日本語 / English" labels, pick bilingual model fields."""

from django import template

register = template.Library()


@register.filter
def bi(value, lang):
    """'受付 / Received' -> '受付' (ja) or 'Received' (en)."""
    text = str(value or "")
    if " / " not in text:
        return text
    ja, en = text.split(" / ", 1)
    return en if lang == "en" else ja


@register.filter
def title_in(obj, lang):
    return obj.title_for(lang)


@register.filter
def description_in(obj, lang):
    return obj.description_for(lang)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def yen(value):
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def status_label(value, lang):
    from kanmin.procedures.models import Application

    try:
        return bi(Application.Status(value).label, lang)
    except ValueError:
        return value

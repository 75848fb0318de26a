"""Template context shared by every page."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .hooks import nav_links
from .middleware import request_lang


def _links(audience, lang):
    out = []
    for url_name, ja, en in nav_links(audience):
        try:
            out.append((reverse(url_name), en if lang == "en" else ja))
        except NoReverseMatch:
            continue
    return out


def site(request):
    path = request.path_info
    if path.startswith("/en/") or path == "/en":
        other_path, other_lang = path[3:] or "/", "ja"
    else:
        other_path, other_lang = "/en" + path, "en"
    query = request.META.get("QUERY_STRING", "")
    if query:
        other_path += "?" + query
    lang = request_lang(request)
    return {
        "domain_nav": _links("public", lang),
        "staff_nav": _links("staff", lang),
        "site_name": settings.KANMIN_SITE_NAME_EN if lang == "en" else settings.KANMIN_SITE_NAME,
        "switch_language_url": other_path,
        "switch_language_code": other_lang,
    }

"""Template context shared by every page."""

from django.conf import settings


def site(request):
    path = request.path_info
    if path.startswith("/en/") or path == "/en":
        other_path, other_lang = path[3:] or "/", "ja"
    else:
        other_path, other_lang = "/en" + path, "en"
    query = request.META.get("QUERY_STRING", "")
    if query:
        other_path += "?" + query
    return {
        "site_name": settings.KANMIN_SITE_NAME,
        "switch_language_url": other_path,
        "switch_language_code": other_lang,
    }

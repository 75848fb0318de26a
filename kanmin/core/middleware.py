"""Language from the URL: ``/en/...`` is English, everything else Japanese (the default)."""

from django.utils import translation


def request_lang(request) -> str:
    """``"en"`` or ``"ja"``, as the middleware below set it for this request."""
    return "en" if getattr(request, "LANGUAGE_CODE", "ja") == "en" else "ja"


class PathLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = "en" if request.path_info == "/en" or request.path_info.startswith("/en/") else "ja"
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response


class UploadSizeLimitMiddleware:
    """Refuse request bodies over the upload limit before Django spools them to disk (HTTP 413)."""

    SLACK = 16 * 1024 * 1024  # form fields and multipart framing around the file

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse, JsonResponse

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit_mb = settings.KANMIN_MAX_UPLOAD_MB
        if length > limit_mb * 1024 * 1024 + self.SLACK:
            ja = f"送信データが大きすぎます（上限 {limit_mb} MB）。"
            en = f"The request is too large (limit {limit_mb} MB)."
            if request.path_info.startswith("/api/"):
                error = {"__type": "Validation Error", "message_ja": ja, "upload": [en]}
                return JsonResponse({"success": False, "error": error}, status=413)
            return HttpResponse(f"<!DOCTYPE html><html lang=\"ja\"><title>413</title><h1>{ja}</h1><p lang=\"en\">{en}</p></html>",
                                status=413, content_type="text/html; charset=utf-8")
        return self.get_response(request)

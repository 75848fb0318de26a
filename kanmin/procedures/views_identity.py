"""Citizen login and logout (OpenID Connect, My Number card adapter)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from .identity import current_citizen, login_citizen, logout_citizen, providers
from .identity import jpki
from .webutil import user_error

NEXT_KEY = "procedures_login_next"


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return reverse("procedures:index")


def login(request):
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    return render(request, "procedures/login.html", {"providers": providers(), "citizen": current_citizen(request),
                                                     "expired": getattr(request, "procedures_session_expired", False), "lang": request_lang(request)})


def oidc_begin(request):
    provider = providers().get("oidc")
    if provider is None:
        messages.error(request, _("このログイン方法は設定されていません。"))
        return redirect("procedures:login")
    try:
        with translation.override("ja"):  # one callback URL to register with the provider, whatever the page language
            callback = reverse("procedures:oidc_callback")
        return provider.begin(request, request.build_absolute_uri(callback))
    except UserError as exc:
        user_error(request, exc)
        return redirect("procedures:login")


def _finish(request, identity):
    citizen = login_citizen(request, identity)
    messages.success(request, _("%(name)s さんとしてログインしました。") % {"name": citizen.claims.get("name") or _("利用者")})
    return redirect(_safe_next(request, request.session.pop(NEXT_KEY, "")))


def oidc_callback(request):
    provider = providers().get("oidc")
    if provider is None:
        return redirect("procedures:login")
    nxt = request.session.get(NEXT_KEY, "")
    try:
        identity = provider.complete(request)
    except UserError as exc:
        user_error(request, exc)
        return redirect(f"{reverse('procedures:login')}?next={nxt}")
    request.session[NEXT_KEY] = nxt
    return _finish(request, identity)


def jpki_login(request):
    provider = providers().get("jpki")
    if provider is None:
        messages.error(request, _("このログイン方法は設定されていません。"))
        return redirect("procedures:login")
    adapter = jpki.adapter()
    if request.method == "POST":
        nxt = request.session.get(NEXT_KEY, "")
        try:
            identity = provider.complete(request)
        except UserError as exc:
            user_error(request, exc)
            return redirect("procedures:jpki_login")
        request.session[NEXT_KEY] = nxt
        return _finish(request, identity)
    request.session["procedures_jpki_challenge"] = adapter.challenge(request)
    return render(request, "procedures/jpki_login.html", {"fake": adapter.fake})


@require_POST
def logout(request):
    logout_citizen(request)
    messages.success(request, _("ログアウトしました。"))
    return redirect("procedures:index")

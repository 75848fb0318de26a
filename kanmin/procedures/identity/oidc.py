"""OpenID Connect login with authlib's Django client.

Configure with ``settings.KANMIN_OIDC`` (a dict) or the environment::

    KANMIN_OIDC_ISSUER=https://id.example.lg.jp   # discovery at <issuer>/.well-known/openid-configuration
    KANMIN_OIDC_CLIENT_ID=kanmin
    KANMIN_OIDC_CLIENT_SECRET=...
    KANMIN_OIDC_STRONG_ACR=urn:jpki                # optional: an ``acr`` that counts as strong assurance
"""

import os
from functools import lru_cache

from django.conf import settings

from kanmin.core.errors import UserError

from ..models import IdentityLevel
from .base import Identity, IdentityProvider

SCOPES = "openid profile email address phone"


def config() -> dict | None:
    conf = getattr(settings, "KANMIN_OIDC", None)
    if conf:
        return conf
    issuer = os.environ.get("KANMIN_OIDC_ISSUER")
    if not issuer:
        return None
    return {
        "issuer": issuer,
        "client_id": os.environ.get("KANMIN_OIDC_CLIENT_ID", ""),
        "client_secret": os.environ.get("KANMIN_OIDC_CLIENT_SECRET", ""),
        "strong_acr": os.environ.get("KANMIN_OIDC_STRONG_ACR", ""),
        "label": os.environ.get("KANMIN_OIDC_LABEL", ""),
    }


@lru_cache(maxsize=8)
def _client(issuer: str, client_id: str, client_secret: str):
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    oauth.register(
        name="citizen",
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_id=client_id,
        client_secret=client_secret,
        client_kwargs={"scope": SCOPES, "timeout": 10},
    )
    return oauth.create_client("citizen")


def client():
    conf = config()
    return _client(conf["issuer"], conf["client_id"], conf.get("client_secret", ""))


def claims_from(userinfo: dict) -> dict:
    """Keep the claims forms can use; flatten the OIDC ``address`` object."""
    out = {k: userinfo[k] for k in ("name", "email", "phone_number", "birthdate", "gender") if userinfo.get(k)}
    kana = userinfo.get("name_kana") or userinfo.get("name#ja-Kana-JP")
    if kana:
        out["name_kana"] = kana
    address = userinfo.get("address")
    if isinstance(address, dict):
        if address.get("formatted"):
            out["address"] = address["formatted"]
        else:
            out["address"] = "".join(address.get(k, "") for k in ("region", "locality", "street_address"))
        if address.get("postal_code"):
            out["postal_code"] = address["postal_code"]
    elif isinstance(address, str) and address:
        out["address"] = address
    return out


class OIDCProvider(IdentityProvider):
    name = "oidc"
    label_ja = "ID でログイン（OpenID Connect）"
    label_en = "Log in with your ID (OpenID Connect)"
    level = IdentityLevel.LOGIN

    def enabled(self) -> bool:
        return config() is not None

    def begin(self, request, callback_url: str):
        try:
            return client().authorize_redirect(request, callback_url)
        except Exception as exc:  # noqa: BLE001 - network or metadata errors
            raise UserError("ログイン先に接続できませんでした。時間をおいて再度お試しください。",
                            "Could not reach the login service; try again later.") from exc

    def complete(self, request) -> Identity:
        if request.GET.get("error"):
            raise UserError("ログインが取り消されたか、失敗しました。", "The login was cancelled or failed.")
        try:
            token = client().authorize_access_token(request)
        except Exception as exc:  # noqa: BLE001 - state mismatch, bad signature, network
            raise UserError("ログインを確認できませんでした。もう一度ログインしてください。",
                            "The login could not be verified; please log in again.") from exc
        userinfo = token.get("userinfo") or {}
        if not userinfo.get("sub"):
            raise UserError("ログイン情報に利用者 ID がありません。", "The login response has no subject.")
        conf = config()
        level = IdentityLevel.STRONG if conf.get("strong_acr") and userinfo.get("acr") == conf["strong_acr"] else IdentityLevel.LOGIN
        return Identity(provider=f"oidc:{userinfo.get('iss', conf['issuer'])}", subject=str(userinfo["sub"]), level=level, claims=claims_from(userinfo))

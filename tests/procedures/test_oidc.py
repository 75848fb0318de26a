"""OpenID Connect login against a local provider started in the test (real HTTP, RS256 id_token)."""

from urllib.parse import urlparse

import pytest
import requests
from joserfc.jwk import RSAKey

from kanmin.procedures import applications
from kanmin.procedures.models import Application, CitizenIdentity

from .oidc_provider import LocalOIDCProvider

pytestmark = pytest.mark.django_db

CLAIMS = {"sub": "citizen-0001", "name": "高松 花子", "birthdate": "1990-04-01", "email": "hanako@example.jp",
          "address": {"formatted": "香川県高松市番町一丁目8番15号", "postal_code": "760-8571"}}


@pytest.fixture
def provider(settings):
    with LocalOIDCProvider(CLAIMS) as p:
        settings.KANMIN_OIDC = {"issuer": p.issuer, "client_id": p.client_id, "client_secret": p.client_secret}
        yield p


def _login(client, next_url="/procedures/"):
    client.get("/procedures/login/", {"next": next_url})
    r = client.get("/procedures/login/oidc/")
    assert r.status_code == 302
    authorize = r["Location"]
    assert authorize.startswith(client.oidc_issuer + "/authorize?")
    back = requests.get(authorize, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlparse(back.headers["Location"])
    assert callback.path == "/procedures/login/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_oidc_login_prefills_the_form(client, provider, make_form):
    client.oidc_issuer = provider.issuer
    form = make_form(identity_level="login", attachments=[])
    r = _login(client, next_url=f"/procedures/f/{form.slug}/")
    assert r.status_code == 302 and r["Location"] == f"/procedures/f/{form.slug}/"
    assert provider.token_requests == 1
    citizen = CitizenIdentity.objects.get()
    assert citizen.subject == "citizen-0001" and citizen.level == "login" and citizen.provider == f"oidc:{provider.issuer}"
    assert citizen.claims["address"] == "香川県高松市番町一丁目8番15号" and citizen.claims["postal_code"] == "760-8571"
    page = client.get(r["Location"]).content.decode()
    assert "高松 花子" in page
    r = client.post(f"/procedures/f/{form.slug}/start/")
    app = Application.objects.get()
    assert app.citizen == citizen and app.data["name"] == "高松 花子" and app.data["birthdate"] == "1990-04-01"
    assert app.data["address"] == "香川県高松市番町一丁目8番15号"
    assert "ログイン情報から入力済み" in client.get(r["Location"]).content.decode()
    # logging out ends the citizen session
    client.post("/procedures/logout/")
    assert client.get(f"/procedures/a/{app.pk}/").status_code == 302


def test_forged_id_token_is_refused(client, provider):
    client.oidc_issuer = provider.issuer
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})  # not the published key
    r = _login(client)
    assert r.status_code == 302 and "/procedures/login/" in r["Location"]
    assert not CitizenIdentity.objects.exists()


def test_replayed_callback_is_refused(client, provider):
    client.oidc_issuer = provider.issuer
    client.get("/procedures/login/")
    authorize = client.get("/procedures/login/oidc/")["Location"]
    back = urlparse(requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"])
    assert client.get(f"{back.path}?{back.query}")["Location"] == "/procedures/"
    client.post("/procedures/logout/")
    again = client.get(f"{back.path}?{back.query}")  # state already used, code single-use
    assert "/procedures/login/" in again["Location"]


def test_fake_jpki_adapter_gives_strong_identity(client, make_form):
    """The JPKI adapter here is the FAKE one (no card reader); it stands in for the real interface."""
    form = make_form(identity_level="strong", attachments=[])
    assert client.get(f"/procedures/f/{form.slug}/").content.decode().count("マイナンバーカード") >= 1
    page = client.get("/procedures/login/jpki/").content.decode()
    assert "FakeJPKIAdapter" in page
    r = client.post("/procedures/login/jpki/", {"name": "高松 一郎", "birthdate": "1970-01-01", "address": "高松市"})
    assert r.status_code == 302
    citizen = CitizenIdentity.objects.get(provider="jpki-fake")
    assert citizen.level == "strong"
    client.post(f"/procedures/f/{form.slug}/start/")
    assert Application.objects.get().identity_level == "strong"


def test_login_level_cannot_start_a_strong_form(client, make_form):
    import time

    form = make_form(identity_level="strong", attachments=[])
    citizen = CitizenIdentity.objects.create(provider="oidc:x", subject="1", level="login", claims={})
    session = client.session
    session["procedures_citizen"] = {"id": str(citizen.pk), "level": "login", "seen": time.time()}
    session.save()
    r = client.post(f"/procedures/f/{form.slug}/start/")
    assert "/procedures/login/" in r["Location"] and not Application.objects.exists()
    with pytest.raises(Exception, match="strong identity"):
        applications.start(form, citizen=citizen, level="login")

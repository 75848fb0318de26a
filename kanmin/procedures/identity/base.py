"""The identity provider interface and the citizen session."""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from ..models import LEVEL_RANK, CitizenIdentity, IdentityLevel

SESSION_KEY = "procedures_citizen"


@dataclass
class Identity:
    """What a provider vouches for: ``claims`` use OIDC names (name, address, birthdate, email, …)."""

    provider: str
    subject: str
    level: str
    claims: dict = field(default_factory=dict)


class IdentityProvider:
    """Interface of an identity provider.

    ``begin`` starts a login (usually a redirect to the provider); ``complete`` handles the return
    and gives an :class:`Identity` (or raises ``kanmin.core.errors.UserError``).
    """

    name: str = ""
    label_ja: str = ""
    label_en: str = ""
    level: str = IdentityLevel.LOGIN

    def enabled(self) -> bool:
        return True

    def begin(self, request, callback_url: str):  # pragma: no cover - interface
        raise NotImplementedError

    def complete(self, request) -> Identity:  # pragma: no cover - interface
        raise NotImplementedError


def providers() -> dict[str, IdentityProvider]:
    """Configured providers by name."""
    from .jpki import JPKIProvider
    from .oidc import OIDCProvider

    found = {}
    for p in (OIDCProvider(), JPKIProvider()):
        if p.enabled():
            found[p.name] = p
    return found


def idle_seconds() -> int:
    return int(getattr(settings, "KANMIN_PROCEDURES_IDLE_MINUTES", 30)) * 60


def login_citizen(request, identity: Identity) -> CitizenIdentity:
    citizen, _created = CitizenIdentity.objects.update_or_create(
        provider=identity.provider, subject=identity.subject,
        defaults={"level": identity.level, "claims": identity.claims, "last_login": timezone.now()},
    )
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": str(citizen.pk), "level": identity.level, "seen": time.time()}
    return citizen


def logout_citizen(request) -> None:
    request.session.pop(SESSION_KEY, None)


def _state(request) -> dict | None:
    state = request.session.get(SESSION_KEY)
    if not state:
        return None
    if time.time() - state.get("seen", 0) > idle_seconds():
        request.session.pop(SESSION_KEY, None)
        request.procedures_session_expired = True
        return None
    if time.time() - state["seen"] > 30:
        state["seen"] = time.time()
        request.session[SESSION_KEY] = state
    return state


def current_citizen(request) -> CitizenIdentity | None:
    if hasattr(request, "_procedures_citizen"):
        return request._procedures_citizen
    state = _state(request)
    citizen = CitizenIdentity.objects.filter(pk=state["id"]).first() if state else None
    request._procedures_citizen = citizen
    return citizen


def current_level(request) -> str:
    state = _state(request)
    return state["level"] if state and current_citizen(request) else IdentityLevel.NONE


def meets(level: str, required: str) -> bool:
    return LEVEL_RANK[IdentityLevel(level)] >= LEVEL_RANK[IdentityLevel(required)]

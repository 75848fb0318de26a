"""Pluggable citizen identity: OpenID Connect (authlib) and a My Number card (JPKI) adapter interface.

Citizens are not Django users. A successful login stores a :class:`CitizenIdentity` id in the session
together with the assurance level reached (``login`` or ``strong``) and the time of the last activity.
"""

from .base import (  # noqa: F401
    Identity,
    IdentityProvider,
    current_citizen,
    current_level,
    login_citizen,
    logout_citizen,
    providers,
)

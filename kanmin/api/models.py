"""API tokens: only a SHA-256 hash is stored; the token is shown once when created."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "kanmin_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user} / {self.name}"

    @classmethod
    def issue(cls, user, name: str = "api") -> tuple["ApiToken", str]:
        """Create a token; returns (record, plain token). The plain token is never stored."""
        token = PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, token_hash=hash_token(token)), token

    @classmethod
    def user_for(cls, token: str):
        if not token:
            return None
        record = cls.objects.select_related("user").filter(token_hash=hash_token(token.strip())).first()
        if record is None or not record.user.is_active or (record.expires and record.expires < timezone.now()):
            return None
        cls.objects.filter(pk=record.pk).update(last_used=timezone.now())
        return record.user

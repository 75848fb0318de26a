"""Housekeeping: forget rate-limit digests and submissions whose e-mail was never confirmed."""

from datetime import timedelta

from django.utils import timezone

from . import images, spam
from .models import AlertSubscription, App, DataRequest, Screenshot


def purge(days: int = 7) -> dict:
    cutoff = timezone.now() - timedelta(days=days)
    apps = App.objects.filter(confirmed_at__isnull=True, created__lt=cutoff)
    paths = list(Screenshot.objects.filter(app__in=apps).values_list("path", flat=True))
    counts = {
        "rate_events": spam.purge(),
        "requests": DataRequest.objects.filter(confirmed_at__isnull=True, created__lt=cutoff).delete()[0],
        "apps": apps.delete()[0],
        "subscriptions": AlertSubscription.objects.filter(confirmed_at__isnull=True, created__lt=cutoff).delete()[0],
    }
    for p in paths:
        images.remove(p)
    return counts

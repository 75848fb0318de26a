"""Receipt numbers like ``R2026-000123``: one counter row per prefix and year.

The counter is bumped with a single ``UPDATE … SET last = last + 1`` inside the caller's transaction,
which locks the row on PostgreSQL and the database on SQLite, so concurrent submissions never get the
same number and a rolled-back submission gives its number back.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Counter


def next_number(prefix: str = "R", year: int | None = None) -> str:
    year = year or timezone.localdate().year
    key = f"{prefix}{year}"
    for _attempt in range(5):
        with transaction.atomic():
            if Counter.objects.filter(key=key).update(last=F("last") + 1):
                value = Counter.objects.get(key=key).last
                return f"{key}-{value:06d}"
            try:
                with transaction.atomic():
                    Counter.objects.create(key=key, last=1)
                return f"{key}-{1:06d}"
            except IntegrityError:
                continue  # another transaction created the row first: bump it instead
    raise RuntimeError(f"could not allocate a number for {key}")

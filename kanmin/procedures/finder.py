"""支援制度検索: search support programmes by audience, provider level, category and keyword."""

import unicodedata

from django.db.models import Q


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def search(*, q: str = "", audience: str = "", level: str = "", category: str = "", today=None):
    from .models import SupportProgramme

    qs = SupportProgramme.objects.all()
    if audience:
        qs = qs.filter(audience=audience)
    if level:
        qs = qs.filter(provider_level=level)
    if category:
        qs = qs.filter(category=category)
    for word in normalize(q).split():
        qs = qs.filter(search_text__contains=word)
    if today is not None:
        qs = qs.filter(Q(period_end__isnull=True) | Q(period_end__gte=today))
    return qs


def categories() -> list[str]:
    from .models import SupportProgramme

    return list(SupportProgramme.objects.order_by("category").values_list("category", flat=True).distinct())

"""Fiscal years (年度, 1 April – 31 March) and their Japanese era names (和暦)."""

import datetime

from django.utils import timezone

# (first Gregorian year, era name). A fiscal year takes the era in force on 1 April, except that
# FY2019 is called 令和元年度 (the era changed on 1 May 2019 and municipalities renamed the year).
ERAS = [(2019, "令和", "Reiwa"), (1989, "平成", "Heisei"), (1926, "昭和", "Showa")]


def fiscal_year(day: datetime.date | None = None) -> int:
    """The fiscal year that contains ``day`` (today by default): April 2026 – March 2027 is FY2026."""
    day = day or timezone.localdate()
    return day.year if day.month >= 4 else day.year - 1


def wareki(year: int, lang: str = "ja") -> str:
    """``令和8年度`` for 2026 (``Reiwa 8`` in English); ``令和元年度`` for 2019."""
    for start, ja, en in ERAS:
        if year >= start:
            n = year - start + 1
            if lang == "en":
                return f"{en} {n}"
            return f"{ja}{'元' if n == 1 else n}年度"
    return f"{year}年度" if lang != "en" else str(year)


def label(year: int | None, lang: str = "ja") -> str:
    """``2026年度（令和8年度）`` or ``FY2026 (Reiwa 8)``."""
    if year is None:
        return ""
    if lang == "en":
        return f"FY{year} ({wareki(year, 'en')})"
    return f"{year}年度（{wareki(year)}）"

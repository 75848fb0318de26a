import datetime

from kanmin.plan.fiscal import fiscal_year, label, wareki


def test_fiscal_year_starts_in_april():
    assert fiscal_year(datetime.date(2026, 3, 31)) == 2025
    assert fiscal_year(datetime.date(2026, 4, 1)) == 2026
    assert fiscal_year(datetime.date(2027, 1, 15)) == 2026


def test_wareki_labels():
    assert wareki(2026) == "令和8年度"
    assert wareki(2019) == "令和元年度"
    assert wareki(2018) == "平成30年度"
    assert wareki(1989) == "平成元年度"
    assert label(2026) == "2026年度（令和8年度）"
    assert label(2026, "en") == "FY2026 (Reiwa 8)"

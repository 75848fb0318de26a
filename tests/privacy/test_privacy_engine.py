"""k-anonymity and l-diversity on a synthetic personal table, checked against pycanon."""

import pandas as pd
import pytest
from pycanon import anonymity

from kanmin.core.errors import UserError
from kanmin.privacy import engine

KANON_PARAMS = {
    "roles": {"氏名": "drop", "年齢": "qi", "性別": "qi", "郵便番号": "qi", "町名": "qi", "診断名": "sensitive"},
    "hierarchies": {"年齢": "age", "性別": "suppress", "郵便番号": "postal", "町名": "address"},
    "k": 5, "l": 2, "max_suppression": 0.05,
}


def config(**overrides):
    params = {**KANON_PARAMS, **overrides}
    return engine.Config(roles=params["roles"], hierarchies=params["hierarchies"], value_maps=params.get("value_maps", {}),
                         k=params["k"], l=params["l"], max_suppression=params["max_suppression"])


def pycanon_k_l(result, quasi, sensitive):
    df = pd.DataFrame(result.rows, columns=result.header)
    return anonymity.k_anonymity(df, quasi), anonymity.l_diversity(df, quasi, [sensitive])


@pytest.mark.parametrize("k,l", [(2, 1), (5, 2), (10, 3)])
def test_k_and_l_agree_with_pycanon(people, k, l):
    header, rows = people
    result = engine.anonymize(header, rows, config(k=k, l=l))
    report = result.report
    assert report.k_achieved >= k
    quasi = ["年齢", "性別", "郵便番号", "町名"]
    pk, pl = pycanon_k_l(result, quasi, "診断名")
    assert pk == report.k_achieved == report.smallest_class
    if l > 1:
        assert pl == report.l_achieved >= l
    # the direct identifier is gone, records were only removed within the limit
    assert "氏名" not in result.header
    assert report.suppressed <= 0.05 * len(rows)
    assert report.records_out == len(rows) - report.suppressed == len(result.rows)
    assert report.risk_max == pytest.approx(1 / report.k_achieved, abs=1e-4)
    assert 0 < report.risk_avg <= report.risk_max


def test_search_is_minimal(people):
    """Lowering any generalized QI by one level must break k-anonymity within the suppression limit."""
    header, rows = people
    cfg = config(k=5, l=1)
    cfg.roles = {**cfg.roles, "診断名": "keep"}
    result = engine.anonymize(header, rows, cfg)
    levels = result.report.levels
    lattice = engine.Lattice(cfg.quasi, engine._generalized_columns(header, rows, cfg), None)
    allowed = int(cfg.max_suppression * len(rows))
    for column, level in levels.items():
        if level == 0:
            continue
        node = tuple(level - 1 if c == column else lv for c, lv in levels.items())
        suppressed = lattice.evaluate(node, cfg.k, 1)[3]
        assert suppressed > allowed, f"{column} could have stayed at level {level - 1}"
    assert result.report.precision_loss > 0
    assert result.report.discernibility >= len(result.rows) * cfg.k


def test_town_generalization_uses_real_town_names(people):
    header, rows = people
    result = engine.anonymize(header, rows, config(k=3, l=1))
    towns = {r[result.header.index("町名")] for r in result.rows}
    source = {r[header.index("町名")] for r in rows}
    # every released town is either an original name, a name with 丁目 removed, or fully masked
    assert all(t == "*" or any(s.startswith(t) for s in {engine.hierarchies.normalize(x) for x in source}) for t in towns)


def test_value_map_hierarchy():
    header = ["職業", "疾病"]
    rows = [["医師", "A"], ["看護師", "B"], ["薬剤師", "A"], ["教員", "B"], ["保育士", "A"], ["教授", "B"]] * 2
    cfg = engine.Config(roles={"職業": "qi", "疾病": "sensitive"}, hierarchies={"職業": "map"},
                        value_maps={"職業": "医師=医療\n看護師=医療\n薬剤師=医療\n教員=教育\n保育士=教育\n教授=教育"}, k=4, l=2,
                        max_suppression=0)
    result = engine.anonymize(header, rows, cfg)
    assert {r[0] for r in result.rows} == {"医療", "教育"}
    assert result.report.k_achieved == 6 and result.report.l_achieved == 2


@pytest.mark.parametrize("change,ja", [
    ({"k": 3000}, "行数"),
    ({"k": 1}, "2 以上"),
    ({"l": 50}, "種類数"),
    ({"roles": {"存在しない列": "qi", "診断名": "sensitive"}}, "存在しない列"),
    ({"hierarchies": {"年齢": "age"}}, "一般化の方法"),
    ({"roles": {"氏名": "drop", "診断名": "sensitive"}}, "準識別子"),
    ({"max_suppression": 0.9}, "50%"),
])
def test_bad_configuration_is_refused_bilingually(people, change, ja):
    header, rows = people
    with pytest.raises(UserError) as err:
        engine.anonymize(header, rows, config(**change))
    assert ja in err.value.ja and err.value.en


def test_bad_values_name_the_column():
    cfg = engine.Config(roles={"年齢": "qi"}, hierarchies={"年齢": "age"}, k=2)
    with pytest.raises(UserError) as err:
        engine.anonymize(["年齢"], [["30"], ["abc"], ["40"]], cfg)
    assert "年齢" in err.value.ja and "not an age" in err.value.en


def test_strict_targets_generalize_to_the_top_and_say_so(people):
    header, rows = people
    result = engine.anonymize(header, rows, config(k=400, l=8, max_suppression=0.0))
    assert result.report.suppressed == 0
    assert result.report.k_achieved >= 400 and result.report.l_achieved == 8
    assert result.report.generalization_height > 0.5

"""Procedure inventory: stage classification, priority, the service contract, import and progress."""

import io

import pytest

from kanmin.core.errors import UserError
from kanmin.plan import procedures, services
from kanmin.plan.models import Procedure
from kanmin.plan.tabular import ImportFailed


@pytest.mark.parametrize("flags, stage", [
    ({}, 1),
    ({"needs_identity": True}, 2),
    ({"needs_fee": True}, 2),
    ({"needs_attachments": True}, 2),
    ({"face_to_face": True}, 3),
    ({"face_to_face": True, "needs_identity": True, "needs_fee": True}, 3),
])
def test_stage_classification(departments, flags, stage):
    proc = services.create_procedure(name="テスト手続", department="危機管理課", yearly_volume=10, **flags)
    assert proc["stage"] == stage
    assert Procedure.objects.get(pk=proc["id"]).stage == stage


def test_priority_by_volume():
    assert [procedures.classify_priority(v) for v in (0, 999, 1000, 9999, 10000, 182000)] == [3, 3, 2, 2, 1, 1]


def test_service_contract(departments):
    created = services.create_procedure(name="住民票の写しの交付請求", department="kenkofukushi", legal_basis="住民基本台帳法第12条",
                                        yearly_volume=182000, needs_identity=True, needs_fee=True)
    for key in ("id", "name", "department", "legal_basis", "yearly_volume", "needs_identity", "needs_fee",
                "needs_attachments", "face_to_face", "online_now", "stage", "priority"):
        assert key in created
    assert isinstance(created["id"], str) and created["department"] == "kenkofukushi"
    assert (created["stage"], created["priority"], created["online_now"]) == (2, 1, False)
    assert services.get_procedure(created["id"]) == created
    assert services.get_procedure("not-a-uuid") is None
    assert [p["name"] for p in services.list_procedures("住民票")] == ["住民票の写しの交付請求"]
    assert services.list_procedures("健康福祉") and services.list_procedures("存在しない") == []
    online = services.record_procedure_online(created["id"])
    assert online["online_now"] is True and online["online_since"]
    assert services.record_procedure_online(created["id"])["online_since"] == online["online_since"]
    with pytest.raises(UserError):
        services.create_procedure(name="住民票の写しの交付請求", department="kenkofukushi")
    with pytest.raises(UserError) as err:
        services.create_procedure(name="x", department="土木課")
    assert "土木課" in err.value.ja
    with pytest.raises(UserError):
        services.record_procedure_online("00000000-0000-0000-0000-000000000000")


def test_import_and_progress_per_stage(departments, make_xlsx):
    header = ["手続名", "担当課", "根拠法令", "年間件数", "本人確認", "手数料", "添付書類", "対面必須", "オンライン化済"]
    rows = [
        ["図書館の利用登録", "教育委員会", "市図書館条例", 7400, "×", "×", "×", "×", "○"],
        ["イベント参加の申込み", "教育委員会", "", "3,200", "×", "×", "×", "×", "×"],
        ["児童手当の認定請求", "健康福祉局", "児童手当法第7条", 6200, "○", "×", "○", "×", "○"],
        ["転入届", "危機管理課", "住民基本台帳法第22条", 21000, "○", "×", "○", "○", "×"],
    ]
    result = procedures.import_file(io.BytesIO(make_xlsx(rows, header=header, title="手続き棚卸し")), "procs.xlsx")
    assert result.created == 4
    stages = dict(Procedure.objects.values_list("name", "stage"))
    assert stages == {"図書館の利用登録": 1, "イベント参加の申込み": 1, "児童手当の認定請求": 2, "転入届": 3}
    assert Procedure.objects.get(name="転入届").priority == 1
    progress = {p["stage"]: p for p in procedures.progress()}
    assert (progress[1]["total"], progress[1]["online"], progress[1]["percent"]) == (2, 1, 50.0)
    assert (progress[2]["online"], progress[3]["online"], progress[3]["volume"]) == (1, 0, 21000)
    exported = procedures.export_xlsx(Procedure.objects.all())
    Procedure.objects.all().delete()
    assert procedures.import_file(io.BytesIO(exported), "export.xlsx").created == 4
    assert dict(Procedure.objects.values_list("name", "stage")) == stages


def test_bad_procedure_sheet_imports_nothing(departments, make_xlsx):
    header = ["手続名", "担当課", "年間件数", "本人確認"]
    rows = [["犬の登録", "健康福祉局", 2600, "×"], ["犬の登録", "健康福祉局", 2600, "×"], ["道路占用許可", "道路課", "多い", "○"]]
    with pytest.raises(ImportFailed) as err:
        procedures.import_file(io.BytesIO(make_xlsx(rows, header=header)), "procs.xlsx")
    assert sorted((e.row, e.column) for e in err.value.errors) == [(5, "手続名"), (6, "年間件数"), (6, "担当課")]
    assert Procedure.objects.count() == 0

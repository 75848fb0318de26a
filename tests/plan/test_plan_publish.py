"""Publishing a catalog dataset from an inventory item: privacy review enforced, every attempt audited."""

import sys

import pytest

from kanmin.catalog.models import Dataset
from kanmin.core.errors import UserError
from kanmin.plan import inventory
from kanmin.plan.departments import department_fields
from kanmin.plan.models import InventoryItem, PublishAudit


@pytest.fixture
def items(departments):
    org = departments["kenkofukushi"]
    common = department_fields(org)
    return {
        "aed": InventoryItem.objects.create(name="AED設置場所", decision="open", external_use_allowed=True, **common),
        "checkups": InventoryItem.objects.create(name="健康診断受診率（地区別）", decision="open", has_personal_info=True, **common),
        "care": InventoryItem.objects.create(name="要介護認定者台帳", decision="closed", decision_reason="個人情報", has_personal_info=True, **common),
    }


@pytest.fixture
def privacy_says(monkeypatch):
    """Make the privacy domain answer ``approved`` for every item."""
    import kanmin.privacy.services as privacy

    def set_answer(approved: bool):
        monkeypatch.setattr(privacy, "has_approved_review", lambda item_id: approved, raising=False)

    return set_answer


def test_publish_plain_item_creates_dataset_and_links_it(items, dept_editor):
    dataset = inventory.publish(items["aed"], dept_editor)
    assert Dataset.objects.filter(pk=dataset.pk, title="AED設置場所", organization__name="kenkofukushi").exists()
    item = InventoryItem.objects.get(pk=items["aed"].pk)
    assert item.dataset_id == dataset.pk and item.dataset_name == dataset.name
    audit = PublishAudit.objects.get()
    assert audit.allowed and audit.username == "dept-editor" and audit.dataset_id == dataset.pk and not audit.personal_info


def test_personal_info_refused_without_approved_review(items, dept_editor, privacy_says):
    privacy_says(False)
    with pytest.raises(UserError) as err:
        inventory.publish(items["checkups"], dept_editor)
    assert "個人情報" in err.value.ja and "(privacy) review is approved" in err.value.en
    assert Dataset.objects.count() == 0
    assert InventoryItem.objects.get(pk=items["checkups"].pk).dataset_id is None
    audit = PublishAudit.objects.get()
    assert (audit.allowed, audit.personal_info, audit.privacy_approved) == (False, True, False)
    assert audit.item_id == items["checkups"].pk and "(privacy) review" in audit.reason


def test_personal_info_allowed_after_approved_review(items, dept_editor, privacy_says):
    privacy_says(True)
    dataset = inventory.publish(items["checkups"], dept_editor)
    assert Dataset.objects.filter(pk=dataset.pk).exists()
    audit = PublishAudit.objects.get()
    assert audit.allowed and audit.personal_info and audit.privacy_approved


def test_missing_privacy_domain_means_not_approved(items, monkeypatch):
    monkeypatch.setitem(sys.modules, "kanmin.privacy.services", None)  # import now raises ImportError
    assert inventory.privacy_approved(items["checkups"].pk) is False
    with pytest.raises(UserError):
        inventory.publish(items["checkups"])
    assert PublishAudit.objects.filter(allowed=False).count() == 1


def test_closed_and_already_published_are_refused(items, dept_editor):
    with pytest.raises(UserError) as err:
        inventory.publish(items["care"], dept_editor)
    assert "公開不可" in err.value.ja
    inventory.publish(items["aed"], dept_editor)
    with pytest.raises(UserError) as err:
        inventory.publish(InventoryItem.objects.get(pk=items["aed"].pk), dept_editor)
    assert "already" in err.value.en
    assert list(PublishAudit.objects.order_by("id").values_list("allowed", flat=True)) == [False, True, False]
    assert Dataset.objects.count() == 1


def test_publish_page_refuses_and_shows_bilingual_error(client, items, dept_editor, privacy_says):
    privacy_says(False)
    client.force_login(dept_editor)
    url = f"/plan/staff/inventory/{items['checkups'].pk}/publish/"
    page = client.get(url).content.decode()
    assert "審査の承認を受けるまで公開できません" in page
    r = client.post(url, {"title": "健診受診率"})
    assert r.status_code == 200 and "個人情報を含むデータは" in r.content.decode()
    r = client.post("/en" + url, {"title": "Checkups"})
    assert "cannot be published until" in r.content.decode(), r.content.decode()[r.content.decode().find("<main"):]
    assert PublishAudit.objects.filter(allowed=False).count() == 2
    r = client.post(f"/plan/staff/inventory/{items['aed'].pk}/publish/", {"title": "AED設置場所"})
    dataset = Dataset.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/dataset/{dataset.name}/resource/new/"
    audit_page = client.get("/plan/staff/inventory/audit/").content.decode()
    assert audit_page.count("拒否") >= 2 and "AED設置場所" in audit_page


def test_publish_needs_edit_role_in_the_department(client, departments, items, staff_user):
    outsider = staff_user("kyoiku-editor", departments["kyoiku"])
    client.force_login(outsider)
    assert client.post(f"/plan/staff/inventory/{items['aed'].pk}/publish/", {"title": "x"}).status_code == 403
    assert Dataset.objects.count() == 0

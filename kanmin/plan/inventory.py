"""Data inventory (データ棚卸し): import/export as Excel or CSV, and publishing to the catalog.

Publishing from an item that contains personal information needs an approved privacy review
(``kanmin.privacy.services.has_approved_review``); every attempt is written to :class:`PublishAudit`.
"""

import importlib
import re
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from kanmin.catalog import services as catalog
from kanmin.core.errors import UserError

from . import tabular
from .departments import department_fields, read_department_sheet
from .models import InventoryItem, PublishAudit
from .tabular import Column, RowError, fmt_bool, parse_bool, parse_date

DECISIONS = {
    "公開可": InventoryItem.Decision.OPEN, "可": InventoryItem.Decision.OPEN, "open": InventoryItem.Decision.OPEN,
    "公開不可": InventoryItem.Decision.CLOSED, "不可": InventoryItem.Decision.CLOSED, "closed": InventoryItem.Decision.CLOSED,
    "形式改善": InventoryItem.Decision.IMPROVE, "改善": InventoryItem.Decision.IMPROVE, "improve": InventoryItem.Decision.IMPROVE,
    "未判断": InventoryItem.Decision.UNDECIDED, "": InventoryItem.Decision.UNDECIDED, "undecided": InventoryItem.Decision.UNDECIDED,
}
DECISION_LABEL = {
    InventoryItem.Decision.OPEN: "公開可", InventoryItem.Decision.CLOSED: "公開不可",
    InventoryItem.Decision.IMPROVE: "形式改善", InventoryItem.Decision.UNDECIDED: "未判断",
}


def parse_decision(value):
    text = tabular.clean_text(value).lower()
    if text not in DECISIONS:
        raise ValueError(("「公開可」「公開不可」「形式改善」のいずれかにしてください", "use 公開可 (open), 公開不可 (closed) or 形式改善 (improve)"))
    return DECISIONS[text]


COLUMNS = [
    Column("name", "データ名", "Data name", required=True, aliases=("データ名称", "名称")),
    Column("department", "担当課", "Department", required=True, aliases=("所管課", "部署", "担当部署")),
    Column("description", "概要", "Description"),
    Column("data_format", "形式", "Format", aliases=("データ形式", "ファイル形式")),
    Column("update_frequency", "更新頻度", "Update frequency"),
    Column("has_personal_info", "個人情報", "Personal information", required=True, parse=parse_bool, export=fmt_bool, aliases=("個人情報の有無",)),
    Column("external_use_allowed", "外部利用", "External use", required=True, parse=parse_bool, export=fmt_bool, aliases=("外部利用可否", "外部提供")),
    Column("legal_basis", "根拠法令", "Legal basis"),
    Column("decision", "公開判断", "Decision", required=True, parse=parse_decision, export=lambda v: DECISION_LABEL.get(v, "未判断"), aliases=("オープンデータ化判断",)),
    Column("decision_reason", "公開不可の理由", "Reason", aliases=("理由",)),
    Column("planned_date", "公開予定日", "Planned date", parse=parse_date, export=lambda v: v.isoformat() if v else ""),
    Column("dataset_name", "公開データセット", "Published dataset", parse=lambda v: "", export=lambda v: v or ""),
]
FIELDS = [c.key for c in COLUMNS if c.key not in ("department", "dataset_name")]


def records(items) -> list[dict]:
    out = []
    for item in items:
        rec = {k: getattr(item, k) for k in FIELDS}
        rec["department"] = item.department_title
        rec["dataset_name"] = item.dataset_name
        out.append(rec)
    return out


def export_xlsx(items) -> bytes:
    return tabular.write_xlsx(COLUMNS, records(items), "データ棚卸し")


def export_csv(items) -> bytes:
    return tabular.write_csv(COLUMNS, records(items))


def _validate_row(row: dict, errors: list) -> None:
    if row.get("decision") == InventoryItem.Decision.CLOSED and not row.get("decision_reason"):
        errors.append(RowError(row["_row"], "公開不可の理由", "「公開不可」の場合は理由を書いてください。", 'Give a reason when the decision is "closed".'))


def import_file(fileobj, filename: str, user=None) -> tabular.ImportResult:
    """Import an inventory sheet: all rows or nothing. Rows of an existing (department, name) update it."""
    result = read_department_sheet(fileobj, filename, COLUMNS, user, ("データ名", "Data name"), _validate_row)
    with transaction.atomic():
        for row in result.rows:
            values = {k: row[k] for k in FIELDS if k in row}
            values.update(department_fields(row["org"]))
            values["updated_by"] = user if user is not None and user.is_authenticated else None
            _item, created = InventoryItem.objects.update_or_create(organization_id=row["org"].pk, name=row["name"], defaults=values)
            result.created += created
            result.updated += not created
    return result


# --- publishing ----------------------------------------------------------------------------------


def privacy_approved(item_id) -> bool:
    """Ask the privacy domain; a missing module or function means "not approved"."""
    try:
        privacy = importlib.import_module("kanmin.privacy.services")
    except ImportError:
        return False
    check = getattr(privacy, "has_approved_review", None)
    if check is None:
        return False
    try:
        return bool(check(str(item_id)))
    except Exception:  # noqa: BLE001 - their failure must not publish personal data
        return False


def _slug_for(item: InventoryItem) -> str:
    base = re.sub(r"[^a-z0-9_-]+", "-", item.name.lower()).strip("-")
    base = base if len(base) >= 2 else "inventory"
    return f"{base[:60]}-{uuid.uuid4().hex[:8]}"


def _audit(item, user, *, allowed, approved, reason="", dataset_id=None) -> PublishAudit:
    return PublishAudit.objects.create(
        item=item, item_name=item.name, allowed=allowed, personal_info=item.has_personal_info,
        privacy_approved=approved, reason=reason, dataset_id=dataset_id,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "",
    )


def publish(item: InventoryItem, user=None, *, name: str = "", title: str = "", license_id: str = "", private: bool = False):
    """Create a catalog dataset from ``item`` and remember its id; returns the dataset.

    Refused (UserError, and an audit entry) when the item holds personal information without an
    approved privacy review, when it was already published, or when the decision is not "open" or "improve".
    """
    approved = privacy_approved(item.pk) if item.has_personal_info else False
    problem = None
    if item.dataset_id:
        problem = ("このデータは既に公開されています。", "This item has already been published.")
    elif item.decision == InventoryItem.Decision.CLOSED:
        problem = ("公開判断が「公開不可」のため公開できません。", 'The decision is "closed", so it cannot be published.')
    elif item.decision == InventoryItem.Decision.UNDECIDED:
        problem = ("公開判断が未判断です。先に「公開可」か「形式改善」を選んでください。", 'No open-data decision yet: choose "open" or "improve" first.')
    elif item.has_personal_info and not approved:
        problem = (
            "個人情報を含むデータは、匿名加工・プライバシー審査の承認を受けるまで公開できません。",
            "Data with personal information cannot be published until its de-identification (privacy) review is approved.",
        )
    if problem:
        _audit(item, user, allowed=False, approved=approved, reason=f"{problem[0]} / {problem[1]}")
        raise UserError(*problem)
    from kanmin.catalog.forms import DatasetForm

    data = {
        "name": name or _slug_for(item),
        "title": title or item.name,
        "notes": item.description,
        "organization": str(item.organization_id),
        "license_id": license_id or "cc-by-4.0",
        "update_frequency": "irregular",
        "private": private,
        "state": "active",
        "tag_string": "",
    }
    form = DatasetForm(data)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        _audit(item, user, allowed=False, approved=approved, reason=errors)
        raise UserError(f"データセットを作成できませんでした: {errors}", f"Could not create the dataset: {errors}")
    try:
        with transaction.atomic():
            dataset = catalog.save_dataset_form(form)
            InventoryItem.objects.filter(pk=item.pk).update(dataset_id=dataset.pk, dataset_name=dataset.name)
            _audit(item, user, allowed=True, approved=approved, reason="公開しました / Published", dataset_id=dataset.pk)
    except IntegrityError as exc:
        _audit(item, user, allowed=False, approved=approved, reason=str(exc))
        raise UserError("データセットを作成できませんでした。", "Could not create the dataset.") from exc
    item.dataset_id, item.dataset_name = dataset.pk, dataset.name
    return dataset


def summary(items=None) -> dict:
    """Kitakyushu-style totals: items, with personal information, not for outside use, publishable, published."""
    qs = items if items is not None else InventoryItem.objects.all()
    return qs.aggregate(
        total=Count("pk"),
        personal=Count("pk", filter=Q(has_personal_info=True)),
        internal_only=Count("pk", filter=Q(external_use_allowed=False)),
        open=Count("pk", filter=Q(decision=InventoryItem.Decision.OPEN)),
        closed=Count("pk", filter=Q(decision=InventoryItem.Decision.CLOSED)),
        improve=Count("pk", filter=Q(decision=InventoryItem.Decision.IMPROVE)),
        published=Count("pk", filter=Q(dataset_id__isnull=False)),
    )

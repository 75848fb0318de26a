"""Procedure inventory (手続き棚卸し): stage classification, priority by volume, import/export, progress."""

from django.db import transaction
from django.db.models import Count, Q, Sum

from . import tabular
from .departments import department_fields, read_department_sheet
from .tabular import Column, fmt_bool, parse_bool, parse_int

# Yearly volume at or above which a procedure is high / medium priority for going online.
PRIORITY_HIGH, PRIORITY_MEDIUM = 10_000, 1_000


def classify_stage(proc) -> int:
    """Stage 3 if face-to-face is required (law or operation must change); stage 2 if identity
    verification, a fee or attachments are needed; otherwise stage 1."""
    if proc.face_to_face:
        return 3
    if proc.needs_identity or proc.needs_fee or proc.needs_attachments:
        return 2
    return 1


def classify_priority(volume: int) -> int:
    """1 = high (≥10,000 a year), 2 = medium (≥1,000), 3 = low."""
    volume = volume or 0
    if volume >= PRIORITY_HIGH:
        return 1
    if volume >= PRIORITY_MEDIUM:
        return 2
    return 3


COLUMNS = [
    Column("name", "手続名", "Procedure", required=True, aliases=("手続き名", "手続名称")),
    Column("department", "担当課", "Department", required=True, aliases=("所管課", "部署")),
    Column("legal_basis", "根拠法令", "Legal basis"),
    Column("yearly_volume", "年間件数", "Yearly volume", required=True, parse=parse_int, aliases=("年間処理件数", "件数")),
    Column("needs_identity", "本人確認", "Identity verification", parse=parse_bool, export=fmt_bool),
    Column("needs_fee", "手数料", "Fee", parse=parse_bool, export=fmt_bool),
    Column("needs_attachments", "添付書類", "Attachments", parse=parse_bool, export=fmt_bool),
    Column("face_to_face", "対面必須", "Face-to-face", parse=parse_bool, export=fmt_bool),
    Column("online_now", "オンライン化済", "Online now", parse=parse_bool, export=fmt_bool, aliases=("オンライン化",)),
    Column("notes", "備考", "Notes"),
    Column("stage", "段階", "Stage", parse=lambda v: None),
    Column("priority", "優先度", "Priority", parse=lambda v: None, export=lambda v: {1: "高", 2: "中", 3: "低"}.get(v, "")),
]
FIELDS = ["name", "legal_basis", "yearly_volume", "needs_identity", "needs_fee", "needs_attachments", "face_to_face", "online_now", "notes"]


def as_dict(proc) -> dict:
    """The shape other domains rely on (see ``services.get_procedure``)."""
    return {
        "id": str(proc.pk),
        "name": proc.name,
        "department": proc.department,
        "department_title": proc.department_title,
        "organization_id": str(proc.organization_id),
        "legal_basis": proc.legal_basis,
        "yearly_volume": proc.yearly_volume,
        "needs_identity": proc.needs_identity,
        "needs_fee": proc.needs_fee,
        "needs_attachments": proc.needs_attachments,
        "face_to_face": proc.face_to_face,
        "online_now": proc.online_now,
        "online_since": proc.online_since.isoformat() if proc.online_since else None,
        "stage": proc.stage,
        "priority": proc.priority,
        "notes": proc.notes,
    }


def records(procs) -> list[dict]:
    out = []
    for p in procs:
        rec = as_dict(p)
        rec["department"] = p.department_title
        out.append(rec)
    return out


def export_xlsx(procs) -> bytes:
    return tabular.write_xlsx(COLUMNS, records(procs), "手続き棚卸し")


def export_csv(procs) -> bytes:
    return tabular.write_csv(COLUMNS, records(procs))


def import_file(fileobj, filename: str, user=None) -> tabular.ImportResult:
    """All rows or nothing; an existing (department, name) is updated."""
    from .models import Procedure

    result = read_department_sheet(fileobj, filename, COLUMNS, user, ("手続名", "Procedure"))
    with transaction.atomic():
        for row in result.rows:
            values = {k: row[k] for k in FIELDS if k in row}
            values.update(department_fields(row["org"]))
            _proc, created = Procedure.objects.update_or_create(organization_id=row["org"].pk, name=row["name"], defaults=values)
            result.created += created
            result.updated += not created
    return result


def progress(procs=None) -> list[dict]:
    """Per stage: procedures, online, share online, yearly volume, volume online."""
    from .models import Procedure

    qs = procs if procs is not None else Procedure.objects.all()
    online_q = Q(online_now=True)
    per_stage = {r["stage"]: r for r in qs.order_by().values("stage").annotate(
        total=Count("pk"), online=Count("pk", filter=online_q),
        volume=Sum("yearly_volume"), volume_online=Sum("yearly_volume", filter=online_q),
    )}
    rows = []
    for stage, label in Procedure.Stage.choices:
        found = per_stage.get(stage, {})
        total, online = found.get("total", 0), found.get("online", 0)
        rows.append({
            "stage": stage, "label": label, "total": total, "online": online,
            "percent": round(online * 100 / total, 1) if total else 0.0,
            "volume": found.get("volume") or 0,
            "volume_online": found.get("volume_online") or 0,
        })
    return rows

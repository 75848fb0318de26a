"""Plan-domain functions other domains (and the lead's ``kanmin demo``) call. Keep these names stable.

- Procedures (for the online-procedures domain): :func:`create_procedure`, :func:`get_procedure`,
  :func:`list_procedures`, :func:`record_procedure_online`.
- :func:`seed_demo` builds the demo plan, inventories and KPIs (idempotent).
- :func:`plan_progress` summarises a plan for dashboards and the API.
"""

import uuid

from django.db.models import Q
from django.utils import timezone

from kanmin.core.errors import UserError

from . import kpis
from .departments import DepartmentResolver, department_fields
from .fiscal import label
from .models import Plan, Procedure
from .procedures import as_dict

PROCEDURE_FIELDS = {"name", "legal_basis", "yearly_volume", "needs_identity", "needs_fee", "needs_attachments", "face_to_face", "online_now", "notes"}


def create_procedure(**fields) -> dict:
    """Create a procedure. ``department`` is an organization name, title or id (required)."""
    department = fields.pop("department", None) or fields.pop("organization", None) or fields.pop("organization_id", None)
    unknown = set(fields) - PROCEDURE_FIELDS
    if unknown:
        raise UserError(f"不明な項目です: {', '.join(sorted(unknown))}", f"Unknown fields: {', '.join(sorted(unknown))}")
    if not (fields.get("name") or "").strip():
        raise UserError("手続名を入力してください。", "Give the procedure's name.", field="name")
    org, problem = DepartmentResolver(None).resolve(str(department or ""))
    if problem:
        raise UserError(*problem, field="department")
    if Procedure.objects.filter(organization_id=org.pk, name=fields["name"].strip()).exists():
        raise UserError("同じ担当課に同じ名前の手続があります。", "This department already has a procedure with that name.", field="name")
    proc = Procedure(**fields, **department_fields(org))
    proc.name = proc.name.strip()
    if proc.online_now:
        proc.online_since = timezone.localdate()
    proc.save()
    return as_dict(proc)


def _get(procedure_id) -> Procedure | None:
    try:
        return Procedure.objects.get(pk=uuid.UUID(str(procedure_id)))
    except (ValueError, Procedure.DoesNotExist):
        return None


def get_procedure(procedure_id: str) -> dict | None:
    proc = _get(procedure_id)
    return as_dict(proc) if proc else None


def list_procedures(q: str = "") -> list[dict]:
    """All procedures (stage, then volume), optionally filtered by name, department or legal basis."""
    qs = Procedure.objects.all()
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(department_title__icontains=q) | Q(department__icontains=q) | Q(legal_basis__icontains=q))
    return [as_dict(p) for p in qs]


def record_procedure_online(procedure_id: str) -> dict:
    """Mark a procedure as online (keeps the first date it went online)."""
    proc = _get(procedure_id)
    if proc is None:
        raise UserError("手続が見つかりません。", "Procedure not found.")
    if not proc.online_now:
        proc.online_now = True
        proc.online_since = proc.online_since or timezone.localdate()
        proc.save(update_fields=["online_now", "online_since"])
    return as_dict(proc)


def plan_progress(plan: Plan, lang: str = "ja") -> dict:
    """Completion rate and KPI values of ``plan`` as plain data."""
    rows = kpis.kpi_rows(plan)
    return {
        "plan": plan.slug,
        "title": plan.title_en if lang == "en" and plan.title_en else plan.title,
        "period": f"{label(plan.start_year, lang)} – {label(plan.end_year, lang)}",
        "completion": kpis.completion(plan),
        "kpis": [
            {
                "name": r["kpi"].name_en if lang == "en" and r["kpi"].name_en else r["kpi"].name,
                "unit": r["kpi"].unit,
                "baseline": {"year": r["kpi"].baseline_year, "value": float(r["kpi"].baseline_value)},
                "target": {"year": r["kpi"].target_year, "value": float(r["kpi"].target_value)},
                "actuals": {a.fiscal_year: float(a.value) for a in r["actuals"]},
                "achievement_percent": r["achievement"],
                "measured_by": r["kpi"].source,
                "demo_value": r["kpi"].is_demo,
            }
            for r in rows
        ],
    }


def seed_demo(echo=None) -> str:
    """Create (or refresh) the demo plan and, when the demo departments exist, demo inventories."""
    from .seed import seed

    return seed(echo=echo)

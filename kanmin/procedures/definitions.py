"""Form definitions: create, revise (new version once used), publish; link to the procedure inventory."""

import unicodedata

from django.db import transaction
from django.db.models import Max, Q

from kanmin.core.errors import UserError

from . import schema
from .models import FormDefinition, IdentityLevel

try:  # the procedure inventory (kanmin.plan) is optional: forms keep a plain procedure_id string
    from kanmin.plan import services as plan_services
except ImportError:  # pragma: no cover - depends on which domains are installed
    plan_services = None


def inventory_available() -> bool:
    return plan_services is not None and hasattr(plan_services, "get_procedure")


def get_procedure(procedure_id: str) -> dict | None:
    if not procedure_id or not inventory_available():
        return None
    try:
        return plan_services.get_procedure(str(procedure_id))
    except Exception:  # noqa: BLE001 - a bad id is simply "not found"
        return None


def list_procedures(q: str = "") -> list[dict]:
    if not inventory_available() or not hasattr(plan_services, "list_procedures"):
        return []
    return list(plan_services.list_procedures(q=q))


def _mark_online(procedure_id: str) -> None:
    if procedure_id and inventory_available() and hasattr(plan_services, "record_procedure_online"):
        try:
            plan_services.record_procedure_online(procedure_id)
        except Exception:  # noqa: BLE001 - unknown id in the inventory: nothing to record
            pass


def _normalize_slug(slug: str) -> str:
    from django.utils.text import slugify

    return slugify(unicodedata.normalize("NFKC", slug or ""))[:80]


def save_form(*, slug: str, title: str, department: str = "", fields, attachments=(), identity_level: str = IdentityLevel.NONE,
              fee: int = 0, procedure_id: str = "", title_en: str = "", description: str = "", description_en: str = "",
              keywords: str = "", published: bool = False, user=None) -> FormDefinition:
    """Create a form or revise the latest version of ``slug``.

    The latest version is edited in place while no application uses it; otherwise a new version is
    created (applications keep the version they were filed with) and the old one is retired.
    """
    slug = _normalize_slug(slug)
    if not slug:
        raise UserError("識別名（英数字）を入力してください。", "Enter an identifier (letters and digits).", field="slug")
    if not (title or "").strip():
        raise UserError("フォーム名を入力してください。", "Enter a title.", field="title")
    if identity_level not in IdentityLevel.values:
        raise UserError("本人確認のレベルが正しくありません。", "Unknown identity level.", field="identity_level")
    try:
        fee = int(fee or 0)
    except (TypeError, ValueError):
        raise UserError("手数料は円単位の数字で入力してください。", "The fee must be a number of yen.", field="fee") from None
    if fee < 0:
        raise UserError("手数料は 0 円以上にしてください。", "The fee cannot be negative.", field="fee")
    fields = schema.clean_fields(fields)
    attachments = schema.clean_attachments(list(attachments))
    procedure = get_procedure(procedure_id) if procedure_id else None
    if procedure_id and inventory_available() and procedure is None:
        raise UserError(f"手続き台帳に ID「{procedure_id}」がありません。", f"No procedure '{procedure_id}' in the inventory.", field="procedure_id")
    department = (department or (procedure or {}).get("department") or "").strip()
    if not department:
        raise UserError("担当部署を選んでください。", "Choose the responsible department.", field="department")
    values = dict(title=title.strip(), title_en=title_en.strip(), description=description, description_en=description_en,
                  fields=fields, attachments=attachments, identity_level=identity_level, fee=fee, keywords=keywords,
                  procedure_id=str(procedure_id or ""), procedure_name=(procedure or {}).get("name", ""), department=department,
                  published=published)
    with transaction.atomic():
        latest = FormDefinition.objects.select_for_update().filter(slug=slug).order_by("-version").first()
        if latest is None:
            form = FormDefinition.objects.create(slug=slug, version=1, created_by=user, **values)
        elif not latest.applications.exists():
            for k, v in values.items():
                setattr(latest, k, v)
            latest.save()
            form = latest
        else:
            version = (FormDefinition.objects.filter(slug=slug).aggregate(m=Max("version"))["m"] or 0) + 1
            FormDefinition.objects.filter(slug=slug).update(published=False, superseded=True)
            form = FormDefinition.objects.create(slug=slug, version=version, created_by=user, **values)
    if form.published:
        _mark_online(form.procedure_id)
    return form


def set_published(form: FormDefinition, published: bool) -> FormDefinition:
    if form.superseded and published:
        raise UserError("古い版は公開できません。", "An old version cannot be published.")
    form.published = published
    form.save(update_fields=["published", "modified"])
    if published:
        _mark_online(form.procedure_id)
    return form


def current(slug: str, *, published_only: bool = True) -> FormDefinition | None:
    qs = FormDefinition.objects.filter(slug=slug, superseded=False)
    if published_only:
        qs = qs.filter(published=True)
    return qs.order_by("-version").first()


def search_published(q: str = ""):
    qs = FormDefinition.objects.filter(published=True, superseded=False)
    for word in unicodedata.normalize("NFKC", q or "").split():
        qs = qs.filter(Q(title__icontains=word) | Q(title_en__icontains=word) | Q(procedure_name__icontains=word)
                       | Q(department__icontains=word) | Q(description__icontains=word) | Q(keywords__icontains=word))
    return qs.order_by("department", "title")

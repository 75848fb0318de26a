"""Write actions (API token required): package_create/update/patch/delete, resource_*, organization_create."""

from django.db import transaction

from kanmin.catalog import permissions, services as catalog
from kanmin.catalog.forms import DatasetForm, GroupForm, OrganizationForm
from kanmin.catalog.models import Dataset, Group, Membership, Organization

from .actions_read import find_dataset, find_resource
from .dictize import group_dict, organization_dict, package_dict, resource_dict
from .errors import NotAuthorized, NotFound, ValidationError
from .params import as_bool, as_list, get_id
from .registry import action

EXTRA_FIELDS = ("update_frequency", "spatial", "temporal_start", "temporal_end", "attribution")


def require_login(ctx):
    if not ctx.authenticated:
        raise NotAuthorized("An API token is required for this action.", "この操作には API トークンが必要です。")


def require_edit(ctx, organization):
    require_login(ctx)
    if not permissions.can_edit(ctx.user, organization):
        raise NotAuthorized(
            f"User {ctx.user.username} not authorized to edit datasets of {organization.name}",
            f"組織「{organization.title}」のデータを編集する権限がありません。",
        )


def _organization(value) -> Organization:
    try:
        return catalog.get_organization(str(value))
    except Organization.DoesNotExist:
        raise ValidationError("Organization does not exist", "組織が存在しません。", owner_org=["Organization does not exist"]) from None


def _names(items, key="name") -> list[str]:
    out = []
    for item in items:
        out.append(str(item.get(key) or item.get("id") or "") if isinstance(item, dict) else str(item))
    return [n for n in out if n]


def _form_data(data: dict) -> tuple[dict, list[str], dict]:
    """Map a CKAN package dict onto DatasetForm data; returns (form data, tag names, extras)."""
    extras = {}
    for item in as_list(data, "extras"):
        if isinstance(item, dict) and item.get("key"):
            extras[str(item["key"])] = item.get("value")
    flat = {**extras, **{k: data[k] for k in EXTRA_FIELDS if k in data}}
    groups = []
    for name in _names(as_list(data, "groups")):
        try:
            groups.append(catalog.get_group(name).pk)
        except Group.DoesNotExist:
            raise ValidationError(f"Group {name} does not exist", f"分類「{name}」が存在しません。", groups=[f"Group {name} does not exist"]) from None
    form = {
        "name": data.get("name"),
        "title": data.get("title") or data.get("name"),
        "notes": data.get("notes") or "",
        "organization": _organization(data.get("owner_org")).pk if data.get("owner_org") else None,
        "license_id": data.get("license_id") or "cc-by-4.0",
        "groups": groups,
        "update_frequency": flat.get("update_frequency") or "irregular",
        "contact_name": data.get("maintainer") or "",
        "contact_email": data.get("maintainer_email") or "",
        "spatial": flat.get("spatial") or "",
        "temporal_start": flat.get("temporal_start") or None,
        "temporal_end": flat.get("temporal_end") or None,
        "url": data.get("url") or "",
        "version": data.get("version") or "",
        "author": data.get("author") or "",
        "attribution": flat.get("attribution") or "",
        "private": "on" if as_bool(data, "private") else "",
        "state": data.get("state") or "active",
    }
    rest = {k: v for k, v in extras.items() if k not in EXTRA_FIELDS}
    return form, _names(as_list(data, "tags")), rest


def _save(ctx, data: dict, instance=None) -> Dataset:
    form_data, tags, extras = _form_data(data)
    if not form_data["organization"]:
        raise ValidationError("Missing value: owner_org", "owner_org（組織）を指定してください。", owner_org=["Missing value"])
    org = Organization.objects.get(pk=form_data["organization"])
    require_edit(ctx, org)
    form = DatasetForm(form_data, instance=instance)
    if not form.is_valid():
        if "name" in form.errors and any("already exists" in e or "既に存在" in e for e in form.errors["name"]):
            raise ValidationError("That URL is already in use.", "その名前は既に使われています。", name=["That URL is already in use."])
        raise ValidationError.from_form(form)
    with transaction.atomic():
        dataset = form.save(commit=False)
        dataset.extras = extras
        dataset.save()
        form.save_m2m()
        catalog.set_tags(dataset, tags)
        if "resources" in data:
            _sync_resources(dataset, as_list(data, "resources"), replace=instance is not None)
        catalog.reindex(dataset)
    return dataset


def _sync_resources(dataset, resources: list, replace: bool) -> None:
    """Create listed resources without an id; on update, drop the ones no longer listed."""
    existing = {str(r.pk): r for r in dataset.resources.all()}
    listed = {str(r["id"]) for r in resources if isinstance(r, dict) and r.get("id")}
    if replace:
        for rid, r in existing.items():
            if rid not in listed:
                catalog.delete_resource(r)
    for r in resources:
        if isinstance(r, dict) and str(r.get("id") or "") not in existing:
            _resource_create(dataset, r, None)


@action("package_create", write=True)
def package_create(ctx, data):
    require_login(ctx)
    return package_dict(_save(ctx, data))


@action("package_update", write=True)
def package_update(ctx, data):
    dataset = find_dataset(ctx, get_id(data, "id", "name"))
    require_edit(ctx, dataset.organization)
    data = {**data, "name": data.get("name") or dataset.name, "owner_org": data.get("owner_org") or str(dataset.organization_id)}
    return package_dict(_save(ctx, data, instance=dataset))


@action("package_patch", write=True)
def package_patch(ctx, data):
    dataset = find_dataset(ctx, get_id(data, "id", "name"))
    require_edit(ctx, dataset.organization)
    current = package_dict(dataset)
    current.pop("resources")
    merged = {**current, **{k: v for k, v in data.items() if k != "id"}}
    return package_dict(_save(ctx, merged, instance=dataset))


@action("package_delete", write=True)
def package_delete(ctx, data):
    dataset = find_dataset(ctx, get_id(data, "id", "name"))
    require_edit(ctx, dataset.organization)
    catalog.delete_dataset(dataset)
    return None


RESOURCE_KEYS = ("name", "description", "url", "format", "package_id", "upload", "id")


def _resource_create(dataset, data: dict, upload, datastore_only=False):
    url = "" if datastore_only else str(data.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError("Invalid URL", "URL は http:// か https:// で始めてください。", url=["Please provide a valid URL"])
    name, description = str(data.get("name") or ""), str(data.get("description") or "")
    extras = {k: v for k, v in data.items() if k not in RESOURCE_KEYS and isinstance(v, (str, int, float, bool))}
    if not upload and not url:
        return catalog.create_empty_resource(dataset, name=name, description=description, extras=extras)
    resource, _job = catalog.create_resource(
        dataset, name=name, description=description, url=url, format=str(data.get("format") or ""),
        upload=upload, filename=getattr(upload, "name", ""), extras=extras,
    )
    return resource


def create_resource_from_dict(ctx, data: dict, upload=None, datastore_only=False) -> dict:
    dataset = find_dataset(ctx, get_id(data, "package_id"))
    require_edit(ctx, dataset.organization)
    if not upload and not data.get("url") and not datastore_only:
        raise ValidationError("Missing value: url or upload", "url か upload を指定してください。", url=["Missing value"])
    return resource_dict(_resource_create(dataset, data, upload, datastore_only))


@action("resource_create", write=True)
def resource_create(ctx, data):
    return create_resource_from_dict(ctx, data, ctx.request.FILES.get("upload"))


def _resource_update(ctx, data, patch: bool):
    resource = find_resource(ctx, get_id(data, "id"))
    require_edit(ctx, resource.dataset.organization)
    upload = ctx.request.FILES.get("upload")
    fields = ("name", "description", "format")
    for key in fields:
        if key in data or not patch:
            setattr(resource, key, str(data.get(key) or (getattr(resource, key) if key == "name" else "")))
    if not upload and data.get("url") and not resource.file:
        resource.url = str(data["url"])
    resource.save()
    if upload:
        job = catalog.attach_upload(resource, upload, upload.name)
        if job is not None and job.status == job.Status.FAILED:
            raise ValidationError(job.message_en, job.message_ja, upload=[job.message_en])
        resource.refresh_from_db()
    catalog.reindex(resource.dataset, touch=True)
    return resource_dict(resource)


@action("resource_update", write=True)
def resource_update(ctx, data):
    return _resource_update(ctx, data, patch=False)


@action("resource_patch", write=True)
def resource_patch(ctx, data):
    return _resource_update(ctx, data, patch=True)


@action("resource_delete", write=True)
def resource_delete(ctx, data):
    resource = find_resource(ctx, get_id(data, "id"))
    require_edit(ctx, resource.dataset.organization)
    catalog.delete_resource(resource)
    return None


def _create_owner_group(ctx, data, form_class, dictize):
    require_login(ctx)
    if not ctx.user.is_superuser:
        raise NotAuthorized("Only site administrators can create this.", "サイト管理者のみ作成できます。")
    form = form_class({k: data.get(k) or "" for k in ("name", "title", "title_en", "description", "email")})
    if not form.is_valid():
        raise ValidationError.from_form(form)
    obj = form.save()
    return dictize(obj, package_count=0)


@action("organization_create", write=True)
def organization_create(ctx, data):
    return _create_owner_group(ctx, data, OrganizationForm, organization_dict)


@action("group_create", write=True)
def group_create(ctx, data):
    return _create_owner_group(ctx, data, GroupForm, group_dict)


@action("organization_member_create", write=True)
def organization_member_create(ctx, data):
    require_login(ctx)
    org = _organization(get_id(data, "id"))
    if not permissions.can_admin(ctx.user, org):
        raise NotAuthorized("Only organization admins can add members.", "組織の管理者のみメンバーを追加できます。")
    from django.contrib.auth import get_user_model

    try:
        user = get_user_model().objects.get(username=get_id(data, "username"))
    except get_user_model().DoesNotExist:
        raise NotFound("User not found", "ユーザーが見つかりません。") from None
    role = data.get("role", "member")
    if role not in Membership.Role.values:
        raise ValidationError("Invalid role", "役割が不正です。", role=["Invalid role"])
    Membership.objects.update_or_create(user=user, organization=org, defaults={"role": role})
    return {"id": str(org.id), "username": user.username, "role": role}

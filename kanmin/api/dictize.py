"""Catalog objects as CKAN dicts (the shapes CKAN's package_show etc. return)."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse

from kanmin.core import hooks
from kanmin.catalog.licenses import license_title, license_url
from kanmin.datastore import services as datastore


def _iso(value):
    return value.isoformat() if value else None


def site_url() -> str:
    return settings.KANMIN_SITE_URL.rstrip("/")


def organization_dict(org, *, package_count=None) -> dict:
    out = {
        "id": str(org.id),
        "name": org.name,
        "title": org.title,
        "title_en": org.title_en,
        "display_name": org.title,
        "description": org.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "image_url": "",
        "created": _iso(org.created),
        "approval_status": "approved",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def group_dict(group, *, package_count=None) -> dict:
    out = {
        "id": str(group.id),
        "name": group.name,
        "title": group.title,
        "title_en": group.title_en,
        "display_name": group.title,
        "description": group.description,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "image_display_url": "",
        "created": _iso(group.created),
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def resource_url(resource, datastore_active: bool = False) -> str:
    """The uploaded file, else the external link, else (datastore-only resources) the CSV dump."""
    if resource.file:
        return site_url() + reverse("web:resource_download", args=[resource.dataset.name, resource.pk, resource.original_filename or "data"])
    if not resource.url and datastore_active:
        return site_url() + reverse("web:datastore_dump", args=[resource.pk])
    return resource.url


def resource_dicts(resources) -> list[dict]:
    """API dicts for many resources, with one datastore lookup and one hook call per domain in all."""
    resources = list(resources)
    counts = datastore.row_counts([r.pk for r in resources])
    extras = hooks.collect_by_key("resource_extras", resources)
    return [_resource_dict(r, counts.get(r.pk), extras.get(r.pk, {})) for r in resources]


def resource_dict(resource) -> dict:
    return resource_dicts([resource])[0]


def _resource_dict(resource, row_count: int | None, hook_extras: dict) -> dict:
    active = row_count is not None
    out = {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "url": resource_url(resource, active),
        "url_type": "upload" if resource.file else "",
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "encoding": resource.encoding,
        "size": resource.size,
        "hash": resource.hash,
        "position": resource.position,
        "created": _iso(resource.created),
        "last_modified": _iso(resource.last_modified),
        "metadata_modified": _iso(resource.last_modified or resource.created),
        "datastore_active": active,
        "state": "active",
    }
    if active:
        out["datastore_row_count"] = row_count
    out.update({k: v for k, v in (resource.extras or {}).items() if k not in out})
    out.update(hook_extras)
    return out


def package_dicts(datasets) -> list[dict]:
    """API dicts for many datasets; related rows are fetched once for the whole list."""
    datasets = list(datasets)
    fetched_here = [d for d in datasets if not hasattr(d, "_prefetched_objects_cache")]
    prefetch_related_objects(fetched_here, "organization", "tags", "groups", "resources")
    resources = resource_dicts(r for d in datasets for r in d.resources.all())
    by_dataset: dict = {}
    for res in resources:
        by_dataset.setdefault(res["package_id"], []).append(res)
    out = [_package_dict(d, by_dataset.get(str(d.id), [])) for d in datasets]
    for d in fetched_here:  # a caller that saves this object next must not see stale tags or resources
        del d._prefetched_objects_cache
    return out


def package_dict(dataset) -> dict:
    return package_dicts([dataset])[0]


def _package_dict(dataset, resources: list[dict]) -> dict:
    org = dataset.organization
    tags = list(dataset.tags.all())
    groups = list(dataset.groups.all())
    extras = [{"key": k, "value": v if isinstance(v, str) else str(v)} for k, v in sorted((dataset.extras or {}).items())]
    for key, value in (
        ("update_frequency", dataset.update_frequency),
        ("spatial", dataset.spatial),
        ("temporal_start", _iso(dataset.temporal_start)),
        ("temporal_end", _iso(dataset.temporal_end)),
        ("attribution", dataset.attribution),
    ):
        if value:
            extras.append({"key": key, "value": value})
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": dataset.state,
        "private": dataset.private,
        "license_id": dataset.license_id,
        "license_title": license_title(dataset.license_id),
        "license_url": license_url(dataset.license_id),
        "isopen": dataset.license_id != "other-closed",
        "url": dataset.url,
        "version": dataset.version,
        "author": dataset.author,
        "author_email": None,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "owner_org": str(org.id),
        "organization": organization_dict(org),
        "metadata_created": _iso(dataset.created),
        "metadata_modified": _iso(dataset.modified),
        "update_frequency": dataset.update_frequency,
        "spatial": dataset.spatial,
        "temporal_start": _iso(dataset.temporal_start),
        "temporal_end": _iso(dataset.temporal_end),
        "attribution": dataset.attribution,
        "tags": [{"id": str(t.id), "name": t.name, "display_name": t.name, "state": "active"} for t in tags],
        "num_tags": len(tags),
        "groups": [{"id": str(g.id), "name": g.name, "title": g.title, "display_name": g.title} for g in groups],
        "resources": resources,
        "num_resources": len(resources),
        "extras": extras,
        "relationships_as_object": [],
        "relationships_as_subject": [],
        "ckan_url": site_url() + reverse("web:dataset", args=[dataset.name]),
    }

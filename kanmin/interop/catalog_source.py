"""The public catalog as CKAN package dicts: the single source every export (DCAT, data.json,
Data Package, feeds) is built from.

Reads go only through :mod:`kanmin.catalog.services` (search, get_dataset, get_organization,
get_group), :mod:`kanmin.catalog.permissions` and :func:`kanmin.api.dictize.package_dict`, so
private, draft and deleted datasets never leak into an export.
"""

from django.conf import settings

from kanmin.api.dictize import group_dict, organization_dict, package_dict, package_dicts, site_url
from kanmin.catalog import permissions, services as catalog

PAGE = 500


def base_url() -> str:
    return site_url()


def csv_dump_url(base: str, resource_id) -> str:
    """The CSV dump of a resource's datastore table."""
    return f"{base}/datastore/dump/{resource_id}?format=csv"


def site_title() -> str:
    return settings.KANMIN_SITE_NAME


def publisher_name() -> str:
    """Who publishes the catalog as a whole (the municipality); defaults to the site name."""
    return getattr(settings, "KANMIN_PUBLISHER_NAME", "") or settings.KANMIN_SITE_NAME


def iter_public_pages(*, filters=None, sort="metadata_modified desc", limit=None):
    """Active public datasets (Dataset objects), newest first, one search page (a list) at a time."""
    start = 0
    while True:
        rows = PAGE if limit is None else min(PAGE, limit - start)
        if rows <= 0:
            return
        result = catalog.search(None, filters=filters or {}, sort=sort, start=start, rows=rows)
        if result.results:
            yield result.results
        start += len(result.results)
        if len(result.results) < rows or start >= result.count:
            return


def iter_public_datasets(**kwargs):
    """Like :func:`iter_public_pages`, one dataset at a time."""
    for page in iter_public_pages(**kwargs):
        yield from page


def public_package_dicts(**kwargs) -> list[dict]:
    return [package for page in iter_public_pages(**kwargs) for package in package_dicts(page)]


def public_dataset(name: str):
    """The dataset named ``name`` if anonymous users may see it, else None."""
    try:
        dataset = catalog.get_dataset(name)
    except Exception:  # noqa: BLE001 - DoesNotExist or a malformed key
        return None
    if dataset.state != "active" or dataset.private or not permissions.can_view(None, dataset):
        return None
    return dataset


def public_package(name: str) -> dict | None:
    dataset = public_dataset(name)
    return package_dict(dataset) if dataset is not None else None


def organization(name: str) -> dict | None:
    try:
        return organization_dict(catalog.get_organization(name))
    except Exception:  # noqa: BLE001
        return None


def group(name: str) -> dict | None:
    try:
        return group_dict(catalog.get_group(name))
    except Exception:  # noqa: BLE001
        return None

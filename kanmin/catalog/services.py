"""Catalog operations used by the web UI, the API, the CLI and other domains."""

import logging
import uuid
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kanmin.core import hooks, jobs
from kanmin.core.errors import StructureError, UserError
from kanmin.datastore import services as datastore

from . import files
from .models import Dataset, Group, Organization, Resource, Tag
from .search import normalize, search  # noqa: F401  (re-exported for other domains)

log = logging.getLogger(__name__)


def reindex(dataset: Dataset, *, touch: bool = False) -> None:
    """Rebuild the text that ``q`` searches; with ``touch``, also mark the dataset modified now."""
    parts = [dataset.name, dataset.title, dataset.notes, dataset.organization.title, dataset.organization.name]
    parts += list(dataset.tags.values_list("name", flat=True))
    parts += [g.title for g in dataset.groups.all()]
    parts += [f"{r.name} {r.description} {r.format}" for r in dataset.resources.all()]
    text = normalize(" ".join(p for p in parts if p))
    Dataset.objects.filter(pk=dataset.pk).update(search_text=text, **({"modified": timezone.now()} if touch else {}))
    dataset.search_text = text


def set_tags(dataset: Dataset, names) -> None:
    tags = [Tag.objects.get_or_create(name=n.strip()[:100])[0] for n in names if n and n.strip()]
    dataset.tags.set(tags)


def _by_id_or_name(qs, key: str):
    """Look up by UUID primary key, then by name; raises DoesNotExist."""
    try:
        return qs.get(pk=uuid.UUID(str(key)))
    except (ValueError, qs.model.DoesNotExist):
        return qs.get(name=key)


def get_dataset(id_or_name: str) -> Dataset:
    return _by_id_or_name(Dataset.objects.select_related("organization"), id_or_name)


def get_organization(id_or_name: str) -> Organization:
    return _by_id_or_name(Organization.objects.all(), id_or_name)


def get_group(id_or_name: str) -> Group:
    return _by_id_or_name(Group.objects.all(), id_or_name)


def get_resource(resource_id) -> Resource:
    """By UUID (raises Resource.DoesNotExist for unknown or malformed ids), with its dataset loaded."""
    try:
        key = uuid.UUID(str(resource_id))
    except ValueError:
        raise Resource.DoesNotExist(str(resource_id)) from None
    return Resource.objects.select_related("dataset__organization").get(pk=key)


# --- resources -------------------------------------------------------------------------------


def ingest_file(progress, resource_id: str, stored: files.StoredFile, previous: str = "", sheet=None):
    """Load a stored file into the datastore (if tabular), then make it the resource's file.

    Used as a job body. On failure the stored file is removed and the resource keeps its old file
    and its old datastore table.
    """
    if datastore.is_tabular(stored.format):
        try:
            datastore.load_file(resource_id, stored.absolute, stored.format, progress, sheet=sheet, source_name=stored.filename)
        except StructureError:
            if previous:  # a replacement must not take the served data away
                files.remove(stored.path)
                raise
            _commit_file(resource_id, stored, previous)  # keep the file for review and conversion
            raise
        except BaseException:
            files.remove(stored.path)
            raise
    else:
        datastore.delete(resource_id)  # a non-tabular replacement: nothing to query any more (no-op if none)
    _commit_file(resource_id, stored, previous)
    return "取り込みが完了しました / Loaded."


def _commit_file(resource_id: str, stored: files.StoredFile, previous: str) -> None:
    info = datastore.info(resource_id)
    Resource.objects.filter(pk=resource_id).update(
        file=stored.path,
        original_filename=stored.filename,
        format=stored.format,
        mimetype=stored.mimetype,
        size=stored.size,
        hash=f"sha256:{stored.sha256}",
        encoding=(info or {}).get("encoding") or "",
        url="",
        last_modified=timezone.now(),
    )
    if previous and previous != stored.path:
        files.remove(previous)
    resource = Resource.objects.select_related("dataset__organization").get(pk=resource_id)
    reindex(resource.dataset, touch=True)
    hooks.notify("on_resource_loaded", resource_id)


def attach_upload(resource: Resource, fileobj, filename: str, *, sheet=None) -> jobs.Job | None:
    """Store an uploaded file for ``resource``. Tabular files are loaded into the datastore by a job
    and become the resource's file only if the load succeeds; other files are attached at once."""
    stored = files.store(fileobj, filename, f"resources/{resource.pk}")
    if datastore.is_tabular(stored.format):
        return jobs.start("datastore_load", resource.pk, ingest_file, str(resource.pk), stored, resource.file, sheet)
    ingest_file(None, str(resource.pk), stored, resource.file)
    return None


def create_resource(dataset: Dataset, *, name="", description="", url="", format="", upload=None, filename="", extras=None):
    """Create a resource; returns (resource, job or None). A failed inline load removes the new resource."""
    if not upload and not url:
        raise UserError("ファイルかURLを指定してください。", "Upload a file or give a URL.", field="url")
    position = dataset.resources.count()
    resource = Resource.objects.create(
        dataset=dataset,
        name=name or (Path(filename).name if filename else url.rsplit("/", 1)[-1]) or "resource",
        description=description,
        url=url if not upload else "",
        format=(format or "").upper() or (Path(url).suffix.upper().lstrip(".") if url else ""),
        position=position,
        extras=extras or {},
        last_modified=timezone.now(),
    )
    if not upload:
        reindex(dataset, touch=True)
        return resource, None
    try:
        job = attach_upload(resource, upload, filename or name)
    except BaseException:
        resource.delete()
        raise
    resource.refresh_from_db()
    if job is not None and job.status == job.Status.FAILED and not resource.file:
        resource.delete()
        raise UserError(job.message_ja, job.message_en, field="upload")
    return resource, job


def create_empty_resource(dataset: Dataset, *, name="", description="", extras=None) -> Resource:
    """A resource whose data comes only through datastore_create (CKAN's datastore-only resource)."""
    resource = Resource.objects.create(
        dataset=dataset, name=name or "datastore", description=description, format="CSV",
        position=dataset.resources.count(), extras=extras or {}, last_modified=timezone.now(),
    )
    reindex(dataset, touch=True)
    return resource


def delete_resource(resource: Resource) -> None:
    dataset = resource.dataset
    with transaction.atomic():
        datastore.delete(resource.pk)
        path = resource.file
        resource.delete()
    files.remove(path)
    reindex(dataset, touch=True)


def delete_dataset(dataset: Dataset) -> None:
    """CKAN semantics: mark deleted (kept for recovery); its datastore tables are dropped."""
    for r in dataset.resources.all():
        datastore.delete(r.pk)
    dataset.state = Dataset.State.DELETED
    dataset.save(update_fields=["state", "modified"])


def save_dataset_form(form, tag_names=None) -> Dataset:
    with transaction.atomic():
        dataset = form.save()
        set_tags(dataset, form.tag_names() if tag_names is None else tag_names)
        reindex(dataset)
    return dataset


MACHINE_READABLE_FORMATS = {"CSV", "TSV", "XLSX", "XLS", "ODS", "JSON", "GEOJSON", "XML", "RDF", "TTL"}


def machine_readable_share() -> float:
    """Share (0–1) of public resources in a machine-readable format (CSV, Excel, JSON, …)."""
    qs = Resource.objects.filter(dataset__state=Dataset.State.ACTIVE, dataset__private=False)
    total = qs.count()
    return qs.filter(format__in=MACHINE_READABLE_FORMATS).count() / total if total else 0.0


def with_package_counts(model):
    """Organizations or groups annotated with ``package_count``: their active public datasets (one query)."""
    public = Q(datasets__state=Dataset.State.ACTIVE, datasets__private=False)
    return model.objects.annotate(package_count=Count("datasets", filter=public, distinct=True))


def counts() -> dict:
    return {
        "datasets": Dataset.objects.filter(state=Dataset.State.ACTIVE, private=False).count(),
        "resources": Resource.objects.filter(dataset__state=Dataset.State.ACTIVE, dataset__private=False).count(),
        "organizations": Organization.objects.count(),
        "groups": Group.objects.count(),
    }

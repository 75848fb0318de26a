"""Run a harvest: fetch the remote listing, then create/update/delete our copies.

Consistency rules (see docs/interop.md):

1. The remote listing is read completely before anything is written. A broken URL, a timeout,
   an HTML or junk answer, or a too-large answer fails the job with a bilingual message and
   changes nothing in our catalog.
2. Each remote dataset is then imported in its own transaction (dataset, tags, resources
   together): it arrives whole or not at all. A dataset that cannot be imported is listed in
   the job's ``errors_log`` and the others still arrive (status "partial").
3. Datasets that disappeared remotely are marked deleted here, but only when the listing was
   complete, so a remote hiccup never deletes our copies.
"""

import logging
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone

from kanmin.catalog import services as catalog
from kanmin.catalog.forms import DatasetForm, ResourceForm
from kanmin.core import jobs
from kanmin.core.errors import UserError

from ..models import HarvestJob, HarvestRecord, HarvestSource
from . import mapping
from .remote import RemoteCatalog

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=6)


def _form_errors(form) -> UserError:
    parts = []
    for field, errors in form.errors.items():
        parts.append(f"{field}: {' '.join(str(e) for e in errors)}")
    text = "; ".join(parts)[:500]
    return UserError(f"データセットの項目が正しくありません（{text}）。", f"Invalid dataset fields ({text}).")


def _describe(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, UserError):
        return exc.ja, exc.en
    if isinstance(exc, DatabaseError):
        return (f"データベースへの保存に失敗しました（{type(exc).__name__}）。", f"Saving to the database failed ({type(exc).__name__}).")
    return (f"予期しないエラーです（{type(exc).__name__}）。", f"Unexpected error ({type(exc).__name__}).")


class Importer:
    """Imports the packages of one listing for one source."""

    def __init__(self, source: HarvestSource, job: HarvestJob):
        self.source = source
        self.job = job
        try:
            self.organization = catalog.get_organization(source.organization_name)
        except Exception:  # noqa: BLE001 - DoesNotExist
            raise UserError(
                f"取り込み先の組織「{source.organization_name}」がありません。",
                f"The target organization '{source.organization_name}' does not exist.",
            ) from None
        self.records = {r.remote_id: r for r in HarvestRecord.objects.filter(source=source)}
        self.group_pks: dict = {}  # local category name -> pk, or None if there is none (looked up once a run)

    def _local(self, record):
        if record is None:
            return None
        try:
            return catalog.get_dataset(str(record.dataset_id))
        except Exception:  # noqa: BLE001 - removed from the database entirely
            return None

    def _free_name(self, remote_name: str) -> str:
        for name in mapping.candidate_names(self.source.name, remote_name):
            try:
                catalog.get_dataset(name)
            except Exception:  # noqa: BLE001 - DoesNotExist: the name is free
                return name
        raise UserError(
            f"データセット名「{remote_name}」の空きが見つかりません。",
            f"No free local name for dataset '{remote_name}'.",
        )

    def _group_pk(self, name: str):
        if name not in self.group_pks:
            try:
                self.group_pks[name] = catalog.get_group(name).pk
            except Exception:  # noqa: BLE001 - no such local category: dropped
                self.group_pks[name] = None
        return self.group_pks[name]

    def _groups(self, pkg) -> list:
        return [pk for pk in map(self._group_pk, mapping.group_names(pkg)) if pk is not None]

    def import_one(self, pkg: dict) -> str:
        """Create or update our copy of ``pkg``; returns "created", "updated" or "unchanged"."""
        record = self.records.get(pkg["id"])
        dataset = self._local(record)
        modified = mapping.text(pkg.get("metadata_modified"), 40)
        if dataset is not None and dataset.state == "deleted" and not record.deleted:
            return "unchanged"  # deleted here by staff: stays deleted
        if dataset is not None and not record.deleted and record.remote_modified == modified and modified:
            return "unchanged"
        name = dataset.name if dataset is not None else self._free_name(pkg["name"])
        data = mapping.form_data(pkg, name=name, organization_pk=self.organization.pk, group_pks=self._groups(pkg))
        links, skipped = mapping.resources(pkg)
        remote_url = pkg.get("ckan_url") if isinstance(pkg.get("ckan_url"), str) else ""
        provenance = {
            "harvest_source_id": str(self.source.pk),
            "harvest_source": self.source.name,
            "harvest_source_url": self.source.api_base,
            "harvest_remote_id": pkg["id"],
            "harvest_remote_name": pkg["name"],
            "harvest_remote_url": mapping.valid_url(remote_url, 1000) or f"{self.source.api_base}/dataset/{pkg['name']}",
            "harvest_remote_modified": modified,
        }
        with transaction.atomic():
            form = DatasetForm(data, instance=dataset)
            if not form.is_valid():
                raise _form_errors(form)
            form.instance.extras = mapping.dataset_extras(pkg, provenance)
            saved = catalog.save_dataset_form(form, mapping.tags(pkg))
            self._sync_resources(saved, links)
            catalog.reindex(saved)
            HarvestRecord.objects.update_or_create(
                source=self.source, remote_id=pkg["id"],
                defaults={"remote_name": pkg["name"][:200], "dataset_id": saved.pk, "remote_modified": modified, "deleted": False},
            )
        if skipped:
            self.note(pkg["name"], f"URL が使えないリソースを飛ばしました：{', '.join(skipped[:5])}",
                      f"Skipped resources without a usable URL: {', '.join(skipped[:5])}", level="warning")
        return "created" if dataset is None else "updated"

    def _sync_resources(self, dataset, links: list[dict]) -> None:
        existing = {}
        for res in dataset.resources.all():
            existing[str((res.extras or {}).get("harvest_remote_id") or res.pk)] = res
        for item in links:
            extras = {"harvest_remote_id": item["remote_id"]}
            res = existing.pop(item["remote_id"], None)
            if res is None:
                catalog.create_resource(dataset, name=item["name"], description=item["description"], url=item["url"],
                                        format=item["format"], extras=extras)
                continue
            form = ResourceForm({k: item[k] for k in ("name", "description", "url", "format")}, instance=res)
            if not form.is_valid():
                raise _form_errors(form)
            form.save()
        for res in existing.values():
            catalog.delete_resource(res)

    def delete_missing(self, seen: set) -> int:
        count = 0
        for remote_id, record in self.records.items():
            if remote_id in seen or record.deleted:
                continue
            with transaction.atomic():
                dataset = self._local(record)
                if dataset is not None and dataset.state != "deleted":
                    catalog.delete_dataset(dataset)
                    count += 1
                record.deleted = True
                record.save(update_fields=["deleted", "updated"])
        return count

    def note(self, label: str, ja: str, en: str, level: str = "error") -> None:
        self.job.errors_log.append({"remote": label[:200], "level": level, "ja": ja, "en": en})


def _summary(job: HarvestJob) -> tuple[str, str]:
    return (
        f"取得 {job.remote_count} 件：新規 {job.created_count} 件、更新 {job.updated_count} 件、変更なし {job.unchanged_count} 件、"
        f"削除 {job.deleted_count} 件、エラー {job.error_count} 件。",
        f"Fetched {job.remote_count}: {job.created_count} created, {job.updated_count} updated, "
        f"{job.unchanged_count} unchanged, {job.deleted_count} deleted, {job.error_count} errors.",
    )


def _finish(job: HarvestJob, status, ja: str, en: str) -> HarvestJob:
    job.status, job.message_ja, job.message_en, job.finished = status, ja, en, timezone.now()
    job.save()
    return job


def run(source: HarvestSource, *, job: HarvestJob | None = None, trigger: str = "manual", progress=None, **remote_options) -> HarvestJob:
    """Harvest ``source`` now and return the finished job (never raises for remote problems)."""
    job = job or HarvestJob.objects.create(source=source, trigger=trigger)
    fail_stale(source)
    busy = HarvestJob.objects.filter(source=source, status=HarvestJob.Status.RUNNING, started__gte=timezone.now() - STALE_AFTER)
    if busy.exclude(pk=job.pk).exists():
        return _finish(job, HarvestJob.Status.FAILED, "このハーベスト元は別のジョブが実行中です。終わってから実行してください。",
                       "Another harvest of this source is running; try again when it has finished.")
    job.status, job.started = HarvestJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started"])
    HarvestSource.objects.filter(pk=source.pk).update(last_started=job.started)
    source.last_started = job.started
    try:
        importer = Importer(source, job)
        listing = RemoteCatalog(source.api_base, source.fq, **remote_options).list_packages(progress)
    except UserError as exc:
        return _finish(job, HarvestJob.Status.FAILED, f"{exc.ja} 取り込みは行っていません。", f"{exc.en} Nothing was imported.")
    except Exception as exc:  # noqa: BLE001 - a job must always end with a status
        log.exception("harvest %s failed while fetching", source.name)
        ja, en = _describe(exc)
        return _finish(job, HarvestJob.Status.FAILED, f"{ja} 取り込みは行っていません。", f"{en} Nothing was imported.")

    job.remote_count = len(listing.packages)
    for label, ja, en in listing.skipped:
        importer.note(label, ja, en)
        job.error_count += 1
    total = len(listing.packages)
    for n, pkg in enumerate(listing.packages, start=1):
        try:
            outcome = importer.import_one(pkg)
        except Exception as exc:  # noqa: BLE001 - recorded per dataset; the others go on
            if not isinstance(exc, UserError):
                log.warning("harvest %s: dataset %s failed: %r", source.name, pkg.get("name"), exc)
            ja, en = _describe(exc)
            importer.note(str(pkg.get("name")), ja, en)
            job.error_count += 1
        else:
            setattr(job, f"{outcome}_count", getattr(job, f"{outcome}_count") + 1)
        if progress:
            progress(n, total)
    if listing.complete:
        job.deleted_count = importer.delete_missing({p["id"] for p in listing.packages})
    else:
        importer.note("-", "リモートの件数が取得中に変わったため、削除の反映は次回に回しました。",
                      "The remote count changed while reading, so deletions are left for the next run.", level="warning")
    ja, en = _summary(job)
    status = HarvestJob.Status.PARTIAL if job.error_count else HarvestJob.Status.DONE
    return _finish(job, status, ja, en)


INTERRUPTED = ("中断されました（サーバーの再起動など）。もう一度実行してください。",
               "Interrupted (e.g. by a server restart); please run it again.")


def fail_stale(source: HarvestSource) -> None:
    """Jobs left "running" by a stopped process: older than STALE_AFTER, or whose core job failed."""
    from kanmin.core.models import Job

    running = HarvestJob.objects.filter(source=source, status__in=[HarvestJob.Status.RUNNING, HarvestJob.Status.QUEUED])
    for job in running:
        core = Job.objects.filter(pk=job.core_job_id).first() if job.core_job_id else None
        old = (job.started or job.created) < timezone.now() - STALE_AFTER
        if old or (core is not None and core.status == Job.Status.FAILED):
            _finish(job, HarvestJob.Status.FAILED, *INTERRUPTED)


def _job_body(progress, job_id: str) -> str:
    job = HarvestJob.objects.select_related("source").get(pk=job_id)
    job = run(job.source, job=job, progress=progress)
    if job.status == HarvestJob.Status.FAILED:
        raise UserError(job.message_ja, job.message_en)
    return f"{job.message_ja} / {job.message_en}"


def start(source: HarvestSource, trigger: str = "staff") -> HarvestJob:
    """Run a harvest as a background job with progress (inline in tests); returns our job record."""
    job = HarvestJob.objects.create(source=source, trigger=trigger)
    core = jobs.start("harvest", source.pk, _job_body, str(job.pk))
    HarvestJob.objects.filter(pk=job.pk).update(core_job_id=core.pk)
    job.refresh_from_db()
    return job


def due_sources(now=None) -> list[HarvestSource]:
    now = now or timezone.now()
    return [s for s in HarvestSource.objects.filter(active=True) if s.is_due(now)]

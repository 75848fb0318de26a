"""Workflow of a de-identified release: upload → configure and run → submit → review → publish.

Other domains use :func:`has_approved_review` (keep the name stable).
"""

import uuid

from django.db import transaction
from django.utils import timezone

from kanmin.catalog import permissions
from kanmin.catalog import services as catalog
from kanmin.catalog.forms import DatasetForm
from kanmin.catalog.licenses import DEFAULT_LICENSE
from kanmin.core.errors import UserError

from . import aggregate, engine, storage
from .models import PrivacyRelease, ReleaseEvent

Status = PrivacyRelease.Status


def has_approved_review(inventory_item_id: str) -> bool:
    """True when a release linked to that inventory item passed staff review (approved or published)."""
    if not inventory_item_id:
        return False
    return PrivacyRelease.objects.filter(
        inventory_item_id=str(inventory_item_id), status__in=[Status.APPROVED, Status.PUBLISHED]
    ).exists()


def log(release: PrivacyRelease, user, action: str, note: str = "") -> None:
    ReleaseEvent.objects.create(release=release, user=user, action=action, note=note[:2000])


def organization_of(release: PrivacyRelease):
    return catalog.get_organization(str(release.organization_id))


def can_access(user, release: PrivacyRelease) -> bool:
    """Only staff who may edit in the release's organization see it (raw data included)."""
    return permissions.can_edit_organization_id(user, release.organization_id)


def create_release(user, organization, *, title: str, upload, filename: str, mode: str = "kanon",
                   source_description: str = "", inventory_item_id: str = "", sheet: str = "") -> PrivacyRelease:
    """Store the raw table privately and read its columns; nothing is kept if the table is unreadable."""
    if not permissions.can_edit(user, organization):
        raise UserError("この組織でデータを扱う権限がありません。", "You may not handle data of this organization.")
    release_id = uuid.uuid4()
    rel, fmt = storage.store_upload(upload, filename, release_id)
    try:
        header, rows = storage.read_table(rel, fmt, sheet)
        if not rows:
            raise UserError("表にデータ行がありません。", "The table has no data rows.")
        with transaction.atomic():
            release = PrivacyRelease.objects.create(
                id=release_id, organization_id=organization.pk, title=title.strip()[:200], mode=mode,
                source_description=source_description, inventory_item_id=(inventory_item_id or "").strip(),
                raw_file=rel, raw_filename=storage.Path(filename).name[:200], raw_format=fmt, raw_sheet=sheet or "",
                columns=header, row_count=len(rows), created_by=user,
            )
            log(release, user, "upload", f"{filename} ({len(rows)} rows)")
    except BaseException:
        storage.remove_folder(rel)
        raise
    return release


def load_rows(release: PrivacyRelease) -> tuple[list, list]:
    if not release.raw_file:
        raise UserError(
            "元データは削除済みのため、再処理できません。", "The raw input was deleted; it cannot be processed again.",
        )
    return storage.read_table(release.raw_file, release.raw_format, release.raw_sheet)


def _require_editable(release: PrivacyRelease) -> None:
    if release.status not in (Status.DRAFT, Status.REJECTED):
        raise UserError(
            "審査中・承認済み・公開済みの加工は変更できません。新しく作成してください。",
            "A submitted, approved or published release cannot be changed; create a new one.",
        )


def run(release: PrivacyRelease, user, parameters: dict) -> dict:
    """Run the de-identification with ``parameters``; saves the result CSV and the risk report."""
    _require_editable(release)
    header, rows = load_rows(release)
    if release.mode == PrivacyRelease.Mode.AGGREGATE:
        out_header, out_rows, report = _run_aggregate(header, rows, parameters)
    else:
        config = engine.Config(
            roles=parameters.get("roles", {}), hierarchies=parameters.get("hierarchies", {}),
            value_maps=parameters.get("value_maps", {}), k=int(parameters.get("k", 5)),
            l=int(parameters.get("l", 1)), max_suppression=float(parameters.get("max_suppression", 0.05)),
        )
        result = engine.anonymize(header, rows, config)
        out_header, out_rows, report = result.header, result.rows, result.report.as_dict()
    path = storage.write_csv(release.pk, "result.csv", out_header, out_rows)
    with transaction.atomic():
        release.parameters = parameters
        release.result_file = path
        release.risk_report = report
        release.status = Status.DRAFT
        release.save(update_fields=["parameters", "result_file", "risk_report", "status", "modified"])
        log(release, user, "run", _summary(report))
    return report


def _run_aggregate(header, rows, parameters):
    threshold = int(parameters.get("threshold", 3))
    row_var, col_var = parameters.get("row_var", ""), parameters.get("col_var", "")
    table = aggregate.suppress(aggregate.crosstab(header, rows, row_var, col_var), threshold)
    out_header, out_rows = table.as_table(row_var, col_var)
    report = {
        "threshold": threshold, "row_var": row_var, "col_var": col_var, "records_in": len(rows),
        "cells": len(table.row_values) * len(table.col_values), "primary": len(table.primary),
        "secondary": len(table.hidden - table.primary), "recoverable": len(aggregate.recoverable(table)),
    }
    return out_header, out_rows, report


def _summary(report: dict) -> str:
    if "k_achieved" in report:
        return f"k={report['k_achieved']} l={report['l_achieved']} suppressed={report['suppressed']}"
    return f"primary={report['primary']} secondary={report['secondary']}"


def result_rows(release: PrivacyRelease, limit: int = 50) -> tuple[list, list]:
    if not release.result_file:
        return [], []
    import csv

    with open(storage.absolute(release.result_file), encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = [row for _, row in zip(range(limit), reader)]
    return header, rows


def submit(release: PrivacyRelease, user) -> None:
    _require_editable(release)
    if not release.result_file:
        raise UserError("先に加工を実行してください。", "Run the de-identification first.")
    with transaction.atomic():
        release.status, release.submitted_by, release.submitted_at = Status.SUBMITTED, user, timezone.now()
        release.reviewer, release.reviewed_at, release.review_comment = None, None, ""
        release.save()
        log(release, user, "submit")


def review(release: PrivacyRelease, user, *, approve: bool, comment: str = "") -> None:
    """Approve or reject; the reviewer must be another person than the one who prepared or submitted it."""
    if release.status != Status.SUBMITTED:
        raise UserError("審査待ちではありません。", "This release is not waiting for review.")
    if user.pk in (release.submitted_by_id, release.created_by_id):
        raise UserError(
            "作成・提出した本人は審査できません（二者確認）。別の職員に審査を依頼してください。",
            "The person who prepared or submitted a release cannot review it (four-eyes); ask another staff member.",
        )
    if not can_access(user, release):
        raise UserError("この組織の審査権限がありません。", "You may not review releases of this organization.")
    if not approve and not comment.strip():
        raise UserError("差戻しの理由を書いてください。", "Give a reason for sending it back.")
    with transaction.atomic():
        release.status = Status.APPROVED if approve else Status.REJECTED
        release.reviewer, release.reviewed_at, release.review_comment = user, timezone.now(), comment.strip()
        release.save()
        log(release, user, "approve" if approve else "reject", comment)


def publish(release: PrivacyRelease, user, dataset_data: dict):
    """Create a catalog dataset with the released CSV as its resource. Refused unless approved."""
    if release.status != Status.APPROVED:
        raise UserError(
            "審査で承認された加工だけを公開できます。", "Only a release approved in review can be published.",
        )
    if not can_access(user, release):
        raise UserError("この組織で公開する権限がありません。", "You may not publish for this organization.")
    organization = organization_of(release)
    data = {
        "state": "active", "license_id": DEFAULT_LICENSE, "update_frequency": "irregular",
        **dataset_data, "organization": str(organization.pk),
    }
    form = DatasetForm(data, organizations=permissions.editable_organizations(user))
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        raise UserError(f"データセットの情報に誤りがあります（{errors}）。", f"The dataset details are invalid ({errors}).")
    dataset = catalog.save_dataset_form(form)
    extras = {"privacy_release": str(release.pk), **_extras(release.risk_report)}
    try:
        with open(storage.absolute(release.result_file), "rb") as fh:
            resource, _job = catalog.create_resource(
                dataset, name=dataset_data.get("resource_name") or f"{release.title}（非識別加工）",
                description=_description(release), upload=fh, filename="deidentified.csv", extras=extras,
            )
    except BaseException:
        catalog.delete_dataset(dataset)
        raise
    with transaction.atomic():
        release.status, release.dataset_id, release.resource_id = Status.PUBLISHED, dataset.name, str(resource.pk)
        release.save(update_fields=["status", "dataset_id", "resource_id", "modified"])
        log(release, user, "publish", dataset.name)
    return dataset, resource


def _extras(report: dict) -> dict:
    keys = ("k_achieved", "l_achieved", "suppressed", "threshold", "primary", "secondary")
    return {f"deid_{k}": str(report[k]) for k in keys if report.get(k) is not None}


def _description(release: PrivacyRelease) -> str:
    r = release.risk_report
    if "k_achieved" in r:
        return (f"個人情報を含む元データを k-匿名化（k={r['k_achieved']}"
                + (f"、ℓ={r['l_achieved']}" if r.get("l_achieved") else "")
                + f"）した非識別加工情報です。削除レコード {r['suppressed']} 件。")
    return f"個人情報を含む元データの集計表です。{r.get('threshold')} 未満のセルは秘匿（χ）しています。"


def delete_raw(release: PrivacyRelease, user) -> None:
    """Remove the raw input (personal data) for good; the result and the report stay."""
    if not release.raw_file:
        return
    storage.remove_file(release.raw_file)
    with transaction.atomic():
        release.raw_file, release.raw_deleted_at = "", timezone.now()
        release.save(update_fields=["raw_file", "raw_deleted_at", "modified"])
        log(release, user, "delete_raw")

"""Django side of the quality domain: run the engine on a resource's file and keep the report."""

import logging
from pathlib import Path

from kanmin.catalog import files
from kanmin.core import jobs
from kanmin.core.errors import UserError

from .engine.check import check_file
from .engine.convert import convert_file
from .engine.errors import ReadError
from .models import QualityReport

log = logging.getLogger(__name__)
INLINE_BYTES = 5 * 1024 * 1024  # files up to this size are checked during the upload request


def resource_path(resource) -> Path | None:
    if not resource.file:
        return None
    try:
        path = files.absolute(resource.file)
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def check_resource(resource) -> QualityReport:
    """Check the resource's file now and store the report (replacing the previous one)."""
    path = resource_path(resource)
    if path is None:
        fmt = (resource.format or "").upper()
        from .engine.report import Findings, Report, score, stars
        from .engine.rules import ERROR, INFO

        f = Findings()
        if fmt in ("PDF", "DOC", "DOCX", "JPEG", "PNG", "HTML"):
            f.add("L1-01", ERROR, f"{fmt} はプログラムで表として読めません。CSV か Excel も公開してください。",
                  f"{fmt} cannot be read as a table by programs; publish CSV or Excel as well.")
        else:
            f.add("L1-01", INFO, "外部リンクのため内容は確認していません。", "External link: the content was not checked.")
        report = Report(resource.name, fmt, list(f), score(list(f)), stars(fmt))
    else:
        report = check_file(path, declared_format=resource.format, filename=resource.original_filename or resource.name,
                            hint=f"{resource.dataset.title} {resource.name}")
    return save_report(resource, report)


def save_report(resource, report) -> QualityReport:
    data = report.as_dict()
    counts = data["counts"]
    obj, _ = QualityReport.objects.update_or_create(  # atomic by itself
        resource_id=resource.pk,
        defaults={
            "file_hash": resource.hash or "", "status": QualityReport.Status.DONE, "score": report.score,
            "stars": report.stars, "findings_count": len(report.findings), "errors": counts["error"],
            "warnings": counts["warning"], "standard": (report.standard or {}).get("name", ""), "report": data,
        },
    )
    return obj


def get_report(resource_id) -> QualityReport | None:
    return QualityReport.objects.filter(resource_id=resource_id).first()


def get_reports(resource_ids) -> dict:
    """``{resource_id: QualityReport}`` for the ids that have a report, in one query (``report`` JSON deferred)."""
    ids = list(resource_ids)
    return {r.resource_id: r for r in QualityReport.objects.filter(resource_id__in=ids).defer("report")} if ids else {}


def schedule_check(resource) -> None:
    """Small files are checked inline; larger ones in a background job."""
    path = resource_path(resource)
    if path is not None and path.stat().st_size > INLINE_BYTES:
        QualityReport.objects.update_or_create(resource_id=resource.pk, defaults={"status": QualityReport.Status.PENDING})
        jobs.start("quality_check", resource.pk, _check_job, str(resource.pk))
    else:
        check_resource(resource)


def _check_job(progress, resource_id: str):
    from kanmin.catalog.models import Resource

    resource = Resource.objects.select_related("dataset").get(pk=resource_id)
    check_resource(resource)
    return "機械判読性の確認が完了しました / Check finished."


def convert_resource(resource, workdir: Path, *, standard_names: bool = False):
    """Convert the resource's file into ``workdir``; returns the engine's Conversion."""
    path = resource_path(resource)
    if path is None:
        raise UserError("変換できるファイルがありません（外部リンクのリソースです）。", "There is no uploaded file to convert (external link).")
    out = workdir / (Path(resource.original_filename or "data").stem + "_machine_readable.csv")
    try:
        return convert_file(path, out, declared_format=resource.format, standard_names=standard_names)
    except ReadError as exc:
        raise UserError(exc.ja, exc.en) from exc

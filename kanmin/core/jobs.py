"""Run long work (loads, conversions) in a background thread with progress saved to ``Job``.

``start(kind, subject, func, *args)`` creates the Job and runs ``func(progress, *args)`` where
``progress(done, total=None)`` records how far it got. Errors become a failed Job with the
bilingual message of a :class:`~kanmin.core.errors.UserError` (or a generic one).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from .errors import UserError
from .models import Job

log = logging.getLogger(__name__)


class Progress:
    """Callable that saves progress at most every ``step`` items to keep writes cheap."""

    def __init__(self, job: Job | None, step: int = 5000, echo=None):
        self.job = job
        self.step = step
        self.echo = echo
        self._last = 0

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.echo:
            self.echo(done, total)
        if self.job is None:
            return
        if total is not None:
            self.job.total = total
        if done - self._last >= self.step or done == total:
            self._last = done
            self.job.done = done
            Job.objects.filter(pk=self.job.pk).update(done=done, total=self.job.total, status=Job.Status.RUNNING)


def run(job: Job, func, *args) -> Job:
    """Run ``func`` for ``job`` in this thread and record the outcome."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        result = func(Progress(job), *args)
    except UserError as exc:
        job.status, job.message_ja, job.message_en = Job.Status.FAILED, exc.ja, exc.en
    except Exception as exc:  # noqa: BLE001 - a job must always end with a status
        log.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.message_ja = f"処理中に予期しないエラーが発生しました（{type(exc).__name__}）。以前のデータはそのまま残っています。"
        job.message_en = f"Unexpected error ({type(exc).__name__}); the previous data is unchanged."
    else:
        job.status = Job.Status.DONE
        if isinstance(result, str):
            job.message_ja = job.message_en = result
        job.refresh_from_db(fields=["done", "total"])
        if job.total is not None:
            job.done = job.total
    job.save()
    return job


def start(kind: str, subject: str, func, *args) -> Job:
    """Create a job and run it in the background (inline when KANMIN_JOBS_INLINE is set)."""
    job = Job.objects.create(kind=kind, subject=str(subject))
    if settings.KANMIN_JOBS_INLINE:
        return run(job, func, *args)

    def target():
        try:
            run(job, func, *args)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"job-{job.pk}", daemon=True).start()
    return job


def fail_stale_jobs() -> int:
    """Jobs left running by a stopped server are marked failed at start-up."""
    return Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.FAILED,
        message_ja="サーバーの再起動により中断されました。もう一度実行してください。",
        message_en="Interrupted by a server restart; please run it again.",
    )

"""Staff pages: harvest sources (add, edit, delete, run now) and the history of their jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.catalog import permissions, services as catalog
from kanmin.core.middleware import request_lang
from kanmin.core.models import Job

from . import harvest
from .forms import HarvestSourceForm
from .models import HarvestJob, HarvestSource


def _may_manage(user, source: HarvestSource) -> bool:
    if user.is_superuser:
        return True
    try:
        org = catalog.get_organization(source.organization_name)
    except Exception:  # noqa: BLE001 - organization gone: only site admins
        return False
    return permissions.can_admin(user, org)


def _source(request, source_id) -> HarvestSource:
    source = get_object_or_404(HarvestSource, pk=source_id)
    if not _may_manage(request.user, source):
        raise PermissionDenied
    return source


@login_required
def source_list(request):
    orgs = list(permissions.admin_organizations(request.user).values_list("name", flat=True))
    sources = HarvestSource.objects.all() if request.user.is_superuser else HarvestSource.objects.filter(organization_name__in=orgs)
    latest = HarvestJob.objects.filter(source=OuterRef("pk")).order_by("-created").values("pk")[:1]
    sources = list(sources.annotate(latest_job_id=Subquery(latest)))
    jobs = HarvestJob.objects.in_bulk([s.latest_job_id for s in sources if s.latest_job_id])
    rows = [(s, jobs.get(s.latest_job_id)) for s in sources]
    return render(request, "interop/harvest_list.html", {"rows": rows, "can_add": bool(orgs)})


@login_required
def source_edit(request, source_id=None):
    source = _source(request, source_id) if source_id else None
    if not permissions.admin_organizations(request.user).exists():
        raise PermissionDenied
    form = HarvestSourceForm(request.POST or None, instance=source, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if source is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("ハーベスト元を保存しました。"))
        return redirect("interop:harvest_source", source_id=saved.pk)
    return render(request, "interop/harvest_form.html", {"form": form, "source": source})


@login_required
def source_detail(request, source_id):
    source = _source(request, source_id)
    harvest.runner.fail_stale(source)
    jobs = list(source.jobs.all()[:20])
    latest = jobs[0] if jobs else None
    core_job = Job.objects.filter(pk=latest.core_job_id).first() if latest and latest.core_job_id and not latest.is_finished else None
    return render(request, "interop/harvest_detail.html", {
        "source": source, "jobs": jobs, "latest": latest, "core_job": core_job,
        "harvested": source.records.filter(deleted=False).count(),
    })


@login_required
@require_POST
def source_run(request, source_id):
    source = _source(request, source_id)
    job = harvest.start(source, trigger="staff")
    if job.status == HarvestJob.Status.FAILED:
        messages.error(request, job.message(request_lang(request)))
    elif job.is_finished:
        messages.success(request, job.message(request_lang(request)))
    else:
        messages.success(request, _("ハーベストを開始しました。"))
    return redirect("interop:harvest_source", source_id=source.pk)


@login_required
@require_POST
def source_delete(request, source_id):
    source = _source(request, source_id)
    source.delete()
    messages.success(request, _("ハーベスト元を削除しました。取り込み済みのデータセットは残っています。"))
    return redirect("interop:harvest_sources")


@login_required
def job_detail(request, job_id):
    job = get_object_or_404(HarvestJob.objects.select_related("source"), pk=job_id)
    if not _may_manage(request.user, job.source):
        raise PermissionDenied
    return render(request, "interop/harvest_job.html", {"job": job, "source": job.source})

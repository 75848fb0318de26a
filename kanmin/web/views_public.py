"""Public pages: home, dataset search with facets, dataset, resource preview, downloads, exports."""

from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kanmin.catalog import files, permissions, services as catalog
from kanmin.catalog.licenses import license_title, license_url
from kanmin.catalog.models import Dataset, Group, Organization, Resource
from kanmin.core import hooks
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang as lang_of
from kanmin.core.models import Job
from kanmin.datastore import services as datastore

FACETS = [
    ("organization", "組織"),
    ("groups", "分類"),
    ("tags", "タグ"),
    ("res_format", "形式"),
    ("license_id", "ライセンス"),
]
PAGE_SIZE = 20
PREVIEW_ROWS = 50


def home(request):
    recent = catalog.search(None, rows=6, sort="metadata_modified desc").results
    return render(request, "web/home.html", {
        "groups": [(g, g.package_count) for g in catalog.with_package_counts(Group)],
        "recent": recent,
        "counts": catalog.counts(),
    })


def dataset_search(request):
    q = request.GET.get("q", "")
    filters = {name: request.GET.getlist(name) for name, _label in FACETS if request.GET.getlist(name)}
    sort = request.GET.get("sort", "metadata_modified desc")
    try:
        page_no = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page_no = 1
    error = None
    try:
        result = catalog.search(request.user, q=q, filters=filters, sort=sort, start=(page_no - 1) * PAGE_SIZE,
                                rows=PAGE_SIZE, facet_fields=[n for n, _l in FACETS])
    except UserError as exc:
        error = exc.message(lang_of(request))
        result = catalog.search(request.user, rows=0, facet_fields=[n for n, _l in FACETS])
    paginator = Paginator(range(result.count), PAGE_SIZE)
    page = paginator.get_page(page_no)
    facets = []
    for name, label in FACETS:
        items = []
        for item in result.facets.get(name, []):
            active = item["name"] in filters.get(name, [])
            params = {k: list(v) for k, v in filters.items()}
            values = params.setdefault(name, [])
            if active:
                values.remove(item["name"])
            else:
                values.append(item["name"])
            items.append({**item, "active": active, "url": "?" + urlencode({"q": q, "sort": sort, **params}, doseq=True)})
        facets.append({"name": name, "label": _(label), "items": items})
    base_params = urlencode({"q": q, "sort": sort, **filters}, doseq=True)
    return render(request, "web/dataset_search.html", {
        "q": q, "sort": sort, "result": result, "facets": facets, "page": page, "error": error,
        "base_params": base_params, "active_filters": filters,
        "sorts": [("metadata_modified desc", _("更新日順")), ("title_string asc", _("名前順")), ("metadata_created desc", _("新着順"))],
    })


def _dataset_or_404(request, name) -> Dataset:
    try:
        dataset = catalog.get_dataset(name)
    except Dataset.DoesNotExist:
        raise Http404(_("データセットが見つかりません。")) from None
    if not permissions.can_view(request.user, dataset):
        raise Http404(_("データセットが見つかりません。"))
    return dataset


def dataset(request, name):
    ds = _dataset_or_404(request, name)
    resources = list(ds.resources.all())
    row_counts = datastore.row_counts(r.pk for r in resources)
    for r in resources:
        r.datastore = {"total": row_counts[r.pk]} if r.pk in row_counts else None
    hooks.notify("on_event", "dataset_view", request, dataset_id=str(ds.pk))
    return render(request, "web/dataset.html", {
        "panels": hooks.collect("dataset_panels", request, ds),
        "dataset": ds,
        "resources": resources,
        "license_title": license_title(ds.license_id, lang_of(request)),
        "license_url": license_url(ds.license_id),
        "can_edit": permissions.can_edit(request.user, ds.organization),
    })


def _resource_or_404(request, name, resource_id) -> Resource:
    ds = _dataset_or_404(request, name)
    try:
        return ds.resources.get(pk=resource_id)
    except Resource.DoesNotExist:
        raise Http404(_("リソースが見つかりません。")) from None


def resource(request, name, resource_id):
    res = _resource_or_404(request, name, resource_id)
    info = datastore.info(res.pk)
    preview, error, page = None, None, None
    q = request.GET.get("q", "")
    if info:
        try:
            page_no = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            page_no = 1
        try:
            preview = datastore.search(res.pk, q=q, limit=PREVIEW_ROWS, offset=(page_no - 1) * PREVIEW_ROWS)
            page = Paginator(range(preview["total"] or 0), PREVIEW_ROWS).get_page(page_no)
            names = [f["id"] for f in preview["fields"]]
            preview["rows"] = [[rec[n] for n in names] for rec in preview["records"]]
        except UserError as exc:
            error = exc.message(lang_of(request))
    job = Job.objects.filter(kind="datastore_load", subject=str(res.pk)).first()
    hooks.notify("on_event", "resource_view", request, dataset_id=str(res.dataset_id), resource_id=str(res.pk))
    return render(request, "web/resource.html", {
        "panels": hooks.collect("resource_panels", request, res),
        "dataset": res.dataset,
        "resource": res,
        "info": info,
        "preview": preview,
        "page": page,
        "q": q,
        "error": error,
        "job": job,
        "has_geo": bool(info and datastore.find_coordinates(info["fields"])),
        "can_edit": permissions.can_edit(request.user, res.dataset.organization),
    })


def resource_download(request, name, resource_id, filename):
    res = _resource_or_404(request, name, resource_id)
    if not res.file:
        raise Http404(_("ファイルがありません。"))
    try:
        path = files.absolute(res.file)
        handle = open(path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("ファイルがありません。")) from None
    hooks.notify("on_event", "download", request, dataset_id=str(res.dataset_id), resource_id=str(res.pk))
    response = FileResponse(handle, as_attachment=True, filename=res.original_filename or path.name)
    response["Content-Type"] = res.mimetype or "application/octet-stream"
    return response


def datastore_dump(request, resource_id):
    try:
        res = catalog.get_resource(resource_id)
    except Resource.DoesNotExist:
        raise Http404(_("リソースが見つかりません。")) from None
    if not permissions.can_view(request.user, res.dataset) or not datastore.info(res.pk):
        raise Http404(_("データストアにありません。"))
    fmt = request.GET.get("format", "csv").lower()
    encoding = request.GET.get("encoding", "utf-8").lower().replace("shift_jis", "cp932").replace("sjis", "cp932")
    bom = request.GET.get("bom", "").lower() in ("1", "true", "yes")
    try:
        content_type, ext, chunks = datastore.export_stream(
            res.pk, fmt, encoding=encoding, bom=bom, q=request.GET.get("q") or None, sort=request.GET.get("sort") or None,
        )
        first = next(chunks, b"")
    except UserError as exc:
        return JsonResponse({"error": {"ja": exc.ja, "en": exc.en}}, status=400, json_dumps_params={"ensure_ascii": False})

    hooks.notify("on_event", "download", request, dataset_id=str(res.dataset_id), resource_id=str(res.pk))

    def body():
        yield first
        yield from chunks

    response = StreamingHttpResponse(body(), content_type=content_type)
    stem = (res.original_filename.rsplit(".", 1)[0] if res.original_filename else res.name) or str(res.pk)
    suffix = "_sjis" if encoding == "cp932" else ""
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem + suffix + '.' + ext)}"
    return response


def _listing(request, model, facet: str, title: str):
    """Organizations or categories, each with its number of public datasets."""
    items = [(obj, obj.package_count) for obj in catalog.with_package_counts(model)]
    return render(request, "web/organization_list.html", {"items": items, "facet": facet, "title": title})


def organization_list(request):
    return _listing(request, Organization, "organization", _("組織"))


def group_list(request):
    return _listing(request, Group, "groups", _("分類"))


def job_status(request, job_id):
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return JsonResponse(job.as_dict(), json_dumps_params={"ensure_ascii": False})


def api_guide(request):
    sample = Resource.objects.filter(dataset__state="active", dataset__private=False).exclude(file="").first()
    return render(request, "web/api_guide.html", {"sample": sample})

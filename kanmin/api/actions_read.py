"""Read actions: package_*, organization_*, group_*, tag_list, resource_show, status_show."""

from django.db.models import Q

from kanmin import __version__
from kanmin.catalog import permissions, services as catalog
from kanmin.catalog.models import Dataset, Group, Organization, Resource, Tag
from kanmin.catalog.search import FILTER_FIELDS, FQ_RE
from kanmin.core.errors import UserError

from .dictize import group_dict, organization_dict, package_dict, package_dicts, resource_dict, site_url
from .errors import NotFound, SearchQueryError
from .params import as_bool, as_int, as_list, get_id
from .registry import ACTIONS, action


def find_dataset(ctx, id_or_name) -> Dataset:
    try:
        dataset = catalog.get_dataset(id_or_name)
    except Dataset.DoesNotExist:
        raise NotFound("Dataset not found", "データセットが見つかりません。") from None
    if not permissions.can_view(ctx.user, dataset):
        raise NotFound("Dataset not found", "データセットが見つかりません。")
    return dataset


def find_resource(ctx, resource_id) -> Resource:
    try:
        resource = catalog.get_resource(resource_id)
    except Resource.DoesNotExist:
        raise NotFound("Resource was not found.", "リソースが見つかりません。") from None
    if not permissions.can_view(ctx.user, resource.dataset):  # get_resource brought the dataset along
        raise NotFound("Dataset not found", "データセットが見つかりません。")
    return resource


@action("status_show")
def status_show(ctx, data):
    return {
        "site_title": "kanmin",
        "site_url": site_url(),
        "site_description": "官民データ活用推進計画のためのオープンデータカタログ",
        "ckan_version": "2.10.0",
        "kanmin_version": __version__,
        "locale_default": "ja",
        "extensions": ["datastore", "kanmin"],
    }


@action("help_show")
def help_show(ctx, data):
    name = get_id(data, "name")
    if name not in ACTIONS:
        raise NotFound("Action not found", "アクションが見つかりません。")
    return (ACTIONS[name].__doc__ or name).strip()


@action("package_list")
def package_list(ctx, data):
    qs = Dataset.objects.filter(state=Dataset.State.ACTIVE, private=False).order_by("name").values_list("name", flat=True)
    offset = as_int(data, "offset", 0)
    limit = data.get("limit")
    return list(qs[offset : offset + as_int(data, "limit", 0)] if limit not in (None, "") else qs[offset:])


@action("current_package_list_with_resources")
def current_package_list_with_resources(ctx, data):
    offset, limit = as_int(data, "offset", 0), as_int(data, "limit", 100, maximum=1000)
    qs = Dataset.objects.filter(state=Dataset.State.ACTIVE, private=False).order_by("-modified")
    return package_dicts(qs[offset : offset + limit])


@action("package_show")
def package_show(ctx, data):
    return package_dict(find_dataset(ctx, get_id(data, "id", "name")))


@action("package_search")
def package_search(ctx, data):
    facet_fields = as_list(data, "facet.field")
    include_private = as_bool(data, "include_private")
    include_drafts = as_bool(data, "include_drafts")
    free_text, q_filters = _split_q(str(data.get("q") or ""))
    try:
        result = catalog.search(
            ctx.user if include_private or include_drafts else None,
            q=free_text,
            fq=" ".join(filter(None, [str(data.get("fq") or ""), q_filters])),
            sort=str(data.get("sort") or ""),
            start=as_int(data, "start", 0),
            rows=as_int(data, "rows", 10, maximum=1000),
            facet_fields=facet_fields,
            include_drafts=include_drafts,
        )
    except UserError as exc:
        raise SearchQueryError(exc.en, exc.ja) from None
    limit = as_int(data, "facet.limit", 50)
    search_facets = {
        name: {"title": name, "items": items[:limit] if limit >= 0 else items} for name, items in result.facets.items()
    }
    return {
        "count": result.count,
        "sort": data.get("sort") or "score desc, metadata_modified desc",
        "results": package_dicts(result.results),
        "facets": {name: {i["name"]: i["count"] for i in items} for name, items in result.facets.items()},
        "search_facets": search_facets,
    }


def _split_q(q: str) -> tuple[str, str]:
    """CKAN clients put Solr syntax in ``q``: ``*:*``, ``text:foo``, ``tags:防災 AED``.

    Returns (free text, fq): known ``field:value`` terms become filters, the rest is searched as text.
    """
    q = q.strip()
    if q in ("*:*", "*"):
        return "", ""
    fielded = [m for m in FQ_RE.finditer(q) if m.group(2) in FILTER_FIELDS or m.group(2) == "text"]
    text = q
    for m in reversed(fielded):
        text = text[: m.start()] + " " + text[m.end():]
    words = [m.group(3) or m.group(4) for m in fielded if m.group(2) == "text"]
    fq = " ".join(m.group(0) for m in fielded if m.group(2) != "text")
    return " ".join([*words, *text.split()]), fq


def _list_of(model, data, dictize, sort_default="name"):
    qs = catalog.with_package_counts(model)
    query = data.get("q")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(title__icontains=query))
    sort = str(data.get("sort") or sort_default).split()
    key = {"name": "name", "title": "title", "package_count": "package_count"}.get(sort[0], "name")
    qs = qs.order_by(("-" if len(sort) > 1 and sort[1].lower() == "desc" else "") + key)
    offset, limit = as_int(data, "offset", 0), as_int(data, "limit", 1000, maximum=1000)
    items = list(qs[offset : offset + limit])
    if as_bool(data, "all_fields"):
        return [dictize(o, package_count=o.package_count) for o in items]
    return [o.name for o in items]


@action("organization_list")
def organization_list(ctx, data):
    return _list_of(Organization, data, organization_dict)


@action("group_list")
def group_list(ctx, data):
    return _list_of(Group, data, group_dict)


def _show(ctx, data, getter, model, dictize, facet):
    try:
        obj = getter(get_id(data, "id", "name"))
    except model.DoesNotExist:
        raise NotFound(f"{model.__name__} not found", "見つかりません。") from None
    result = catalog.search(None, filters={facet: [obj.name]}, rows=1000 if as_bool(data, "include_datasets") else 0)
    out = dictize(obj, package_count=result.count)
    if as_bool(data, "include_datasets"):
        out["packages"] = package_dicts(result.results)
    return out


@action("organization_show")
def organization_show(ctx, data):
    return _show(ctx, data, catalog.get_organization, Organization, organization_dict, "organization")


@action("group_show")
def group_show(ctx, data):
    return _show(ctx, data, catalog.get_group, Group, group_dict, "groups")


@action("tag_list")
def tag_list(ctx, data):
    qs = Tag.objects.filter(datasets__state=Dataset.State.ACTIVE, datasets__private=False).distinct().order_by("name")
    query = data.get("query") or data.get("q")
    if query:
        qs = qs.filter(name__icontains=query)
    if as_bool(data, "all_fields"):
        return [{"id": str(t.id), "name": t.name, "display_name": t.name, "vocabulary_id": None} for t in qs]
    return list(qs.values_list("name", flat=True))


@action("resource_show")
def resource_show(ctx, data):
    resource = find_resource(ctx, get_id(data, "id"))
    return resource_dict(resource)


@action("organization_list_for_user")
def organization_list_for_user(ctx, data):
    return [organization_dict(o) for o in permissions.editable_organizations(ctx.user)]

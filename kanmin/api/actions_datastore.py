"""Datastore actions: datastore_search, datastore_search_sql, datastore_info, create, upsert, delete."""

from urllib.parse import urlencode

import orjson
from django.urls import reverse

from kanmin.datastore import export, services as datastore

from .actions_read import find_resource
from .actions_write import create_resource_from_dict, require_edit
from .errors import NotFound, ValidationError
from .params import as_bool, as_int, as_json, as_list, get_id
from .registry import action


@action("datastore_search")
def datastore_search(ctx, data):
    resource_id = get_id(data, "resource_id", "id")
    find_resource(ctx, resource_id)
    filters = as_json(data, "filters", {}) or {}
    if not isinstance(filters, dict):
        raise ValidationError("filters must be an object", "filters はオブジェクトで指定してください。", filters=["Not a JSON object"])
    q = as_json(data, "q", "")
    sort = data.get("sort") or ""
    limit = as_int(data, "limit", 100)
    offset = as_int(data, "offset", 0)
    try:
        result = datastore.search(
            resource_id,
            filters=filters,
            q=q,
            fields=as_json(data, "fields"),
            sort=sort,
            limit=limit,
            offset=offset,
            include_total=as_bool(data, "include_total", True),
            distinct=as_bool(data, "distinct"),
        )
    except LookupError:
        raise NotFound("Resource \"%s\" was not found in the datastore." % resource_id, "データストアにありません。") from None
    base = reverse("api:action", args=["datastore_search"])
    params = {"resource_id": resource_id, **({"q": q} if q else {}), **({"sort": sort} if sort else {})}
    if filters:
        params["filters"] = orjson.dumps(filters).decode()
    result["_links"] = {
        "start": f"{base}?{urlencode(params)}",
        "next": f"{base}?{urlencode({**params, 'offset': result['offset'] + result['limit']})}",
    }
    records_format = data.get("records_format", "objects")
    names = [f["id"] for f in result["fields"]]
    if records_format == "lists":
        result["records"] = [[r[n] for n in names] for r in result["records"]]
    elif records_format in ("csv", "tsv"):
        rows = ([r[n] for n in names] for r in result["records"])
        body = b"".join(export.delimited(result["fields"], rows, delimiter="," if records_format == "csv" else "\t"))
        result["records"] = body.decode("utf-8").split("\r\n", 1)[1]  # CKAN sends the rows without the header
    elif records_format != "objects":
        raise ValidationError("records_format must be objects, lists, csv or tsv", "records_format は objects・lists・csv・tsv のいずれかです。",
                              records_format=["Invalid value"])
    result["records_format"] = records_format
    return result


@action("datastore_search_sql")
def datastore_search_sql(ctx, data):
    sql = data.get("sql")
    if not sql:
        raise ValidationError("Missing value: sql", "sql を指定してください。", sql=["Missing value"])
    return datastore.run_sql(str(sql))  # a UserError becomes a Validation Error in the dispatcher


@action("datastore_info")
def datastore_info(ctx, data):
    resource_id = get_id(data, "id", "resource_id")
    find_resource(ctx, resource_id)
    info = datastore.info(resource_id)
    if info is None:
        raise NotFound("Resource not found in the datastore", "データストアにありません。")
    return {"meta": {"count": info["total"], "encoding": info["encoding"]}, "fields": info["fields"][1:], "schema": {f["id"]: f["type"] for f in info["fields"]}}


@action("datastore_create", write=True)
def datastore_create(ctx, data):
    resource_id = data.get("resource_id")
    if not resource_id:
        res_data = as_json(data, "resource")
        if not isinstance(res_data, dict) or not res_data.get("package_id"):
            raise ValidationError("Missing value: resource_id", "resource_id か resource を指定してください。", resource_id=["Missing value"])
        resource_id = create_resource_from_dict(ctx, res_data, datastore_only=True)["id"]
    resource = find_resource(ctx, resource_id)
    require_edit(ctx, resource.dataset.organization)
    return datastore.create(
        resource_id,
        fields=as_list(data, "fields"),
        records=as_list(data, "records"),
        primary_key=as_json(data, "primary_key"),
    )


@action("datastore_upsert", write=True)
def datastore_upsert(ctx, data):
    resource_id = get_id(data, "resource_id")
    resource = find_resource(ctx, resource_id)
    require_edit(ctx, resource.dataset.organization)
    try:
        return datastore.upsert(resource_id, as_list(data, "records"), method=data.get("method", "upsert"))
    except LookupError:
        raise NotFound("Resource not found in the datastore", "データストアにありません。") from None


@action("datastore_delete", write=True)
def datastore_delete(ctx, data):
    resource_id = get_id(data, "resource_id")
    resource = find_resource(ctx, resource_id)
    require_edit(ctx, resource.dataset.organization)
    if not datastore.delete(resource_id):
        raise NotFound("Resource not found in the datastore", "データストアにありません。")
    return {"resource_id": resource_id}

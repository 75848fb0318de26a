"""Public machine-readable endpoints (DCAT RDF, data.json, datapackage.json) and the page that lists them."""

import orjson
from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import catalog_source as source, datajson, datapackage, dcat


def _response(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _json(body: dict, filename: str, content_type="application/json; charset=utf-8") -> HttpResponse:
    return _response(orjson.dumps(body, option=orjson.OPT_INDENT_2), content_type, filename)


def catalog_rdf(request, fmt):
    if fmt not in dcat.SERIALIZATIONS:
        raise Http404
    body = dcat.serialize(dcat.catalog_graph(), fmt)
    return _response(body, dcat.SERIALIZATIONS[fmt][1], f"catalog.{fmt}")


def dataset_rdf(request, name, fmt):
    if fmt not in dcat.SERIALIZATIONS:
        raise Http404
    pkg = source.public_package(name)
    if pkg is None:
        raise Http404
    body = dcat.serialize(dcat.dataset_graph(pkg), fmt)
    return _response(body, dcat.SERIALIZATIONS[fmt][1], f"{pkg['name']}.{fmt}")


def data_json(request):
    return _json(datajson.catalog_document(), "data.json")


def dataset_datapackage(request, name):
    pkg = source.public_package(name)
    if pkg is None:
        raise Http404
    return _json(datapackage.package_descriptor(pkg), "datapackage.json")


def overview(request):
    """Human-readable list of every machine-readable endpoint (public nav: DCAT / API カタログ)."""
    sample = next(source.iter_public_datasets(limit=1), None)
    return render(request, "interop/overview.html", {"base": source.base_url(), "sample": sample})

"""Frictionless Data Package (``datapackage.json``) for one dataset.

A resource loaded into the datastore is described by its CSV dump (``/datastore/dump/<id>?format=csv``)
with a Table Schema built from the datastore's column types, so the data and the schema always
agree. Other resources point at their file or link as they are.
"""

import re
import unicodedata

from kanmin.datastore import services as datastore

from . import catalog_source as source
from .dcat import media_type

PROFILE_URL = "https://specs.frictionlessdata.io/"
TABLE_TYPES = {"int": "integer", "numeric": "number", "date": "date", "timestamp": "datetime", "text": "string"}
TYPE_FORMATS = {"timestamp": "any"}  # the dump writes "YYYY-MM-DD HH:MM:SS"
NAME_RE = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str, fallback: str) -> str:
    """A Data Package name: lower-case ASCII letters, digits, ``.``, ``_`` and ``-``."""
    ascii_text = unicodedata.normalize("NFKC", text or "").lower()
    name = NAME_RE.sub("-", ascii_text).strip("-._")
    return name or fallback


def table_schema(resource_id) -> dict | None:
    info = datastore.info(resource_id)
    if not info:
        return None
    fields = []
    for f in info["fields"]:
        if f["id"] == "_id":
            continue
        field = {"name": f["id"], "type": TABLE_TYPES.get(f["type"], "string")}
        if f["type"] in TYPE_FORMATS:
            field["format"] = TYPE_FORMATS[f["type"]]
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if info.get("primary_key"):
        schema["primaryKey"] = list(info["primary_key"])
    return schema


def _resource(res: dict, base: str, used: set) -> dict:
    name = safe_name(res.get("name") or "", f"resource-{res['position'] + 1}")
    if name in used or not re.match(r"^[a-z0-9]", name):
        name = f"resource-{res['id'][:8]}"
    used.add(name)
    out = {"name": name, "title": res.get("name") or name}
    if res.get("description"):
        out["description"] = res["description"]
    schema = table_schema(res["id"]) if res.get("datastore_active") else None
    if schema is not None:
        out.update({
            "path": source.csv_dump_url(base, res["id"]),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        })
        if res.get("url"):
            out["sources"] = [{"title": res.get("name") or name, "path": res["url"]}]
        return out
    fmt = (res.get("format") or "").lower()
    out["path"] = res.get("url") or ""
    if fmt:
        out["format"] = fmt
    media = media_type(res, fmt)
    if media:
        out["mediatype"] = media.split(";")[0].strip()
    if res.get("size"):
        out["bytes"] = int(res["size"])
    if (res.get("hash") or "").startswith("sha256:"):
        out["hash"] = res["hash"]
    return out


def package_descriptor(pkg: dict) -> dict:
    base = source.base_url()
    used: set = set()
    resources = [_resource(r, base, used) for r in pkg.get("resources") or [] if r.get("url") or r.get("datastore_active")]
    tabular = resources and all(r.get("profile") == "tabular-data-resource" for r in resources)
    org = pkg.get("organization") or {}
    descriptor = {
        "profile": "tabular-data-package" if tabular else "data-package",
        "name": safe_name(pkg["name"], "dataset"),
        "id": pkg.get("ckan_url") or pkg["id"],
        "title": pkg["title"],
        "description": pkg.get("notes") or "",
        "homepage": pkg.get("ckan_url"),
        "version": pkg.get("version") or None,
        "created": pkg.get("metadata_created"),
        "keywords": [t["name"] for t in pkg.get("tags") or []],
        "licenses": [{"name": pkg["license_id"], "title": pkg.get("license_title") or pkg["license_id"],
                      **({"path": pkg["license_url"]} if pkg.get("license_url") else {})}],
        "contributors": [{"title": org.get("title") or source.publisher_name(), "role": "publisher"}],
        "sources": [{"title": pkg.get("attribution") or source.site_title(), "path": pkg.get("ckan_url") or base}],
        "resources": resources,
    }
    if pkg.get("author"):
        descriptor["contributors"].append({"title": pkg["author"], "role": "author"})
    return {k: v for k, v in descriptor.items() if k == "resources" or v not in (None, "", [])}

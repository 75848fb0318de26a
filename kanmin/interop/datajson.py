"""``/data.json``: the catalog in the Project Open Data (DCAT-US 1.1) JSON schema."""

from . import catalog_source as source
from .dcat import media_type

SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
PERIODICITY = {  # ISO 8601 repeating durations used by DCAT-US
    "daily": "R/P1D", "weekly": "R/P1W", "monthly": "R/P1M", "quarterly": "R/P3M",
    "annual": "R/P1Y", "irregular": "irregular", "never": "never",
}


def _distribution(res: dict, base: str) -> list[dict]:
    fmt = (res.get("format") or "").upper()
    media = media_type(res, fmt)
    out = []
    main = {"@type": "dcat:Distribution", "title": res.get("name") or fmt, "format": fmt or None}
    if res.get("description"):
        main["description"] = res["description"]
    if res.get("url"):
        main["downloadURL"] = res["url"]
        if media:
            main["mediaType"] = media.split(";")[0].strip()
    out.append({k: v for k, v in main.items() if v})
    if res.get("datastore_active"):
        out.append({
            "@type": "dcat:Distribution",
            "title": f"{res.get('name') or ''}（CSV）",
            "format": "CSV",
            "mediaType": "text/csv",
            "downloadURL": source.csv_dump_url(base, res["id"]),
        })
    return out


def dataset_entry(pkg: dict, base: str) -> dict:
    org = pkg.get("organization") or {}
    entry = {
        "@type": "dcat:Dataset",
        "identifier": pkg.get("ckan_url") or pkg["id"],
        "title": pkg["title"],
        "description": pkg.get("notes") or pkg["title"],
        "keyword": [t["name"] for t in pkg.get("tags") or []] or [pkg["title"]],
        "issued": (pkg.get("metadata_created") or "")[:10] or None,
        "modified": pkg.get("metadata_modified"),
        "publisher": {"@type": "org:Organization", "name": org.get("title") or source.publisher_name(),
                      "subOrganizationOf": {"@type": "org:Organization", "name": source.publisher_name()}},
        "contactPoint": {"@type": "vcard:Contact", "fn": pkg.get("maintainer") or org.get("title") or source.publisher_name()},
        "accessLevel": "public",
        "license": pkg.get("license_url") or None,
        "rights": pkg.get("attribution") or None,
        "spatial": pkg.get("spatial") or None,
        "accrualPeriodicity": PERIODICITY.get(pkg.get("update_frequency") or ""),
        "language": ["ja"],
        "landingPage": pkg.get("ckan_url"),
        "theme": [g.get("title") or g["name"] for g in pkg.get("groups") or []] or None,
        "distribution": [d for res in pkg.get("resources") or [] for d in _distribution(res, base)],
    }
    if pkg.get("maintainer_email"):
        entry["contactPoint"]["hasEmail"] = f"mailto:{pkg['maintainer_email']}"
    start, end = pkg.get("temporal_start"), pkg.get("temporal_end")
    if start or end:
        entry["temporal"] = f"{start or '..'}/{end or '..'}"
    return {k: v for k, v in entry.items() if v not in (None, "", [])}


def catalog_document(packages: list[dict] | None = None) -> dict:
    base = source.base_url()
    packages = source.public_package_dicts() if packages is None else packages
    return {
        "@context": f"{SCHEMA}/catalog.jsonld",
        "@id": f"{base}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": f"{SCHEMA}/catalog.json",
        "dataset": [dataset_entry(p, base) for p in packages],
    }

"""Turn a remote CKAN package dict into DatasetForm data, tags, extras and link resources.

Remote values that our catalog cannot hold (bad e-mail, non-http URL, unknown frequency, GeoJSON
in ``spatial``, over-long text) are dropped or shortened here, so one odd field does not make the
whole dataset fail; what is unknown is kept in extras where useful.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from kanmin.catalog.licenses import LICENSES

FREQUENCIES = {"irregular", "daily", "weekly", "monthly", "quarterly", "annual", "never"}
LICENSE_ALIASES = {
    "cc-by": "cc-by-4.0", "cc-by-4": "cc-by-4.0", "cc-by-4.0": "cc-by-4.0", "cc_by_4.0": "cc-by-4.0",
    "creative commons attribution": "cc-by-4.0",
    "cc-by-sa": "cc-by-sa-4.0", "cc-by-sa-4.0": "cc-by-sa-4.0",
    "cc-zero": "cc0-1.0", "cc0": "cc0-1.0", "cc0-1.0": "cc0-1.0", "odc-pddl": "cc0-1.0",
    "pdl-1.0": "pdl-1.0", "odc-by": "odc-by", "other-closed": "other-closed",
}
MAPPED_EXTRAS = {"update_frequency", "spatial", "temporal_start", "temporal_end", "attribution"}
NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
MAX_TAGS, MAX_EXTRAS = 50, 30
_url = URLValidator(schemes=["http", "https"])


def text(value, limit: int) -> str:
    return ("" if value is None else str(value)).strip()[:limit]


def valid_url(value, limit: int) -> str:
    value = text(value, 10_000)
    if not value or len(value) > limit:
        return ""
    try:
        _url(value)
    except ValidationError:
        return ""
    return value


def valid_email(value) -> str:
    value = text(value, 254)
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def valid_day(value) -> date | None:
    try:
        return date.fromisoformat(text(value, 10))
    except ValueError:
        return None


def remote_extras(pkg: dict) -> dict:
    out = {}
    for item in pkg.get("extras") or []:
        if isinstance(item, dict) and item.get("key") is not None:
            out[text(item["key"], 100)] = text(item.get("value"), 1000)
    return out


def license_id(pkg: dict) -> tuple[str, bool]:
    """(our licence id, whether it was recognised). Unknown licences become "other-closed" so we
    never claim an openness we cannot verify; the remote licence is kept in extras."""
    raw = text(pkg.get("license_id"), 100).lower()
    if raw in LICENSES:
        return raw, True
    if raw in LICENSE_ALIASES:
        return LICENSE_ALIASES[raw], True
    title = text(pkg.get("license_title"), 200).lower()
    if "cc by" in title or "cc-by" in title or "表示 4.0" in title:
        return "cc-by-4.0", True
    return "other-closed", False


def candidate_names(source_name: str, remote_name: str) -> list[str]:
    """Our dataset name for a new harvested dataset, in order of preference."""
    base = remote_name.lower() if NAME_RE.match(remote_name.lower()) else re.sub(r"[^a-z0-9_-]+", "-", remote_name.lower()).strip("-")
    base = base or "dataset"
    prefixed = f"{source_name}-{base}"[:100].rstrip("-_")
    names = [base[:100]] if NAME_RE.match(base[:100]) else []
    names.append(prefixed)
    names += [f"{prefixed[:96]}-{n}" for n in range(2, 10)]
    return [n for n in names if NAME_RE.match(n)]


def tags(pkg: dict) -> list[str]:
    out = []
    for tag in pkg.get("tags") or []:
        name = text(tag.get("name") if isinstance(tag, dict) else tag, 100)
        if name and name not in out:
            out.append(name)
    return out[:MAX_TAGS]


def group_names(pkg: dict) -> list[str]:
    return [text(g.get("name"), 100) for g in pkg.get("groups") or [] if isinstance(g, dict) and g.get("name")]


def form_data(pkg: dict, *, name: str, organization_pk, group_pks) -> dict:
    extras = remote_extras(pkg)
    flat = {**extras, **{k: pkg[k] for k in MAPPED_EXTRAS if pkg.get(k)}}
    start, end = valid_day(flat.get("temporal_start")), valid_day(flat.get("temporal_end"))
    if start and end and start > end:
        start = end = None
    spatial = text(flat.get("spatial"), 200)
    frequency = text(flat.get("update_frequency"), 20)
    return {
        "name": name,
        "title": text(pkg.get("title"), 300) or pkg["name"],
        "notes": text(pkg.get("notes"), 100_000),
        "organization": organization_pk,
        "license_id": license_id(pkg)[0],
        "groups": list(group_pks),
        "update_frequency": frequency if frequency in FREQUENCIES else "irregular",
        "contact_name": text(pkg.get("maintainer"), 200),
        "contact_email": valid_email(pkg.get("maintainer_email")),
        "spatial": "" if spatial.startswith(("{", "[")) else spatial,
        "temporal_start": start.isoformat() if start else "",
        "temporal_end": end.isoformat() if end else "",
        "url": valid_url(pkg.get("url"), 200),
        "version": text(pkg.get("version"), 100),
        "author": text(pkg.get("author"), 200),
        "attribution": text(flat.get("attribution"), 300),
        "private": "",
        "state": "active",
    }


def dataset_extras(pkg: dict, provenance: dict) -> dict:
    kept = {k: v for k, v in remote_extras(pkg).items() if k and k not in MAPPED_EXTRAS and not k.startswith("harvest_")}
    out = dict(list(kept.items())[:MAX_EXTRAS])
    lic, known = license_id(pkg)
    if not known and pkg.get("license_id"):
        out["harvest_remote_license"] = text(pkg.get("license_title") or pkg.get("license_id"), 300)
    out.update(provenance)
    return out


def resources(pkg: dict) -> tuple[list[dict], list[str]]:
    """(link resources to keep, names of resources skipped for an unusable URL)."""
    keep, skipped = [], []
    for res in pkg.get("resources") or []:
        if not isinstance(res, dict):
            continue
        url = valid_url(res.get("url"), 1000)
        label = text(res.get("name"), 300) or text(res.get("id"), 100)
        if not url:
            skipped.append(label or "?")
            continue
        keep.append({
            "remote_id": text(res.get("id"), 100) or url,
            "name": label or url.rsplit("/", 1)[-1][:300] or "resource",
            "description": text(res.get("description"), 10_000),
            "url": url,
            "format": text(res.get("format"), 30).upper().lstrip("."),
        })
    return keep, skipped

"""Extension points, so domains plug into shared pages without importing each other's tables.

A domain ``kanmin/<domain>/hooks.py`` may define any of:

- ``NAV``: list of ``(url_name, label_ja, label_en, audience)``; audience is "public" or "staff".
- ``resource_panels(request, resource) -> list[str]``: rendered HTML sections for the resource page.
- ``dataset_panels(request, dataset) -> list[str]``: rendered HTML sections for the dataset page.
- ``resource_extras(resources) -> {resource.pk: dict}``: extra keys for the API's resource dicts
  (resource_show, package_show, package_search); called once per list, so answer in one query.
- ``on_resource_loaded(resource_id)``: called after a resource's file was ingested.
- ``on_event(kind, request, **ids)``: page views / downloads ("dataset_view", "resource_view", "download", "api").

A domain ``kanmin/<domain>/api_actions.py`` registers extra API actions with
``kanmin.api.registry.action``; ``kanmin/<domain>/cli.py`` may define ``register(app)`` to add commands.
"""

import importlib
import logging
from functools import lru_cache

from django.apps import apps

log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def domain_modules(submodule: str) -> tuple:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kanmin."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{submodule}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{submodule}":
                raise
    return tuple(found)


def collect(name: str, *args, **kwargs) -> list:
    """Call ``name`` in every domain's hooks module; list results are concatenated."""
    out = []
    for module in domain_modules("hooks"):
        func = getattr(module, name, None)
        if func is None:
            continue
        result = func(*args, **kwargs)
        if isinstance(result, list):
            out.extend(result)
        elif isinstance(result, dict):
            out.append(result)
    return out


def collect_by_key(name: str, items) -> dict:
    """Call ``name(items)`` in every domain's hooks module and merge the ``{key: dict}`` answers."""
    out: dict = {}
    for module in domain_modules("hooks"):
        func = getattr(module, name, None)
        if func is None:
            continue
        for key, extra in func(items).items():
            out.setdefault(key, {}).update(extra)
    return out


def notify(name: str, *args, **kwargs) -> None:
    """Like :func:`collect` for side effects: one failing domain does not stop the others."""
    for module in domain_modules("hooks"):
        func = getattr(module, name, None)
        if func is None:
            continue
        try:
            func(*args, **kwargs)
        except Exception:  # noqa: BLE001
            log.exception("hook %s.%s failed", module.__name__, name)


def nav_links(audience: str) -> list[tuple[str, str, str]]:
    links = []
    for module in domain_modules("hooks"):
        for url_name, ja, en, aud in getattr(module, "NAV", []):
            if aud == audience:
                links.append((url_name, ja, en))
    return links

"""Harvesting datasets from other CKAN sites: :func:`runner.run`, :func:`runner.start`, :func:`runner.due_sources`."""

from .runner import due_sources, run, start  # noqa: F401

"""CKAN-compatible Action API (``/api/3/action/<name>``) and hashed API tokens."""

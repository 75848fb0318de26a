"""Catalog domain: organizations, datasets, resources, categories, tags and staff roles."""

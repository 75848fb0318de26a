"""Datastore domain: every tabular resource as a typed, indexed, queryable table.

Public entry points are in :mod:`kanmin.datastore.services`.
"""

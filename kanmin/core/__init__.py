"""Shared infrastructure used by every domain: background jobs, bilingual messages, language."""

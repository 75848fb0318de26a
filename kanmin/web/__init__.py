"""Web UI: public catalog pages (Japanese first, English at /en/) and the staff pages."""

"""Interop's links in the shared pages: nav entries and a metadata panel on each dataset page."""

from django.template.loader import render_to_string

NAV = [
    ("interop:overview", "DCAT / API カタログ", "DCAT / API catalog", "public"),
    ("interop:harvest_sources", "ハーベスト", "Harvesting", "staff"),
]


def dataset_panels(request, dataset) -> list[str]:
    """Links to the dataset's DCAT, Data Package and feed (public datasets only)."""
    if dataset.state != "active" or dataset.private:
        return []
    remote = (dataset.extras or {}).get("harvest_remote_url") or ""
    return [render_to_string("interop/_dataset_panel.html", {
        "dataset": dataset,
        "harvested_from": remote if remote.startswith(("http://", "https://")) else "",
    }, request=request)]

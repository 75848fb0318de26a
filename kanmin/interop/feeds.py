"""Atom and RSS feeds of recently created or changed public datasets (optionally per organization
or category: ``?organization=<name>`` / ``?group=<name>``)."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import catalog_source as source

ITEMS = 50


def _when(value):
    return datetime.fromisoformat(value) if value else None


class DatasetFeed(Feed):
    feed_type = Rss201rev2Feed
    suffix = "rss"

    def get_object(self, request):
        org, group = request.GET.get("organization", ""), request.GET.get("group", "")
        filters, label = {}, ""
        if org:
            info = source.organization(org)
            if info is None:
                raise Http404("organization not found")
            filters["organization"], label = [info["name"]], info["title"]
        if group:
            info = source.group(group)
            if info is None:
                raise Http404("group not found")
            filters["groups"], label = [info["name"]], (label + " / " if label else "") + info["title"]
        names = {"organization": filters.get("organization", [""])[0], "group": filters.get("groups", [""])[0]}
        return {"filters": filters, "label": label, "query": urlencode({k: v for k, v in names.items() if v})}

    def title(self, obj):
        suffix = f"（{obj['label']}）" if obj["label"] else ""
        return f"{source.site_title()}: 新着・更新データセット{suffix} / New and updated datasets"

    def link(self, obj):
        return source.base_url() + "/dataset/"

    def feed_url(self, obj):
        url = f"{source.base_url()}/feeds/datasets.{self.suffix}"
        return url + (f"?{obj['query']}" if obj["query"] else "")

    def description(self, obj):
        return "公開データセットの新規作成と更新のお知らせ / Public datasets created or changed recently."

    def items(self, obj):
        return source.public_package_dicts(filters=obj["filters"], limit=ITEMS)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        org = (item.get("organization") or {}).get("title", "")
        formats = ", ".join(sorted({r["format"] for r in item.get("resources") or [] if r.get("format")}))
        parts = [item.get("notes") or "", f"組織 / Organization: {org}" if org else "", f"形式 / Formats: {formats}" if formats else ""]
        return "\n".join(p for p in parts if p)

    def item_link(self, item):
        return item["ckan_url"]

    def item_guid(self, item):
        # A new guid per change, so feed readers announce updates as new entries.
        return f"{item['ckan_url']}#{item['metadata_modified']}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _when(item.get("metadata_created"))

    def item_updateddate(self, item):
        return _when(item.get("metadata_modified"))

    def item_author_name(self, item):
        return (item.get("organization") or {}).get("title")

    def item_categories(self, item):
        return [g.get("title") or g["name"] for g in item.get("groups") or []] + [t["name"] for t in item.get("tags") or []]


class DatasetAtomFeed(DatasetFeed):
    feed_type = Atom1Feed
    suffix = "atom"
    subtitle = DatasetFeed.description

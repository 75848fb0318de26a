"""Registry of datastore tables. The table itself is named after the resource id."""

from django.db import models


class DatastoreTable(models.Model):
    resource_id = models.UUIDField(unique=True)
    # [{"id": "名称", "type": "text", "column": "名称"}, ...] in table order, without _id/_full_text.
    fields = models.JSONField(default=list)
    primary_key = models.JSONField(default=list, blank=True)
    row_count = models.BigIntegerField(default=0)
    source_name = models.CharField(max_length=300, blank=True)
    source_encoding = models.CharField(max_length=30, blank=True)
    loaded = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.resource_id)

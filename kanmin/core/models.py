"""Background jobs with progress, shared by every domain that runs long work."""

import uuid

from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=100, blank=True, help_text="id of the object the job works on")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True)
    message_ja = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, int(self.done * 100 / self.total))

    def as_dict(self) -> dict:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "subject": self.subject,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "message": {"ja": self.message_ja, "en": self.message_en},
        }

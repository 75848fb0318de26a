"""Site-admin editing of plan structure (pillars, measures, initiatives, KPIs) and inventories."""

from django.contrib import admin

from . import models


class PillarInline(admin.TabularInline):
    model = models.Pillar
    extra = 0


class KpiInline(admin.TabularInline):
    model = models.Kpi
    extra = 0
    fields = ["position", "name", "unit", "baseline_year", "baseline_value", "target_year", "target_value", "direction", "source", "measure", "is_demo"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "start_year", "end_year", "published"]
    inlines = [PillarInline, KpiInline]


class MeasureInline(admin.TabularInline):
    model = models.Measure
    extra = 0


@admin.register(models.Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    inlines = [MeasureInline]


class InitiativeInline(admin.TabularInline):
    model = models.Initiative
    extra = 0
    exclude = ["organization_id"]


@admin.register(models.Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "pillar", "status"]
    list_filter = ["status", "pillar__plan"]
    inlines = [InitiativeInline]


class ScheduleInline(admin.TabularInline):
    model = models.ScheduleEntry
    extra = 1


@admin.register(models.Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "measure", "owner", "status"]
    inlines = [ScheduleInline]


class ActualInline(admin.TabularInline):
    model = models.KpiActual
    extra = 1


@admin.register(models.Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "unit", "baseline_value", "target_value", "source"]
    inlines = [ActualInline]


@admin.register(models.Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["plan", "fiscal_year", "measure", "rating"]


@admin.register(models.InventoryItem)
class InventoryItemAdmin(admin.ModelAdmin):
    list_display = ["name", "department_title", "has_personal_info", "decision", "dataset_name"]
    list_filter = ["decision", "has_personal_info", "department_title"]
    readonly_fields = ["organization_id", "department", "department_title", "dataset_id", "dataset_name"]


@admin.register(models.Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "department_title", "yearly_volume", "stage", "priority", "online_now"]
    list_filter = ["stage", "online_now"]
    readonly_fields = ["organization_id", "department", "department_title"]


@admin.register(models.PublishAudit)
class PublishAuditAdmin(admin.ModelAdmin):
    list_display = ["created", "item_name", "username", "allowed", "personal_info", "privacy_approved"]
    list_filter = ["allowed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

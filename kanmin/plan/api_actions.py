"""API actions ``plan_list`` and ``plan_progress``: published plans, their completion rate and KPIs."""

from kanmin.api.errors import NotFound
from kanmin.api.params import get_id
from kanmin.api.registry import action

from . import access, services
from .models import Plan


def _visible(ctx, plan) -> bool:
    return plan.published or access.can_edit_plan(ctx.user, plan)


@action("plan_list")
def plan_list(ctx, data):
    """Slugs and titles of the plans (published ones; staff also see their unpublished plans)."""
    return [{"id": p.slug, "title": p.title, "title_en": p.title_en, "start_year": p.start_year, "end_year": p.end_year}
            for p in Plan.objects.all() if _visible(ctx, p)]


@action("plan_progress")
def plan_progress(ctx, data):
    """Completion rate and KPI baseline, target and actuals of a plan. Param ``id`` (plan slug)."""
    slug = get_id(data, "id")
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None or not _visible(ctx, plan):
        raise NotFound("Plan not found.", "計画が見つかりません。")
    return services.plan_progress(plan, ctx.lang)

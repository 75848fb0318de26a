"""Public plan-progress pages and the yearly report downloads."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from kanmin.core.middleware import request_lang as lang_of

from . import access, charts, kpis, report
from .fiscal import fiscal_year, label
from .models import Measure, Plan, Review


def visible_plan(request, slug) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not plan.published and not access.can_edit_plan(request.user, plan):
        raise Http404
    return plan


def progress_index(request):
    plans = [p for p in Plan.objects.all() if p.published or access.can_edit_plan(request.user, p)]
    lang = lang_of(request)
    rows = []
    for plan in plans:
        c = kpis.completion(plan)
        rows.append({"plan": plan, "completion": c, "bar": charts.completion_bar(c["rate"], f"{c['rate']}%"),
                     "period": f"{label(plan.start_year, lang)} – {label(plan.end_year, lang)}"})
    return render(request, "plan/progress_index.html", {"rows": rows})


def progress(request, slug):
    plan = visible_plan(request, slug)
    lang = lang_of(request)
    completion = kpis.completion(plan)
    kpi_rows = kpis.kpi_rows(plan)
    for row in kpi_rows:
        row["chart"] = charts.kpi_chart(row["kpi"], row["actuals"], lang)
    year = fiscal_year()
    report_years = [y for y in plan.years() if y <= year] or [plan.start_year]
    measures = Measure.objects.filter(pillar__plan=plan).select_related("pillar").prefetch_related("initiatives")
    return render(request, "plan/progress.html", {
        "plan": plan, "completion": completion,
        "completion_bar": charts.completion_bar(completion["rate"], f"{completion['rate']}%"),
        "kpi_rows": kpi_rows, "measures": measures, "report_years": report_years,
        "reviews": Review.objects.filter(plan=plan, measure=None)[:5],
        "period": f"{label(plan.start_year, lang)} – {label(plan.end_year, lang)}",
    })


def report_download(request, slug, year, fmt):
    plan = visible_plan(request, slug)
    year = int(year)
    if not (plan.start_year - 1 <= year <= plan.end_year + 1):
        raise Http404
    if fmt == "xlsx":
        body, ctype = report.excel(plan, year), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, ctype = report.pdf(plan, year), "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-progress-FY{year}.{fmt}"'
    return response

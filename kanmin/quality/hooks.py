"""Quality hooks: check every loaded resource, show the report on its page and in resource_show."""

from django.template.loader import render_to_string

NAV: list = []


def on_resource_loaded(resource_id):
    from kanmin.catalog.models import Resource

    from . import services

    resource = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if resource is not None:
        services.schedule_check(resource)


def resource_panels(request, resource):
    from kanmin.catalog import permissions

    from . import services

    report = services.get_report(resource.pk)
    can_edit = permissions.can_edit(request.user, resource.dataset.organization)
    html = render_to_string("quality/panel.html", {"qr": report, "data": report.report if report else None,
                                                    "resource": resource, "can_edit": can_edit}, request=request)
    return [html]


def resource_extras(resources):
    from . import services

    reports = services.get_reports([r.pk for r in resources])
    out = {}
    for resource in resources:
        report = reports.get(resource.pk)
        done = report is not None and report.status == report.Status.DONE
        out[resource.pk] = {"quality": {"score": report.score, "stars": report.stars, "findings_count": report.findings_count} if done else None}
    return out

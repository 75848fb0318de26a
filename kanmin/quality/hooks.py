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


def resource_extras(resource):
    from . import services

    report = services.get_report(resource.pk)
    if report is None or report.status != report.Status.DONE:
        return {"quality": None}
    return {"quality": {"score": report.score, "stars": report.stars, "findings_count": report.findings_count}}

"""API action ``quality_report``: the machine-readability report of a resource."""

from kanmin.api.actions_read import find_resource
from kanmin.api.errors import NotAuthorized
from kanmin.api.params import as_bool, get_id
from kanmin.catalog import permissions
from kanmin.api.registry import action

from . import services


@action("quality_report")
def quality_report(ctx, data):
    """Machine-readability report of a resource: score (0-100), stars (1-5) and findings by rule ID.

    Param ``id`` (resource id). Add ``refresh=true`` to re-run the check (editors only).
    """
    resource = find_resource(ctx, get_id(data, "id"))
    refresh = as_bool(data, "refresh")
    if refresh and not permissions.can_edit(ctx.user, resource.dataset.organization):
        raise NotAuthorized("Only editors of the organization can refresh the report.", "再確認できるのは組織の編集者だけです。")
    report = services.get_report(resource.pk)
    if report is None or refresh:
        report = services.check_resource(resource)
    if report.status != report.Status.DONE:
        return {"resource_id": str(resource.pk), "status": report.status}
    body = dict(report.report)
    body.update(resource_id=str(resource.pk), status=report.status, checked=report.checked.isoformat())
    return body

"""Navigation (staff) and a note on resources published from a reviewed de-identified release."""

from django.template.loader import render_to_string

NAV = [("privacy:home", "非識別加工", "De-identification", "staff")]


def resource_panels(request, resource):
    release_id = (resource.extras or {}).get("privacy_release")
    if not release_id:
        return []
    from .models import PrivacyRelease

    release = PrivacyRelease.objects.filter(pk=release_id, status=PrivacyRelease.Status.PUBLISHED).first()
    if release is None:
        return []
    return [render_to_string("privacy/panel.html", {"release": release, "report": release.risk_report}, request=request)]

"""Who counts as engagement staff: site admins and anyone who can edit for an organization."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from kanmin.catalog import permissions


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.edits_any_organization(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

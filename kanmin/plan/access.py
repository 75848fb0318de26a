"""Who may do what in the plan domain, built on the catalog's per-organization roles.

- Inventories: editors/admins of the department (site admins: all).
- A plan: editors/admins of its responsible department (site admins: all); an initiative's status
  also by editors of the initiative's department.
"""

from django.core.exceptions import PermissionDenied

from kanmin.catalog import permissions


def editable_org_ids(user) -> set:
    return set(permissions.editable_organizations(user).values_list("pk", flat=True))


def require_staff_editor(user) -> None:
    if not permissions.edits_any_organization(user):
        raise PermissionDenied


def scoped(qs, user):
    """Rows of departments ``user`` may edit."""
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=editable_org_ids(user))


def can_edit_department(user, organization_id) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or organization_id in editable_org_ids(user)


def can_edit_plan(user, plan) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or (plan.organization_id and can_edit_department(user, plan.organization_id))))


def can_edit_initiative(user, initiative) -> bool:
    return can_edit_plan(user, initiative.measure.pillar.plan) or bool(
        initiative.organization_id and can_edit_department(user, initiative.organization_id))

"""Who may do what: site admins everything; per organization, admin/editor edit, members read drafts."""

from django.core.exceptions import ValidationError

from .models import Dataset, Membership, Organization

EDIT_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)


def role_in(user, organization: Organization) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Membership.Role.ADMIN
    m = Membership.objects.filter(user=user, organization=organization).only("role").first()
    return m.role if m else None


def can_edit(user, organization: Organization) -> bool:
    return role_in(user, organization) in EDIT_ROLES


def can_admin(user, organization: Organization) -> bool:
    return role_in(user, organization) == Membership.Role.ADMIN


def can_edit_organization_id(user, organization_id) -> bool:
    """``can_edit`` for a domain that stores only the organization's id; a missing one: superusers only."""
    try:
        organization = Organization.objects.get(pk=organization_id)
    except (Organization.DoesNotExist, ValueError, ValidationError):
        return bool(user and user.is_authenticated and user.is_superuser)
    return can_edit(user, organization)


def edits_any_organization(user) -> bool:
    """Staff for the domains' staff pages: site admins and editors/admins of any organization."""
    return bool(user and user.is_authenticated and (user.is_superuser or editable_organizations(user).exists()))


def admin_organizations(user):
    """Organizations whose members the user may manage (one query)."""
    if not user or not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).distinct()


def editable_organizations(user):
    if not user or not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=EDIT_ROLES).distinct()


def visible_datasets(user):
    """Active public datasets, plus private and draft ones of the user's organizations."""
    public = Dataset.objects.filter(state=Dataset.State.ACTIVE, private=False)
    if not user or not user.is_authenticated:
        return public
    if user.is_superuser:
        return Dataset.objects.exclude(state=Dataset.State.DELETED)
    mine = Dataset.objects.filter(organization__memberships__user=user).exclude(state=Dataset.State.DELETED)
    return (public | mine).distinct()


def can_view(user, dataset: Dataset) -> bool:
    if dataset.state == Dataset.State.DELETED:
        return bool(user and user.is_authenticated and user.is_superuser)
    if dataset.state == Dataset.State.ACTIVE and not dataset.private:
        return True
    return role_in(user, dataset.organization) is not None

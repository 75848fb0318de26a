"""Staff permissions: a form belongs to a department, which is a catalog Organization (by name or
title); editors and admins of that organization build its forms and work its queue."""

from kanmin.catalog import permissions


def staff_departments(user) -> set[str] | None:
    """Department names the user may work on; ``None`` means every department (site admin)."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    names = set()
    for org in permissions.editable_organizations(user):
        names.add(org.name)
        if org.title:
            names.add(org.title)
    return names


def can_work(user, department: str) -> bool:
    allowed = staff_departments(user)
    return allowed is None or department in allowed


def is_staff_user(user) -> bool:
    allowed = staff_departments(user)
    return allowed is None or bool(allowed)


def filter_department(qs, user, field: str = "department"):
    allowed = staff_departments(user)
    if allowed is None:
        return qs
    return qs.filter(**{f"{field}__in": allowed})


def department_choices(user) -> list[tuple[str, str]]:
    return [(o.name, f"{o.title or o.name}") for o in permissions.editable_organizations(user).order_by("title")]

"""Departments are catalog Organizations; a spreadsheet may name them by name (kikikanri) or title (危機管理課)."""

from kanmin.catalog import permissions

from .tabular import clean_text


class _System:
    """Stands for the system itself (CLI, seeding, other domains' service calls): may use every department."""

    is_authenticated = True
    is_superuser = True


class DepartmentResolver:
    """Finds the organization a cell names (by name, title, English title or id) and checks that
    ``user`` may edit it (``user=None``: every department)."""

    def __init__(self, user=None):
        self._by_key: dict = {}
        for org in permissions.editable_organizations(_System()):
            for key in (org.name, org.title, org.title_en, str(org.pk)):
                if key:
                    self._by_key.setdefault(clean_text(key).lower(), org)
        self._allowed = None if user is None else set(permissions.editable_organizations(user).values_list("pk", flat=True))

    def resolve(self, value):
        """Return ``(org, None)`` or ``(None, (ja, en))``."""
        text = clean_text(value)
        org = self._by_key.get(text.lower())
        if org is None:
            return None, (f"担当課「{text}」は登録されていません。", f'The department "{text}" is not registered.')
        if self._allowed is not None and org.pk not in self._allowed:
            return None, (f"担当課「{text}」のデータを編集する権限がありません。", f'You may not edit data of the department "{text}".')
        return org, None


def department_fields(org) -> dict:
    return {"organization_id": org.pk, "department": org.name, "department_title": org.title}


def read_department_sheet(fileobj, filename: str, columns, user, name_label: tuple[str, str], check_row=None):
    """Parse an inventory sheet whose rows belong to departments: every row gets its ``org``.

    Unknown departments, departments the user may not edit, duplicate (department, name) rows and
    whatever ``check_row(row, errors)`` reports are collected; any error raises ImportFailed with
    all of them, so callers save either every row or none.
    """
    from . import tabular
    from .tabular import ImportFailed, RowError

    result = tabular.parse_sheet(tabular.read_rows(fileobj, filename), columns)
    if result.errors and not result.rows:  # missing columns: the rows cannot be read at all
        raise ImportFailed(result.errors)
    resolver = DepartmentResolver(user)
    for row in result.rows:
        org, problem = resolver.resolve(row.get("department"))
        if problem:
            result.errors.append(RowError(row["_row"], "担当課", *problem))
        else:
            row["org"] = org
        if check_row is not None:
            check_row(row, result.errors)
    tabular.check_duplicates(
        result, lambda r: (r["org"].pk, r["name"].lower()) if "org" in r and r.get("name") else None, *name_label
    )
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        raise ImportFailed(result.errors)
    return result

"""Departments are catalog Organizations; a spreadsheet may name them by name (kikikanri) or title (危機管理課)."""

from kanmin.catalog import permissions, services as catalog

from .tabular import clean_text


class DepartmentResolver:
    """Finds the organization a cell names, among those ``user`` may edit (None = all, for seeding)."""

    def __init__(self, user=None):
        self.user = user
        self._by_key: dict = {}
        if user is not None:
            for org in permissions.editable_organizations(user):
                self._by_key[clean_text(org.name).lower()] = org
                self._by_key[clean_text(org.title).lower()] = org
                if org.title_en:
                    self._by_key[clean_text(org.title_en).lower()] = org

    def resolve(self, value):
        """Return ``(org, None)`` or ``(None, (ja, en))``."""
        text = clean_text(value)
        org = self._by_key.get(text.lower())
        if org is not None:
            return org, None
        try:
            found = catalog.get_organization(text)
        except Exception:  # noqa: BLE001 - DoesNotExist or a bad id
            found = None
        if found is not None and self.user is None:
            return found, None
        if found is not None:
            return None, (f"担当課「{text}」のデータを編集する権限がありません。", f'You may not edit data of the department "{text}".')
        return None, (f"担当課「{text}」は登録されていません。", f'The department "{text}" is not registered.')


def department_fields(org) -> dict:
    return {"organization_id": org.pk, "department": org.name, "department_title": org.title}

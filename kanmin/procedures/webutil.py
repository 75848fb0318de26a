"""Small helpers shared by the procedures views."""

from django.contrib import messages
from django.http import Http404

from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang

from . import schema
from .identity import current_citizen


def user_error(request, exc: UserError) -> None:
    messages.error(request, exc.message(request_lang(request)))


def as_form_data(fields: list[dict], data: dict, prefix: str = "") -> dict:
    """Stored JSON values to what a browser would POST (checkbox True -> 'on', False -> absent)."""
    out = {}
    for spec in fields:
        value = data.get(spec["key"])
        if value in (None, False):
            continue
        out[f"{prefix}{spec['key']}"] = "on" if value is True else str(value)
    return out


def annotate_errors(form) -> list[tuple[str, str, str]]:
    """Mark invalid widgets (aria-invalid, aria-describedby) and list (field id, label, message)."""
    summary = []
    for name, errs in form.errors.items():
        if name == "__all__":
            summary += [("", "", e) for e in errs]
            continue
        bf = form[name]
        attrs = bf.field.widget.attrs
        attrs["aria-invalid"] = "true"
        described = [f"{bf.auto_id}-error"]
        if bf.help_text:
            described.append(f"{bf.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(described)
        summary += [(bf.auto_id, str(bf.label), e) for e in errs]
    return summary


def department_titles() -> dict:
    try:
        from kanmin.catalog.models import Organization

        return {o.name: o.title for o in Organization.objects.only("name", "title")}
    except Exception:  # noqa: BLE001
        return {}


def applicant_access(request, app, *, staff_ok: bool = True) -> bool:
    """May this request act as the applicant of ``app`` (an Application or a BundleApplication)?

    Counter filings: staff of the department. Logged-in filings: the same citizen. Anonymous
    filings: the secret access key (from the resume link, remembered in the session)."""
    from . import access

    if getattr(app, "filed_by_id", None) is not None:
        return staff_ok and access.can_work(request.user, app.department)
    if app.citizen_id is not None:
        citizen = current_citizen(request)
        return citizen is not None and citizen.pk == app.citizen_id
    if app.access_key in request.session.get("procedures_keys", []):
        return True
    if request.GET.get("key") == app.access_key:
        remember_key(request, app.access_key)
        return True
    return False


def remember_key(request, key: str) -> None:
    keys = request.session.get("procedures_keys", [])
    if key not in keys:
        request.session["procedures_keys"] = (keys + [key])[-50:]


def get_or_404(source, **kw):
    """``source`` is a model, a queryset or a related manager."""
    qs = source.objects.all() if hasattr(source, "objects") else source.all()
    obj = qs.filter(**kw).first()
    if obj is None:
        raise Http404
    return obj


def field_rows(form_def, data: dict, lang: str):
    return [(schema.label_of(s, lang), schema.display_value(s, data.get(s["key"]), lang)) for s in form_def.fields]

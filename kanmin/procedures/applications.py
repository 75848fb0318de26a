"""Citizen applications: drafts, pre-fill, attachments, idempotent submission with receipt numbers,
and one-stop bundles. Everything a request changes is committed before the response is sent."""

import secrets

from django.db import transaction
from django.utils import timezone

from kanmin.core.errors import UserError

from . import audit, receipts, schema, uploads
from .identity.base import meets
from .models import Application, ApplicationEvent, Attachment, Bundle, BundleApplication, FormDefinition, IdentityLevel

Kind = ApplicationEvent.Kind
EDITABLE = (Application.Status.DRAFT, Application.Status.RETURNED)


class _AlreadySubmitted(Exception):
    pass


# --- pre-fill ------------------------------------------------------------------------------------


def previous_values(citizen, exclude_pk=None) -> dict:
    """Values the citizen entered in earlier submitted applications (newest wins), by field key."""
    if citizen is None:
        return {}
    values = {}
    qs = Application.objects.filter(citizen=citizen).exclude(status=Application.Status.DRAFT).order_by("submitted_at")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for data in qs.values_list("data", flat=True):
        values.update({k: v for k, v in (data or {}).items() if v not in (None, "", False)})
    return values


def prefill(form: FormDefinition, citizen, earlier: dict | None = None) -> dict:
    """Initial values: identity claims first (authoritative), then earlier applications
    (``earlier``: :func:`previous_values` of the citizen, when the caller already has them)."""
    claims = (citizen.claims if citizen else {}) or {}
    if earlier is None:
        earlier = previous_values(citizen)
    data = {}
    for spec in form.fields:
        key = spec["key"]
        claim = spec.get("prefill")
        if claim and claims.get(claim):
            data[key] = claims[claim]
        elif key in earlier and spec["type"] not in ("checkbox",):
            data[key] = earlier[key]
    return data


def prefilled_keys(form: FormDefinition, citizen) -> set[str]:
    claims = (citizen.claims if citizen else {}) or {}
    return {s["key"] for s in form.fields if s.get("prefill") and claims.get(s["prefill"])}


# --- drafts --------------------------------------------------------------------------------------


def check_identity(form: FormDefinition, level: str) -> None:
    if not meets(level, form.identity_level):
        if form.identity_level == IdentityLevel.STRONG:
            raise UserError("この手続きにはマイナンバーカード等による本人確認が必要です。", "This procedure needs strong identity verification (e.g. My Number card).")
        raise UserError("この手続きにはログインが必要です。", "Log in to use this procedure.")


def start(form: FormDefinition, *, citizen=None, level: str = IdentityLevel.NONE, filed_by=None, bundle_filing=None,
          earlier: dict | None = None) -> Application:
    """Create a draft for ``form`` (pre-filled). Counter mode: ``filed_by`` is the staff member."""
    if not form.published or form.superseded:
        raise UserError("このフォームは現在受け付けていません。", "This form is not accepting applications.")
    counter = filed_by is not None
    if not counter:
        check_identity(form, level)
    with transaction.atomic():
        app = Application.objects.create(
            form=form, form_version=form.version, department=form.department, fee=form.fee,
            data=prefill(form, citizen, earlier), citizen=citizen, identity_level=level, bundle_filing=bundle_filing,
            channel=Application.Channel.COUNTER if counter else Application.Channel.ONLINE, filed_by=filed_by,
            waived_attachments=[a["key"] for a in form.attachments if a.get("waive_level") and meets(level, a["waive_level"])],
        )
        if counter:
            audit.record(app, Kind.CREATED, actor=filed_by, on_behalf=True, message="窓口で職員が代理入力を開始 / staff started a counter filing on behalf of the applicant")
        else:
            audit.record(app, Kind.CREATED, actor_label=audit.citizen_label(citizen))
    return app


def _actor(app, actor):
    if actor is not None:
        return {"actor": actor, "on_behalf": app.channel == Application.Channel.COUNTER}
    return {"actor_label": audit.citizen_label(app.citizen)}


def validate(form: FormDefinition, data: dict, lang: str = "ja", *, for_draft: bool = False, prefix: str = ""):
    """Run the server-side form; returns (cleaned JSON values, bound Django form)."""
    form_class = schema.build_form_class(form.fields, lang, for_draft=for_draft, prefix_key=prefix)
    bound = form_class(data={f"{prefix}{k}": v for k, v in data.items()} if prefix else data)
    bound.is_valid()
    cleaned = {}
    for spec in form.fields:
        name = f"{prefix}{spec['key']}"
        if name in bound.cleaned_data:
            cleaned[spec["key"]] = schema.to_json(bound.cleaned_data[name])
    return cleaned, bound


def save_draft(app: Application, raw: dict, *, actor=None, lang: str = "ja", explicit: bool = True) -> dict:
    """Store what the user typed. Valid values are stored cleaned; invalid ones as typed (so nothing
    is lost) and reported back. Returns ``{key: [messages]}`` of the problems found."""
    if app.status not in EDITABLE:
        raise UserError("送信済みの申請は変更できません。", "A submitted application cannot be changed.")
    known = {s["key"]: s for s in app.form.fields}
    incoming = {k: v for k, v in raw.items() if k in known}
    for spec in known.values():  # an unticked checkbox is absent from a POST: treat as False
        if spec["type"] == "checkbox" and explicit:
            incoming.setdefault(spec["key"], "")
    cleaned, bound = validate(app.form, incoming, lang, for_draft=True)
    data = dict(app.data)
    errors = {}
    for key, value in incoming.items():
        if key in cleaned:
            data[key] = cleaned[key]
        else:
            data[key] = str(value)[:10000]
            errors[key] = list(bound.errors.get(key, []))
    with transaction.atomic():
        Application.objects.filter(pk=app.pk).update(data=data, modified=timezone.now())
        if explicit:
            audit.record(app, Kind.SAVED, **_actor(app, actor), visible=False)
    app.data = data
    return errors


def add_attachment(app: Application, slot: str, fileobj, filename: str, *, actor=None) -> Attachment:
    """Store one upload for ``slot`` (replacing an earlier one). The file is renamed into place before
    the row is committed; if the commit fails the file is removed."""
    if app.status not in EDITABLE:
        raise UserError("送信済みの申請には添付できません。", "Files cannot be added to a submitted application.")
    spec = next((a for a in app.form.attachments if a["key"] == slot), None)
    if spec is None:
        raise UserError("この添付書類はこのフォームにありません。", "This form has no such attachment.", field="attachments")
    label = spec["label"]
    stored = uploads.store(fileobj, filename, folder=str(app.pk), types=spec["types"], max_bytes=int(spec["max_mb"] * 1024 * 1024), label=label)
    old_paths = []
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=app.pk)
            if locked.status not in EDITABLE:
                raise UserError("送信済みの申請には添付できません。", "Files cannot be added to a submitted application.")
            for old in Attachment.objects.filter(application=app, slot=slot):
                old_paths.append(old.path)
                old.delete()
            att = Attachment.objects.create(application=app, slot=slot, filename=stored.filename, content_type=stored.content_type,
                                            size=stored.size, sha256=stored.sha256, path=stored.path)
            audit.record(app, Kind.ATTACHED, **_actor(app, actor), message=f"{label}: {stored.filename} ({stored.size} bytes, sha256 {stored.sha256[:16]}…)")
    except BaseException:
        uploads.remove(stored.path)
        raise
    for path in old_paths:
        uploads.remove(path)
    return att


def remove_attachment(app: Application, attachment_id, *, actor=None) -> None:
    if app.status not in EDITABLE:
        raise UserError("送信済みの申請は変更できません。", "A submitted application cannot be changed.")
    att = Attachment.objects.filter(application=app, pk=attachment_id).first()
    if att is None:
        return
    with transaction.atomic():
        att.delete()
        audit.record(app, Kind.ATTACHED, **_actor(app, actor), message=f"削除 / removed: {att.filename}")
    uploads.remove(att.path)


def missing_attachments(app: Application) -> list[dict]:
    have = set(app.files.values_list("slot", flat=True))
    return [a for a in app.form.attachments if a.get("required") and a["key"] not in have and a["key"] not in (app.waived_attachments or [])]


def submission_errors(app: Application, lang: str = "ja") -> tuple[dict, list[str]]:
    """Field errors and missing-attachment messages that block submission."""
    _cleaned, bound = validate(app.form, {k: ("on" if v is True else v) for k, v in app.data.items() if v is not False}, lang)
    field_errors = {k: list(v) for k, v in bound.errors.items()}
    missing = [(f"「{schema.label_of(a, lang)}」を添付してください。" if lang != "en" else f"Attach “{schema.label_of(a, lang)}”.")
               for a in missing_attachments(app)]
    return field_errors, missing


def _submit_locked(app: Application, token: str, actor, now) -> None:
    """Inside a transaction: move one draft to 受付, allocating its receipt number."""
    number = app.receipt_number or receipts.next_number("R")
    was = app.status
    updated = Application.objects.filter(pk=app.pk, status__in=EDITABLE, submit_token=token).update(
        status=Application.Status.RECEIVED, receipt_number=number, submitted_at=now, modified=now, submit_token=secrets.token_urlsafe(24),
    )
    if not updated:
        raise _AlreadySubmitted
    app.status, app.receipt_number, app.submitted_at = Application.Status.RECEIVED, number, now
    msg = "窓口で代理申請 / filed at the counter on behalf of the applicant" if app.channel == Application.Channel.COUNTER else ""
    audit.record(app, Kind.SUBMITTED, **_actor(app, actor), from_status=was, to_status=Application.Status.RECEIVED,
                 message=msg or ("再申請 / resubmitted" if was == Application.Status.RETURNED else ""))


def submit(app: Application, token: str, *, actor=None, lang: str = "ja") -> Application:
    """Submit a draft (or a returned application). Idempotent: a repeated POST of the same form
    returns the application with the receipt it already got."""
    app.refresh_from_db()
    if app.status not in EDITABLE:
        return app  # already submitted: same receipt
    if token != app.submit_token:
        raise UserError("この画面は古くなっています。最新の内容を確認してから申請してください。",
                        "This page is out of date; check the latest content and submit again.")
    if app.filed_by_id is None:
        check_identity(app.form, app.identity_level)
    field_errors, missing = submission_errors(app, lang)
    if field_errors or missing:
        raise UserError("入力内容に誤りがあります。", "Please correct the errors.", field="__all__")
    try:
        with transaction.atomic():
            _submit_locked(app, token, actor, timezone.now())
    except _AlreadySubmitted:
        pass
    app.refresh_from_db()
    if app.status in EDITABLE:
        raise UserError("この画面は古くなっています。最新の内容を確認してから申請してください。",
                        "This page is out of date; check the latest content and submit again.")
    return app


# --- bundles -------------------------------------------------------------------------------------


def bundle_forms(bundle: Bundle) -> list[FormDefinition]:
    from .definitions import current

    forms = []
    for slug in bundle.form_slugs:
        form = current(slug)
        if form is None:
            raise UserError(f"まとめて申請に含まれる手続き「{slug}」が公開されていません。", f"Procedure '{slug}' of this bundle is not published.")
        forms.append(form)
    return forms


def bundle_fields(forms: list[FormDefinition]) -> tuple[list[dict], dict[str, list[str]]]:
    """Shared fields (same key) are asked once; returns (specs in order, key -> form slugs using it)."""
    specs, used_by = [], {}
    for form in forms:
        for spec in form.fields:
            if spec["key"] not in used_by:
                specs.append(dict(spec))
                used_by[spec["key"]] = []
            else:  # required anywhere means required in the combined form
                existing = next(s for s in specs if s["key"] == spec["key"])
                existing["required"] = existing["required"] or spec["required"]
            used_by[spec["key"]].append(form.slug)
    return specs, used_by


def start_bundle(bundle: Bundle, *, citizen=None, level: str = IdentityLevel.NONE) -> BundleApplication:
    forms = bundle_forms(bundle)
    for form in forms:
        check_identity(form, level)
    with transaction.atomic():
        filing = BundleApplication.objects.create(bundle=bundle, citizen=citizen)
        earlier = previous_values(citizen)  # the drafts created below do not count
        for form in forms:
            start(form, citizen=citizen, level=level, bundle_filing=filing, earlier=earlier)
    return filing


def bundle_children(filing: BundleApplication) -> list[Application]:
    order = {slug: i for i, slug in enumerate(filing.bundle.form_slugs)}
    return sorted(filing.applications.select_related("form"), key=lambda a: order.get(a.form.slug, 99))


def save_bundle_draft(filing: BundleApplication, raw: dict, *, lang: str = "ja", explicit: bool = True,
                      children: list[Application] | None = None) -> dict:
    """Save the shared form into every editable child; pass ``children`` (from :func:`bundle_children`)
    to update those objects' ``data`` in place instead of loading them again."""
    errors = {}
    with transaction.atomic():
        for app in bundle_children(filing) if children is None else children:
            if app.status in EDITABLE:
                errors.update(save_draft(app, raw, lang=lang, explicit=explicit))
    return errors


def submit_bundle(filing: BundleApplication, token: str, *, lang: str = "ja") -> BundleApplication:
    """Submit every procedure of the bundle in one transaction under one bundle receipt (idempotent)."""
    filing.refresh_from_db()
    if filing.submitted_at:
        return filing
    children = bundle_children(filing)
    if token != filing.access_key:
        raise UserError("この画面は古くなっています。", "This page is out of date.")
    for app in children:
        field_errors, missing = submission_errors(app, lang)
        if field_errors or missing:
            raise UserError(f"「{app.form.title}」の入力内容に誤りがあります。", f"Please correct the errors for “{app.form.title_for('en')}”.")
    now = timezone.now()
    try:
        with transaction.atomic():
            if not BundleApplication.objects.filter(pk=filing.pk, submitted_at__isnull=True).update(submitted_at=now):
                raise _AlreadySubmitted
            number = receipts.next_number("B")
            BundleApplication.objects.filter(pk=filing.pk).update(receipt_number=number)
            for app in children:
                _submit_locked(app, app.submit_token, None, now)
    except _AlreadySubmitted:
        pass
    filing.refresh_from_db()
    return filing

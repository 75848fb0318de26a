"""Form definitions: checking specs, building Django forms, versions, the procedure inventory link."""

import pytest

from kanmin.core.errors import UserError
from kanmin.procedures import definitions, schema

from .conftest import SIMPLE_FIELDS, VALID


def test_clean_fields_rejects_bad_definitions():
    with pytest.raises(UserError, match="key"):
        schema.clean_fields([{"key": "Bad Key", "label": "x"}])
    with pytest.raises(UserError, match="twice"):
        schema.clean_fields([{"key": "a", "label": "A"}, {"key": "a", "label": "B"}])
    with pytest.raises(UserError, match="unknown type"):
        schema.clean_fields([{"key": "a", "label": "A", "type": "file"}])
    with pytest.raises(UserError, match="no choices"):
        schema.clean_fields([{"key": "a", "label": "A", "type": "select"}])
    with pytest.raises(UserError, match="regular expression"):
        schema.clean_fields([{"key": "a", "label": "A", "pattern": "("}])
    with pytest.raises(UserError, match="PDF, PNG, JPEG only"):
        schema.clean_attachments([{"key": "doc", "types": ["exe"]}])
    spec = schema.clean_fields([{"key": "a", "label": "A", "type": "select", "choices": ["x", ["y", "ワイ", "Why"]]}])[0]
    assert spec["choices"] == [["x", "x", "x"], ["y", "ワイ", "Why"]]


def test_dynamic_form_validates_server_side():
    fields = schema.clean_fields(SIMPLE_FIELDS)
    Form = schema.build_form_class(fields, "ja")
    ok = Form(data=VALID)
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["postal_code"] == "760-8571"  # full-width digits normalised
    assert ok.cleaned_data["count"] == 2
    bad = Form(data=dict(VALID, postal_code="12345", count="二", email="not-mail", purpose="evil", phone="abc", agree=""))
    assert not bad.is_valid()
    assert set(bad.errors) == {"postal_code", "count", "email", "purpose", "phone", "agree"}
    assert "760-8571" in bad.errors["postal_code"][0]
    missing = Form(data={})
    assert not missing.is_valid()
    assert missing.errors["name"] == ["「氏名」を入力してください。"]
    en = schema.build_form_class(fields, "en")(data={})
    en.is_valid()
    assert en.errors["name"] == ["Enter “Name”."]
    too_long = Form(data=dict(VALID, name="あ" * 41))
    assert not too_long.is_valid() and "40" in too_long.errors["name"][0]


def test_pattern_and_draft_mode():
    fields = schema.clean_fields([{"key": "kana", "label": "カナ", "type": "text", "required": True, "pattern": r"^[ァ-ヶー]+$"}])
    assert not schema.build_form_class(fields)(data={"kana": "abc"}).is_valid()
    assert schema.build_form_class(fields)(data={"kana": "タカマツ"}).is_valid()
    assert schema.build_form_class(fields, for_draft=True)(data={}).is_valid()


def test_versions_keep_old_applications(make_form):
    from kanmin.procedures import applications

    v1 = make_form()
    assert v1.version == 1
    same = make_form(title="住民票（修正）")
    assert same.pk == v1.pk and same.title == "住民票（修正）"  # no applications yet: edited in place
    app = applications.start(same)
    v2 = make_form(fields=SIMPLE_FIELDS + [{"key": "note", "label": "備考", "type": "textarea"}])
    assert v2.version == 2 and v2.pk != v1.pk
    v1.refresh_from_db()
    assert v1.superseded and not v1.published
    app.refresh_from_db()
    assert app.form_id == v1.pk and app.form_version == 1
    assert definitions.current("juminhyo").pk == v2.pk
    with pytest.raises(UserError):
        definitions.set_published(v1, True)


def test_form_without_inventory_uses_plain_procedure_id(make_form, monkeypatch):
    monkeypatch.setattr(definitions, "plan_services", None)
    form = make_form(procedure_id="P-123")
    assert form.procedure_id == "P-123" and form.procedure_name == ""


def test_form_linked_to_real_procedure_inventory(make_form, org):
    from kanmin.plan import services as plan

    proc = plan.create_procedure(name="住民票の写しの交付請求", department=org.name, needs_identity=True, needs_fee=True, online_now=False)
    form = make_form(procedure_id=proc["id"], department="")
    assert form.procedure_name == "住民票の写しの交付請求"
    assert form.department == org.name  # taken from the inventory
    assert plan.get_procedure(proc["id"])["online_now"] is True  # publishing records it as online
    with pytest.raises(UserError, match="inventory"):
        make_form(slug="other", procedure_id="00000000-0000-0000-0000-000000000000")

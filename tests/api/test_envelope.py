"""CKAN envelope, error shapes and parameter parsing, through Django's test client."""

import pytest

pytestmark = pytest.mark.django_db


def test_success_envelope_and_help(client, dataset):
    body = client.get("/api/3/action/package_show", {"id": "aed"}).json()
    assert body["success"] is True
    assert body["help"].endswith("/api/3/action/help_show?name=package_show")
    assert body["result"]["name"] == "aed"


def test_unknown_action_is_400(client):
    r = client.get("/api/3/action/no_such_action")
    assert r.status_code == 400
    assert r.json()["error"]["message"] == "Bad request - Action name not known: no_such_action"


def test_not_found_shape(client, db):
    r = client.get("/api/3/action/package_show", {"id": "missing"})
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["__type"] == "Not Found Error" and err["message_ja"] == "データセットが見つかりません。"


def test_validation_error_shape_for_missing_id(client, db):
    r = client.get("/api/3/action/package_show")
    assert r.status_code == 409
    assert r.json()["error"] == {"__type": "Validation Error", "message_ja": "id を指定してください。", "id": ["Missing value"]}


def test_json_post_and_json_params_in_query_string(client, dataset, load_file, corpus):
    res = load_file(corpus / "library" / "data.xlsx")
    r = client.post("/api/3/action/datastore_search", {"resource_id": str(res.pk), "filters": {"name": "高松市香川図書館"}},
                    content_type="application/json")
    assert r.json()["result"]["total"] == 1
    r = client.get("/api/3/action/datastore_search", {"resource_id": str(res.pk), "filters": '{"name": "高松市香川図書館"}'})
    assert r.json()["result"]["records"][0]["name"] == "高松市香川図書館"


def test_broken_json_body(client, db):
    r = client.post("/api/3/action/package_search", "{not json", content_type="application/json")
    assert r.status_code == 409 and r.json()["success"] is False


def test_write_by_get_or_by_session_is_refused(client, editor, dataset):
    client.force_login(editor)
    r = client.post("/api/3/action/package_patch", {"id": "aed", "title": "x"}, content_type="application/json")
    assert r.status_code == 403, "a browser session alone cannot write (no CSRF on the API)"
    r = client.get("/api/3/action/package_patch", {"id": "aed", "title": "x"}, HTTP_AUTHORIZATION="whatever")
    assert r.status_code == 403


def test_token_is_stored_hashed(editor_token, editor):
    from kanmin.api.models import ApiToken

    record = ApiToken.objects.get(user=editor)
    assert editor_token not in record.token_hash and len(record.token_hash) == 64
    assert ApiToken.user_for(editor_token) == editor
    assert ApiToken.user_for(editor_token + "x") is None


def test_private_dataset_hidden_from_anonymous_visible_to_member(client, dataset, editor, editor_token):
    dataset.private = True
    dataset.save()
    assert client.get("/api/3/action/package_show", {"id": "aed"}).status_code == 404
    assert client.get("/api/3/action/package_search").json()["result"]["count"] == 0
    r = client.get("/api/3/action/package_show", {"id": "aed"}, HTTP_AUTHORIZATION=editor_token)
    assert r.status_code == 200
    r = client.get("/api/3/action/package_search", {"include_private": "true"}, HTTP_AUTHORIZATION=editor_token)
    assert r.json()["result"]["count"] == 1


def test_xss_in_metadata_is_json_escaped_and_html_escaped(client, dataset):
    dataset.title = '<script>alert("x")</script>'
    dataset.save()
    page = client.get("/dataset/aed/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_oversized_request_is_refused_before_reading_it(client, settings):
    settings.KANMIN_MAX_UPLOAD_MB = 1
    r = client.post("/api/3/action/resource_create", data=b"x", content_type="application/octet-stream",
                    CONTENT_LENGTH=str(500 * 1024 * 1024))
    assert r.status_code == 413 and r.json()["error"]["upload"] == ["The request is too large (limit 1 MB)."]
    page = client.post("/staff/dataset/x/resource/new/", data=b"x", content_type="multipart/form-data; boundary=z",
                       CONTENT_LENGTH=str(500 * 1024 * 1024))
    assert page.status_code == 413 and "上限 1 MB" in page.content.decode()


def test_datastore_search_records_formats(client, dataset, load_file, corpus):
    res = load_file(corpus / "library" / "data.xlsx")
    params = {"resource_id": str(res.pk), "fields": "name,telephoneNumber", "sort": "name", "limit": 2}
    lists = client.get("/api/3/action/datastore_search", {**params, "records_format": "lists"}).json()["result"]
    assert lists["records"][0] == ["高松市中央図書館", "087-861-4501"]
    csv = client.get("/api/3/action/datastore_search", {**params, "records_format": "csv"}).json()["result"]
    assert csv["records"].splitlines()[0] == "高松市中央図書館,087-861-4501"
    bad = client.get("/api/3/action/datastore_search", {**params, "records_format": "xml"})
    assert bad.status_code == 409

"""Loading into per-resource tables and querying them, on SQLite or PostgreSQL (DATABASE_URL)."""

import datetime as dt

import pytest
from django.db import connection

from kanmin.core.errors import UserError
from kanmin.datastore import readers, services, sqlnames, store

pytestmark = pytest.mark.django_db(transaction=True)

RID = "11111111-2222-3333-4444-555555555555"


def table(header, rows):
    return readers.Table(header=header, rows=lambda: iter(rows))


@pytest.fixture
def facilities():
    rows = [
        ["1", "中央図書館", "高松市昭和町一丁目2-20", "34.34397", "134.03447", "2024-04-01", "1,200"],
        ["2", "牟礼図書館", "高松市牟礼町牟礼130-2", "34.34147", "134.14279", "2023/10/5", "300"],
        ["3", "香川図書館", "高松市香川町川東上1865-13", "34.24122", "134.03457", "", "450"],
        ["4", "ＡＢＣホール", "高松市サンポート2-1", "", "", "2022-01-31", "=HYPERLINK(\"x\")"],
    ]
    store.load(RID, table(["番号", "名称", "住所", "緯度", "経度", "開館日", "蔵書"], rows))
    return RID


def test_types_are_inferred(facilities):
    types = {f["id"]: f["type"] for f in services.info(facilities)["fields"]}
    assert types == {"_id": "int", "番号": "int", "名称": "text", "住所": "text", "緯度": "numeric", "経度": "numeric", "開館日": "date", "蔵書": "text"}


def test_leading_zero_codes_stay_text():
    store.load(RID, table(["郵便番号", "コード"], [["0600001", "01"], ["7600017", "37"]]))
    types = {f["id"]: f["type"] for f in services.info(RID)["fields"]}
    assert types["郵便番号"] == "text" and types["コード"] == "text"


def test_filters_sort_paging_and_total(facilities):
    result = services.search(facilities, filters={"番号": [1, 3]}, sort="番号 desc", limit=1)
    assert result["total"] == 2
    assert [r["名称"] for r in result["records"]] == ["香川図書館"]
    page2 = services.search(facilities, sort="番号", limit=2, offset=2)
    assert [r["番号"] for r in page2["records"]] == [3, 4]


def test_date_values_are_dates(facilities):
    record = services.search(facilities, filters={"番号": 2})["records"][0]
    assert str(record["開館日"]) == "2023-10-05"
    assert isinstance(record["開館日"], (str, dt.date))


def test_full_text_q_matches_japanese_and_full_width(facilities):
    assert services.search(facilities, q="牟礼")["total"] == 1
    assert services.search(facilities, q="abc")["total"] == 1, "half-width query finds full-width ＡＢＣ"
    assert services.search(facilities, q="図書館 高松市")["total"] == 3
    assert services.search(facilities, q={"住所": "香川町"})["total"] == 1
    assert services.search(facilities, q="100%")["total"] == 0, "LIKE wildcards are escaped"


def test_fields_and_distinct(facilities):
    result = services.search(facilities, fields="名称", limit=10)
    assert [f["id"] for f in result["fields"]] == ["名称"]
    store.load(RID, table(["区"], [["東"], ["西"], ["東"]]))
    assert services.search(RID, fields=["区"], distinct=True, sort="区")["total"] == 2


def test_unknown_field_and_bad_filter_value_are_user_errors(facilities):
    with pytest.raises(UserError) as err:
        services.search(facilities, filters={"存在しない": 1})
    assert "存在しない" in err.value.ja
    with pytest.raises(UserError):
        services.search(facilities, filters={"番号": "abc"})
    with pytest.raises(UserError):
        services.search(facilities, sort="番号; DROP TABLE x")


def test_failed_reload_keeps_previous_version(facilities):
    bad = table(["番号", "名称"], [["1", "a"], ["2", "b", "extra"]])
    with pytest.raises(UserError) as err:
        store.load(facilities, bad)
    assert "3 行目" in err.value.ja
    assert services.search(facilities)["total"] == 4
    assert services.info(facilities)["fields"][2]["id"] == "名称"


def test_rows_wider_than_header_only_with_blank_extras_are_fine():
    store.load(RID, table(["a"], [["1", "", None]]))
    assert services.search(RID)["total"] == 1


def test_duplicate_and_blank_headers_are_renamed():
    store.load(RID, table(["名称", "名称", "", "_id"], [["a", "b", "c", "d"]]))
    names = [f["id"] for f in services.info(RID)["fields"]]
    assert names == ["_id", "名称", "名称_2", "column_3", "_id_"]


def test_read_only_sql(facilities):
    result = services.run_sql(f'SELECT "名称", "蔵書" FROM "{facilities}" WHERE "番号" = 2')
    assert result["records"] == [{"名称": "牟礼図書館", "蔵書": "300"}]
    result = services.run_sql(f"SELECT COUNT(*) AS n FROM \"{facilities}\" WHERE \"名称\" LIKE '%図書館'")
    assert result["records"][0]["n"] == 3


@pytest.mark.parametrize(
    "sql",
    [
        'DELETE FROM "{rid}"',
        'UPDATE "{rid}" SET "名称" = \'x\'',
        'SELECT * FROM "{rid}"; DELETE FROM "{rid}"',
        "SELECT * FROM auth_user",
        "SELECT * FROM core_job",
        'WITH x AS (DELETE FROM "{rid}" RETURNING *) SELECT * FROM x',
    ],
)
def test_sql_cannot_write_or_read_outside_the_datastore(facilities, sql):
    with pytest.raises(UserError):
        services.run_sql(sql.format(rid=facilities))
    assert services.search(facilities)["total"] == 4


def test_sql_time_limit(facilities, settings):
    settings.KANMIN_SQL_TIMEOUT_MS = 300
    slow = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000000) SELECT COUNT(*) FROM r'
    with pytest.raises(UserError) as err:
        services.run_sql(slow)
    assert "time limit" in err.value.en
    assert services.run_sql(f'SELECT COUNT(*) AS n FROM "{facilities}"')["records"][0]["n"] == 4


def _export(rid, fmt, **kw):
    _type, _ext, chunks = services.export_stream(rid, fmt, **kw)
    return b"".join(chunks)


def test_csv_export_variants_and_injection_safety(facilities):
    utf8 = _export(facilities, "csv")
    assert utf8.startswith("番号,名称".encode())
    assert "'=HYPERLINK".encode() in utf8, "formula-like text is neutralised"
    assert _export(facilities, "csv", bom=True).startswith(b"\xef\xbb\xbf")
    sjis = _export(facilities, "csv", encoding="cp932")
    assert sjis.decode("cp932").splitlines()[1].startswith("1,中央図書館")


def test_negative_numbers_are_not_mangled():
    store.load(RID, table(["値"], [["-5"], ["3"]]))
    assert _export(RID, "csv").decode().splitlines()[1] == "-5"


def test_json_and_geojson_export(facilities):
    import orjson

    data = orjson.loads(_export(facilities, "json"))
    assert len(data["records"]) == 4 and data["records"][0]["名称"] == "中央図書館"
    geo = orjson.loads(_export(facilities, "geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    assert geo["features"][0]["geometry"]["coordinates"] == [134.03447, 34.34397]
    assert geo["features"][3]["geometry"] is None


def test_geojson_needs_coordinates():
    store.load(RID, table(["名称"], [["a"]]))
    with pytest.raises(UserError) as err:
        _export(RID, "geojson")
    assert "緯度" in err.value.ja


def test_create_and_upsert_with_primary_key():
    services.create(RID, fields=[{"id": "code", "type": "text"}, {"id": "count", "type": "int"}],
                    records=[{"code": "A", "count": 1}], primary_key="code")
    services.upsert(RID, [{"code": "A", "count": 5}, {"code": "B", "count": 2}])
    rows = services.search(RID, sort="code")["records"]
    assert [(r["code"], r["count"]) for r in rows] == [("A", 5), ("B", 2)]
    assert services.search(RID, q="b")["total"] == 1, "full text follows upserts"
    with pytest.raises(UserError):
        services.upsert(RID, [{"code": "C", "count": "many"}])
    assert services.search(RID)["total"] == 2, "a failed upsert changes nothing"


def test_corpus_population_loads_with_types(corpus):
    services.load_file(RID, corpus / "population" / "0066_201811.xlsx", "XLSX")
    info = services.info(RID)
    types = {f["id"]: f["type"] for f in info["fields"]}
    assert info["total"] == 235
    assert types["totalPopulation"] == "int" and types["regionName"] == "text"
    top = services.search(RID, sort="totalPopulation desc", limit=1)["records"][0]
    assert top["totalPopulation"] > 5000


def test_timestamps_filter_sort_and_upsert_alike():
    """Loaded, filtered and upserted timestamps are stored and compared in one form (SQLite keeps text)."""
    services.create(RID, fields=[{"id": "no", "type": "int"}, {"id": "at", "type": "timestamp"}],
                    records=[{"no": 1, "at": "2024-01-01 10:00"}, {"no": 3, "at": "2024-01-01 12:00"}], primary_key="no")
    services.upsert(RID, [{"no": 2, "at": "2024-01-01T11:00:00"}])
    assert services.search(RID, filters={"at": "2024-01-01 10:00"})["total"] == 1
    assert services.search(RID, filters={"at": "2024-01-01T11:00"})["total"] == 1
    ordered = services.search(RID, sort="at desc")["records"]
    assert [r["no"] for r in ordered] == [3, 2, 1]
    assert {str(r["at"])[:19].replace("T", " ") for r in ordered} == {"2024-01-01 10:00:00", "2024-01-01 11:00:00", "2024-01-01 12:00:00"}
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(DISTINCT LENGTH(CAST(at AS TEXT))) FROM {sqlnames.table(RID)}")
        assert cur.fetchone()[0] == 1, "every stored timestamp has the same text form"

"""Pure engine pieces: 和暦, numbers, local government codes, addresses, standards detection."""

import pytest

from kanmin.quality.engine import localgov
from kanmin.quality.engine.address import parse_address
from kanmin.quality.engine.dates import parse_date, parse_time
from kanmin.quality.engine.numbers import parse_number
from kanmin.quality.engine.standards import detect, get_schema, map_header, schemas, validate_rows


@pytest.mark.parametrize("text, iso", [
    ("令和6年4月1日", "2024-04-01"), ("R6.4.1", "2024-04-01"), ("R06.04.01", "2024-04-01"), ("H31", "2019"),
    ("令和元年5月1日", "2019-05-01"), ("令和六年四月一日", "2024-04-01"), ("平成元年1月8日", "1989-01-08"),
    ("昭和64年1月7日", "1989-01-07"), ("２０２４年４月１日（月）", "2024-04-01"), ("1947/4/1", "1947-04-01"),
    ("令和6年4月", "2024-04"),
])
def test_dates_to_iso(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("text", ["平成31年5月1日", "令和元年4月30日", "2024/2/30"])
def test_impossible_dates_are_invalid_not_guessed(text):
    parsed = parse_date(text)
    assert parsed.iso is None and parsed.invalid


@pytest.mark.parametrize("text", ["11/1/2018", "8月5日（水）"])
def test_ambiguous_dates_are_reported(text):
    parsed = parse_date(text)
    assert parsed.iso is None and parsed.ambiguous and parsed.reason_ja


def test_unambiguous_year_last_date_is_converted():
    assert parse_date("25/12/2020").iso == "2020-12-25"


def test_times():
    assert parse_time("22：00").iso == "22:00"
    assert parse_time("9時30分").iso == "09:30"
    assert parse_time("午後1時").iso == "13:00"
    assert parse_time("26:00").invalid


def test_numbers_with_units_commas_and_full_width():
    n = parse_number("1,234人")
    assert (n.value, n.unit, n.had_commas) == ("1234", "人", True)
    assert parse_number("１２３").value == "123"
    assert parse_number("▲500").value == "-500"
    assert parse_number("△5").ambiguous
    assert parse_number("220人程度") is None  # a qualifier changes the meaning: not split
    assert parse_number("087-861-4501") is None


def test_check_digit_of_takamatsu_and_kagawa():
    assert localgov.check_digit("37201") == "3"
    assert localgov.full_code("37208") == "372081"  # remainder 0 gives check digit 1
    assert localgov.by_code("372013").name == "高松市"
    assert localgov.by_code("370002").prefecture == "香川県"
    codes = {m.name: m.code for m in localgov.municipalities() if m.prefecture == "香川県"}
    assert len(codes) == 17 and codes["まんのう町"] == "374067"
    assert len(localgov.prefectures()) == 47
    assert not localgov.check_code("372014").ok
    assert localgov.check_code("37201").fixable


def test_address_normalization():
    a = parse_address("香川県高松市番町四丁目１番３号")
    assert (a.prefecture, a.city, a.town, a.chome, a.banchi, a.code) == ("香川県", "高松市", "番町", 4, "1-3", "372013")
    assert a.normalized == "香川県高松市番町4丁目1-3"
    b = parse_address("綾歌郡綾川町萱原822-1")
    assert b.prefecture == "香川県" and b.code == "373877" and b.banchi == "822-1"
    assert parse_address("高松市鬼ケ島1").town == "鬼ヶ島"
    assert parse_address("高松市十川西町299‐1").banchi == "299-1"
    c = parse_address("高松市浜ノ町1-20 高松オルネ北館１階")
    assert c.rest == "高松オルネ北館1階"
    assert parse_address("大阪府大阪市北区中之島1-3-20").ward == "北区"


def test_address_problems_are_flagged():
    assert not parse_address("府中市宮西町2-24").ok  # Tokyo or Hiroshima: not guessed
    assert not parse_address("どこか").ok
    assert parse_address("東京都府中市宮西町2-24").code == "132063"


def test_all_eleven_standards_and_takamatsu_aliases():
    assert {"public_facility", "aed", "evacuation_space", "shelter", "cultural_property", "tourism", "event",
            "childcare", "medical", "public_toilet", "population"} <= set(schemas())
    m = detect(["#property", "latitude", "longitude", "name", "address", "installationPosition", "telephoneNumber", "equipmentForChildren"])
    assert m.schema.name == "aed"
    assert m.near_miss[1] == "緯度" and m.near_miss[6] == "電話番号"
    assert "全国地方公共団体コード" in m.missing_required
    assert get_schema("AED設置箇所一覧").name == "aed"


def test_validation_of_values():
    header = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "住所", "緯度", "経度", "設置位置", "電話番号", "郵便番号"]
    schema = get_schema("aed")
    mapping = map_header(header, schema)
    rows = [["372013", "1", "高松市", "市役所", "香川県高松市番町1-8-15", "34.34", "134.04", "1階", "087-839-2111", ""],
            ["37201", "2", "高松市", "X", "高松市", "0", "34.3", "", "0878392111x", ""]]
    result = validate_rows(header, rows, mapping)
    by = {c.standard: c for c in result.columns}
    assert by["全国地方公共団体コード"].errors == 1
    assert by["緯度"].errors == 1 and by["経度"].errors == 1  # 0 and a latitude in the longitude column
    assert by["電話番号"].errors == 1
    assert by["設置位置"].empty_required == 1
    assert "郵便番号" not in by  # not an AED column

"""Every real Takamatsu file is checked and converted; concrete findings and converted values."""

import csv
import shutil

import pytest

from kanmin.quality.engine.check import check_file
from kanmin.quality.engine.convert import convert_file

CORPUS_FILES = [
    "aed_location/data.xlsx", "cultural_property/data.xlsx", "evacuation_space/data_(1).xlsx", "events/data.xlsx",
    "garbage_collection_date/0090.xlsx", "hospital/data_.xlsx", "library/data.xlsx", "municipal_parking/data.xlsx",
    "nursery_school/data(1).xlsx", "population/0066_201811.xlsx", "public_toilet/data.csv", "tourist_facilities/data(1).xlsx",
]
EXPECTED_STANDARD = {
    "aed_location": "aed", "cultural_property": "cultural_property", "evacuation_space": "evacuation_space",
    "events": "event", "hospital": "medical", "library": "public_facility", "municipal_parking": "public_facility", "nursery_school": "childcare",
    "population": "population", "public_toilet": "public_toilet", "tourist_facilities": "tourism",
}


def test_corpus_list_is_complete(corpus):
    found = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.suffix in (".xlsx", ".xls", ".csv"))
    assert found == sorted(CORPUS_FILES)


@pytest.fixture(scope="module")
def results(corpus, tmp_path_factory):
    out = {}
    work = tmp_path_factory.mktemp("corpus")
    for rel in CORPUS_FILES:
        src = work / rel.replace("/", "__")
        shutil.copy(corpus / rel, src)
        report = check_file(src)
        conv = convert_file(src, work / (src.stem + "_converted.csv"))
        with open(conv.output, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        out[rel.split("/")[0]] = (report, conv, rows)
    return out


def by_rule(report, rule):
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_every_file_is_checked_and_converted(results, rel):
    report, conv, rows = results[rel.split("/")[0]]
    assert report.readable and 0 <= report.score <= 100
    assert report.stars == (3 if rel.endswith(".csv") else 2)
    assert report.header_row == 1
    assert len(rows) - 1 == conv.rows == report.rows > 0
    assert all(len(r) == len(rows[0]) for r in rows)
    expected = EXPECTED_STANDARD.get(rel.split("/")[0])
    assert (report.standard or {}).get("name") == expected


def test_aed(results):
    report, conv, rows = results["aed_location"]
    assert report.rows == 450
    missing = {f.message_ja for f in by_rule(report, "L3-01")}
    assert any("全国地方公共団体コード" in m for m in missing)
    renames = report.standard["renames"]
    assert renames["latitude"] == "緯度" and renames["telephoneNumber"] == "電話番号" and renames["equipmentForChildren"] == "小児対応設備の有無"
    assert any("F316" in f.locations for f in by_rule(report, "L1-02"))  # ①１階受付②３階受付
    assert rows[2][3] == "JRホテルクレメント高松"  # full-width letters
    assert any(c["cell"] == "D3" and c["before"] == "ＪＲホテルクレメント高松" for c in conv.changes)


def test_cultural_property_zero_coordinates_and_5_digit_codes(results):
    report, conv, rows = results["cultural_property"]
    lat = [f for f in by_rule(report, "L3-05") if f.column == "latitude"][0]
    assert lat.count == 130 and lat.locations[0] == "B2"
    code = by_rule(report, "L3-04")[0]
    assert code.count == 183 and "372013" in code.examples[0]
    assert rows[1][3] == "372013"  # 37201 + check digit


def test_population(results):
    report, conv, rows = results["population"]
    date = [f for f in by_rule(report, "L2-04") if f.column == "surveyDate"][0]
    assert date.severity == "warning" and date.count == 235 and "判別できません" in date.examples[0]
    assert by_rule(report, "L1-02")[0].column == "location"
    assert rows[1][5] == "11/1/2018"  # ambiguous month/day order: kept, listed for review
    assert sum(1 for a in conv.ambiguous if a["column"] == "surveyDate") == 235
    assert rows[1][1] == "372013"


def test_events(results):
    report, conv, rows = results["events"]
    no_year = [f for f in by_rule(report, "L2-04") if f.column == "開催日"][0]
    assert no_year.severity == "warning" and "C4" in no_year.locations
    assert rows[0][0] == "No"  # № is platform dependent
    assert rows[2][3] == "09:00" and rows[2][4] == "17:00"  # '9：00' and '17：00'
    assert any(f.rule == "L1-10" and f.column == "開始時間" for f in report.findings)


def test_hospital(results):
    report, conv, rows = results["hospital"]
    assert rows[1][9] == "1947-04-01"  # 1947/4/1
    assert rows[1][3] == "香川県高松市新田町乙8番地"
    beds = [f for f in by_rule(report, "L2-06") if f.column == "numberOfBeds"][0]
    assert "N38" in beds.locations
    assert any(a["cell"] == "N38" and a["value"] == "19（休床中）" for a in conv.ambiguous)


def test_public_toilet_csv(results):
    report, conv, rows = results["public_toilet"]
    assert report.encoding == "utf-8" and not by_rule(report, "L2-01")
    addr = [f for f in by_rule(report, "L3-06") if "そろって" in f.message_ja][0]
    assert "香川県高松市片原町9番地9 → 香川県高松市片原町9-9" in addr.examples


def test_evacuation_phone_placeholders(results):
    report, _conv, _rows = results["evacuation_space"]
    phone = by_rule(report, "L3-07")[0]
    assert phone.count == 14 and phone.examples[0].startswith("- ")

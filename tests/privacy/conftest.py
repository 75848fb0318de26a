"""A synthetic personal table built from the real Takamatsu town names (population file)."""

import csv
import random
from pathlib import Path

import pytest

DIAGNOSES = ["高血圧", "糖尿病", "喘息", "骨折", "胃炎", "花粉症", "うつ病", "心疾患"]


@pytest.fixture(scope="session")
def town_names(corpus) -> list[str]:
    from kanmin.datastore.readers import open_table

    table = open_table(corpus / "population" / "0066_201811.xlsx", "XLSX")
    index = table.header.index("regionName")
    names = [str(row[index]).strip() for row in table.rows() if str(row[index]).strip()]
    assert len(names) > 100
    return names


def make_people(town_names, n=2000, seed=7) -> tuple[list[str], list[list[str]]]:
    rnd = random.Random(seed)
    towns = rnd.sample(town_names, 40)
    header = ["氏名", "年齢", "性別", "郵便番号", "町名", "診断名"]
    rows = []
    for i in range(n):
        town = rnd.choice(towns)
        postal = f"76{rnd.randint(0, 1)}{rnd.randint(0, 9)}{rnd.randint(0, 9)}{rnd.randint(0, 9)}{rnd.randint(0, 9)}"
        rows.append([f"住民{i:05d}", str(rnd.randint(0, 99)), rnd.choice(["男", "女"]), f"{postal[:3]}-{postal[3:]}",
                     town, rnd.choice(DIAGNOSES)])
    return header, rows


@pytest.fixture(scope="session")
def people(town_names):
    return make_people(town_names)


@pytest.fixture
def people_csv(people, tmp_path) -> Path:
    header, rows = people
    path = tmp_path / "people.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


@pytest.fixture
def reviewer(staff_user, org):
    return staff_user("reviewer", org, role="admin", password="pass-review-123")


@pytest.fixture
def kanon_params():
    return {**KANON_PARAMS}


KANON_PARAMS = {
    "roles": {"氏名": "drop", "年齢": "qi", "性別": "qi", "郵便番号": "qi", "町名": "qi", "診断名": "sensitive"},
    "hierarchies": {"年齢": "age", "性別": "suppress", "郵便番号": "postal", "町名": "address"},
    "k": 5, "l": 2, "max_suppression": 0.05,
}

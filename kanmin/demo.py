"""A demo city built from real Takamatsu City open data (高松市オープンデータ, CC BY 4.0).

Organizations and categories are ours; titles and descriptions come from each folder's config.yml.
"""

import os
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from kanmin.catalog import files, services as catalog
from kanmin.catalog.models import Dataset, Group, Membership, Organization, Resource
from kanmin.core import hooks

ATTRIBUTION = "出典：高松市オープンデータ（CC BY 4.0）"
ORGANIZATIONS = {
    "kikikanri": ("危機管理課", "Crisis Management Division"),
    "kenkofukushi": ("健康福祉局", "Health and Welfare Bureau"),
    "kodomo": ("こども未来局", "Children's Future Bureau"),
    "kanko": ("観光交流課", "Tourism Division"),
    "bunka": ("文化・芸術振興課", "Culture and Arts Division"),
    "kankyo": ("環境局", "Environment Bureau"),
    "toshiseibi": ("都市整備局", "Urban Development Bureau"),
    "seisaku": ("政策課（統計）", "Policy Division (Statistics)"),
    "kyoiku": ("教育委員会", "Board of Education"),
    "suido": ("上下水道局", "Waterworks Bureau"),
}
GROUPS = {
    "bousai": ("防災", "Disaster prevention"),
    "kosodate": ("子育て", "Child care"),
    "kanko": ("観光", "Tourism"),
    "toukei": ("統計", "Statistics"),
    "iryou-fukushi": ("医療・福祉", "Health and welfare"),
    "kurashi": ("くらし", "Daily life"),
    "kyouiku-bunka": ("教育・文化", "Education and culture"),
}
# corpus folder -> (dataset name, organization, groups, tags)
DATASETS = {
    "aed_location": ("aed", "kenkofukushi", ["bousai", "iryou-fukushi"], ["AED", "救急"]),
    "cultural_property": ("cultural-property", "bunka", ["kanko", "kyouiku-bunka"], ["文化財"]),
    "evacuation_space": ("evacuation-space", "kikikanri", ["bousai"], ["避難場所", "災害"]),
    "events": ("events", "kyoiku", ["kyouiku-bunka"], ["イベント"]),
    "garbage_collection_date": ("garbage-collection", "kankyo", ["kurashi"], ["ごみ"]),
    "hospital": ("medical-institutions", "kenkofukushi", ["iryou-fukushi"], ["医療機関", "病院"]),
    "library": ("libraries", "kyoiku", ["kyouiku-bunka"], ["図書館", "公共施設"]),
    "municipal_parking": ("municipal-parking", "toshiseibi", ["kurashi"], ["駐車場", "公共施設"]),
    "nursery_school": ("nursery-schools", "kodomo", ["kosodate"], ["保育所", "子育て施設"]),
    "population": ("population-by-area-age", "seisaku", ["toukei"], ["人口", "地域・年齢別人口"]),
    "public_toilet": ("public-toilets", "toshiseibi", ["kurashi", "kanko"], ["公衆トイレ"]),
    "tourist_facilities": ("tourist-facilities", "kanko", ["kanko"], ["観光施設"]),
}
FREQUENCY = {"population": "monthly", "events": "monthly"}
DEMO_USER, DEMO_PASSWORD = "demo-admin", "kanmin-demo"


def find_corpus(explicit: Path | None = None) -> Path:
    candidates = [explicit] if explicit else []
    if os.environ.get("KANMIN_CORPUS"):
        candidates.append(Path(os.environ["KANMIN_CORPUS"]))
    repo = Path(__file__).resolve().parents[1]
    candidates += [repo.parent / "shared" / "corpus" / "takamatsu", repo / "shared" / "corpus" / "takamatsu"]
    for c in candidates:
        if c and (c / "aed_location").is_dir():
            return c
    raise FileNotFoundError(
        "Takamatsu corpus not found (looked in ../shared/corpus/takamatsu; set KANMIN_CORPUS) / コーパスが見つかりません"
    )


def _data_file(folder: Path) -> Path:
    return next(p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".xlsx", ".xls", ".csv"))


def build(corpus: Path | None = None, echo=print) -> str:
    corpus = find_corpus(corpus)
    orgs = {key: Organization.objects.update_or_create(name=key, defaults={"title": ja, "title_en": en})[0]
            for key, (ja, en) in ORGANIZATIONS.items()}
    groups = {key: Group.objects.update_or_create(name=key, defaults={"title": ja, "title_en": en})[0]
              for key, (ja, en) in GROUPS.items()}
    User = get_user_model()
    admin = User.objects.filter(username=DEMO_USER).first()
    if admin is None:
        admin = User.objects.create_superuser(DEMO_USER, "demo@example.invalid", DEMO_PASSWORD)
    created = 0
    for folder_name, (name, org_key, group_keys, tags) in DATASETS.items():
        folder = corpus / folder_name
        if not folder.is_dir() or Dataset.objects.filter(name=name).exists():
            continue
        config = yaml.safe_load((folder / "config.yml").read_text(encoding="utf-8")) or {}
        with transaction.atomic():
            ds = Dataset.objects.create(
                name=name,
                title=str(config.get("name") or name),
                notes=str(config.get("description") or ""),
                organization=orgs[org_key],
                spatial="香川県高松市",
                attribution=ATTRIBUTION,
                update_frequency=FREQUENCY.get(folder_name, "irregular"),
                extras={"source": "高松市オープンデータ", "data_type": str(config.get("dataType") or "")},
            )
            ds.groups.set([groups[g] for g in group_keys])
            catalog.set_tags(ds, tags)
        path = _data_file(folder)
        resource = Resource.objects.create(dataset=ds, name=f"{config.get('name') or name}（{path.suffix.lstrip('.').upper()}）")
        stored = files.store_path(path, f"resources/{resource.pk}")
        catalog.ingest_file(None, str(resource.pk), stored)
        created += 1
        echo(f"  {ds.title}: {path.name}")
    for org in orgs.values():
        Membership.objects.get_or_create(user=admin, organization=org, defaults={"role": Membership.Role.ADMIN})
    for module in hooks.domain_modules("services"):
        seed = getattr(module, "seed_demo", None)
        if seed is not None:
            seed(echo=echo)  # each domain's demo content (plan, procedures, …); idempotent; reports via echo
    return (
        f"demo ready: {created} new datasets from {corpus} ({ATTRIBUTION}).\n"
        f"staff login / 職員ログイン: {DEMO_USER} / {DEMO_PASSWORD} (demo only; change it)"
    )

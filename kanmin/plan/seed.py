"""Demo plan modelled on real municipal plans (structure of Kawasaki, Kitakyushu and Takatsuki).

Real figures (from Kawasaki's 官民データ活用推進計画, as quoted in the project brief): datasets
108 → 300+, downloads 2,858 → 5,000+, e-application uses 157,589 → 172,000+. Every other value is
an invented, clearly labelled demo value (``is_demo`` / note「デモ値」). Years are assumed.
"""

from decimal import Decimal

from django.db import transaction

from . import kpis
from .departments import department_fields
from .models import InventoryItem, Kpi, KpiActual, Measure, Pillar, Plan, Procedure, Review, ScheduleEntry, Status

SLUG = "demo-plan"
DEMO = "デモ値 / demo value"
REAL = "基準値・目標値は川崎市の計画の数値 / baseline and target from Kawasaki City's plan"
S = Kpi.Source

# pillar -> [(code, measure title, measure title en, owner, status, [initiatives], [kpis])]
# initiative: (title, owner department name, start, end, status)
# kpi: (name, name_en, unit, baseline, target, source, real?, {year: actual})
PLAN = [
    ("行政手続のデジタル化", "Digital administrative procedures", [
        ("1-1", "行政手続のオンライン化の推進（基本法第10条）", "Putting procedures online (Art. 10)", "seisaku", Status.IN_PROGRESS,
         [("電子申請システムの対象手続の拡大", "seisaku", 2024, 2027, Status.IN_PROGRESS),
          ("手続き棚卸しに基づく段階別オンライン化", "seisaku", 2024, 2026, Status.IN_PROGRESS)],
         [("電子申請の年間利用件数", "E-application uses per year", "件", 157589, 172000, S.MANUAL, True, {2024: 161204, 2025: 165830}),
          ("オンライン化済みの手続数", "Procedures online", "手続", 40, 120, S.ONLINE_TOTAL, False, {2024: 58, 2025: 77}),
          ("キャッシュレス決済に対応した手続数", "Procedures with cashless payment", "手続", 5, 30, S.MANUAL, False, {2024: 9, 2025: 16})]),
        ("1-2", "マイナンバーカードの普及と活用（基本法第13条）", "My Number Card use (Art. 13)", "seisaku", Status.DONE,
         [("出張申請受付の実施", "seisaku", 2024, 2025, Status.DONE)],
         [("マイナンバーカード交付率", "My Number Card coverage", "%", 62, 85, S.MANUAL, False, {2024: 74.2, 2025: 79.8})]),
    ]),
    ("オープンデータと官民データの利活用", "Open data and data use", [
        ("2-1", "オープンデータの推進（基本法第11条）", "Open data (Art. 11)", "seisaku", Status.IN_PROGRESS,
         [("データ棚卸しと公開可能データの公開", "seisaku", 2024, 2027, Status.IN_PROGRESS),
          ("推奨データセット形式での公開", "seisaku", 2024, 2025, Status.DONE)],
         [("公開データセット数", "Published datasets", "件", 108, 300, S.DATASETS, True, {2024: 156, 2025: 214}),
          ("オープンデータの年間ダウンロード数", "Open data downloads per year", "回", 2858, 5000, S.DOWNLOADS, True, {2024: 3310, 2025: 4105}),
          ("機械判読可能な形式（CSV 等）の割合", "Share of machine-readable resources", "%", 55, 90, S.MACHINE_READABLE, False, {2024: 68.0, 2025: 77.5}),
          ("データ要望への回答件数", "Data requests answered", "件", 0, 40, S.REQUESTS_ANSWERED, False, {2024: 12, 2025: 23})]),
        ("2-2", "官民データの利活用の推進（基本法第11条・第12条）", "Public-private data use (Art. 11, 12)", "seisaku", Status.RESEARCH,
         [("アイデアソン・ハッカソンの開催", "kanko", 2024, 2027, Status.IN_PROGRESS),
          ("人流データの分析と観光施策への活用", "kanko", 2025, 2027, Status.RESEARCH)],
         [("オープンデータを活用したアプリ数", "Apps using open data", "件", 3, 15, S.APPS, False, {2024: 5, 2025: 8}),
          ("官民連携のデータ活用プロジェクト数", "Public-private data projects", "件", 1, 6, S.MANUAL, False, {2024: 2, 2025: 3})]),
        ("2-3", "データの標準化と品質向上（基本法第15条）", "Data standards and quality (Art. 15)", "seisaku", Status.ENDED,
         [("庁内データ作成ガイドラインの策定", "seisaku", 2024, 2024, Status.ENDED)],
         [("推奨データセットに準拠した公開数", "Datasets following the recommended schemas", "件", 4, 22, S.MANUAL, False, {2024: 10, 2025: 15})]),
    ]),
    ("デジタル社会を支える基盤づくり", "Foundations of a digital city", [
        ("3-1", "情報システムの標準化・クラウド化（基本法第15条）", "Standard, cloud-based systems (Art. 15)", "seisaku", Status.IN_PROGRESS,
         [("基幹業務システムの標準準拠システムへの移行", "seisaku", 2024, 2026, Status.IN_PROGRESS)],
         [("標準準拠システムへ移行した業務数", "Business systems migrated to the standard", "業務", 0, 20, S.MANUAL, False, {2024: 4, 2025: 13})]),
        ("3-2", "デジタルデバイド対策と人材育成（基本法第14条・第18条）", "Digital inclusion and skills (Art. 14, 18)", "kyoiku", Status.DONE,
         [("高齢者向けスマートフォン教室", "kenkofukushi", 2024, 2027, Status.DONE),
          ("職員のデータ活用研修", "seisaku", 2024, 2027, Status.DONE)],
         [("スマートフォン教室の参加者数", "Smartphone class participants", "人", 350, 1500, S.MANUAL, False, {2024: 720, 2025: 1180}),
          ("データ活用研修を受講した職員数", "Staff trained in data use", "人", 40, 400, S.MANUAL, False, {2024: 130, 2025: 260})]),
    ]),
]

REVIEWS = [
    (2024, "B", "電子申請の対象拡大とデータ棚卸しを計画どおり開始する。", "電子申請を58手続に拡大し、全課でデータ棚卸しを実施した。",
     "公開データセット数は順調に増えたが、機械判読可能な形式の割合が目標に届いていない。", "PDF のみのデータを CSV 化する形式改善を各課に依頼する。"),
    (2025, "A", "段階1の手続をすべてオンライン化し、データ要望への回答を始める。", "段階1の手続のオンライン化を完了し、データ要望窓口を開設した。",
     "多くの KPI が中間目標を上回った。段階3の手続は法令の見直しが必要で遅れている。", "段階3の手続について国への要望と運用見直しを検討する。"),
]

# (department name, data name, format, frequency, personal, external, legal basis, decision, reason, dataset)
INVENTORY = [
    ("kenkofukushi", "AED設置場所一覧", "Excel", "随時", False, True, "", "open", "", "aed"),
    ("kenkofukushi", "医療機関一覧", "Excel", "毎年", False, True, "医療法", "open", "", "medical-institutions"),
    ("kenkofukushi", "要介護認定者台帳", "DB", "毎日", True, False, "介護保険法", "closed", "個人情報のため", ""),
    ("kenkofukushi", "健康診断受診率（地区別）", "Excel", "毎年", True, False, "健康増進法", "open", "", ""),
    ("kikikanri", "指定緊急避難場所一覧", "CSV", "随時", False, True, "災害対策基本法", "open", "", "evacuation-space"),
    ("kikikanri", "避難行動要支援者名簿", "DB", "随時", True, False, "災害対策基本法第49条の10", "closed", "個人情報のため外部提供は本人同意が必要", ""),
    ("kodomo", "保育所一覧", "Excel", "毎年", False, True, "児童福祉法", "open", "", "nursery-schools"),
    ("kodomo", "保育所入所待ち児童数", "PDF", "毎月", False, True, "", "improve", "", ""),
    ("kankyo", "ごみ収集日程", "Excel", "毎年", False, True, "廃棄物処理法", "open", "", "garbage-collection"),
    ("kankyo", "ごみ処理手数料の収納記録", "DB", "毎日", True, False, "地方自治法", "closed", "個人の納付情報を含むため", ""),
    ("toshiseibi", "市営駐車場一覧", "Excel", "随時", False, True, "", "open", "", "municipal-parking"),
    ("toshiseibi", "道路占用許可台帳", "紙", "随時", True, False, "道路法第32条", "improve", "", ""),
    ("kyoiku", "図書館一覧", "Excel", "随時", False, True, "図書館法", "open", "", "libraries"),
    ("kyoiku", "図書館の貸出冊数（月別）", "CSV", "毎月", False, True, "", "open", "", ""),
    ("seisaku", "地域・年齢別人口", "Excel", "毎月", False, True, "住民基本台帳法", "open", "", "population-by-area-age"),
    ("seisaku", "住民基本台帳", "DB", "毎日", True, False, "住民基本台帳法", "closed", "個人情報のため", ""),
]

# (department name, procedure, legal basis, yearly volume, identity, fee, attachments, face-to-face, online)
PROCEDURES = [
    ("seisaku", "住民票の写しの交付請求", "住民基本台帳法第12条", 182000, True, True, False, False, True),
    ("seisaku", "転入届", "住民基本台帳法第22条", 21000, True, False, True, True, False),
    ("seisaku", "印鑑登録証明書の交付申請", "市印鑑条例", 96000, True, True, False, False, True),
    ("kodomo", "児童手当の認定請求", "児童手当法第7条", 6200, True, False, True, False, True),
    ("kodomo", "保育所等の入所申込み", "子ども・子育て支援法", 4800, True, False, True, False, True),
    ("kodomo", "子ども医療費助成の申請", "市子ども医療費助成条例", 5400, True, False, True, False, False),
    ("kankyo", "粗大ごみ収集の申込み", "市廃棄物条例", 38000, False, True, False, False, True),
    ("kankyo", "ごみ出しカレンダーの送付依頼", "", 900, False, False, False, False, True),
    ("kenkofukushi", "犬の登録", "狂犬病予防法第4条", 2600, False, True, False, False, False),
    ("kenkofukushi", "がん検診の予約", "健康増進法", 27000, False, False, False, False, True),
    ("kenkofukushi", "介護保険要介護認定の申請", "介護保険法第27条", 9800, True, False, True, True, False),
    ("kyoiku", "図書館の利用登録", "市図書館条例", 7400, False, False, False, False, True),
    ("kyoiku", "公民館の施設予約", "市公民館条例", 15500, False, True, False, False, False),
    ("kanko", "イベント参加の申込み", "", 3200, False, False, False, False, True),
    ("toshiseibi", "道路占用許可申請", "道路法第32条", 1300, True, True, True, False, False),
    ("toshiseibi", "市営住宅の入居申込み", "公営住宅法", 2100, True, False, True, True, False),
]


def _org(name):
    from kanmin.catalog import services as catalog

    try:
        return catalog.get_organization(name)
    except Exception:  # noqa: BLE001 - the demo departments may not exist
        return None


def _dataset(name):
    from kanmin.catalog import services as catalog

    try:
        return catalog.get_dataset(name) if name else None
    except Exception:  # noqa: BLE001
        return None


def _owner_title(name: str) -> str:
    org = _org(name)
    return org.title if org else name


def build_plan() -> Plan:
    owner = _org("seisaku")
    plan = Plan.objects.create(
        organization_id=owner.pk if owner else None, slug=SLUG, title="官民データ活用推進計画（デモ）", title_en="Public-Private Data Utilization Plan (demo)",
        municipality="デモ市", start_year=2024, end_year=2027, is_demo=True,
        description="川崎市・北九州市・高槻市などの計画の構成を参考にしたデモ計画です。川崎市の3指標の基準値・目標値以外は仮の値です。",
    )
    kpi_pos = 0
    for p_pos, (p_title, p_en, measures) in enumerate(PLAN, start=1):
        pillar = Pillar.objects.create(plan=plan, position=p_pos, title=p_title, title_en=p_en)
        for m_pos, (code, title, title_en, owner, status, initiatives, kpi_specs) in enumerate(measures, start=1):
            measure = Measure.objects.create(pillar=pillar, position=m_pos, code=code, title=title, title_en=title_en, owner=_owner_title(owner), status=status)
            for i_pos, (i_title, i_owner, start, end, i_status) in enumerate(initiatives, start=1):
                org = _org(i_owner)
                initiative = measure.initiatives.create(
                    position=i_pos, title=i_title, owner=org.title if org else i_owner, organization_id=org.pk if org else None,
                    start_year=start, end_year=end, status=i_status,
                )
                for year in range(start, end + 1):
                    done = year < 2026 or i_status in (Status.DONE, Status.ENDED)
                    ScheduleEntry.objects.create(initiative=initiative, fiscal_year=year, planned=f"{i_title}（{year}年度分）",
                                                 result="実施済み" if done and year < 2026 else "")
            for name, name_en, unit, base, target, source, real, actuals in kpi_specs:
                kpi_pos += 1
                kpi = Kpi.objects.create(
                    plan=plan, measure=measure, position=kpi_pos, name=name, name_en=name_en, unit=unit,
                    baseline_year=2023, baseline_value=Decimal(str(base)), target_year=2027, target_value=Decimal(str(target)),
                    source=source, is_demo=not real, note=REAL if real else DEMO,
                )
                for year, value in actuals.items():
                    KpiActual.objects.create(kpi=kpi, fiscal_year=year, value=Decimal(str(value)), note=DEMO)
    for year, rating, p, d, c, a in REVIEWS:
        Review.objects.create(plan=plan, fiscal_year=year, rating=rating, plan_text=p, do_text=d, check_text=c, act_text=a)
    return plan


def seed_inventories() -> tuple[int, int]:
    items = procs = 0
    for dept, name, fmt, freq, personal, external, law, decision, reason, ds_name in INVENTORY:
        org = _org(dept)
        if org is None or InventoryItem.objects.filter(organization_id=org.pk, name=name).exists():
            continue
        ds = _dataset(ds_name)
        InventoryItem.objects.create(
            name=name, data_format=fmt, update_frequency=freq, has_personal_info=personal, external_use_allowed=external,
            legal_basis=law, decision=decision, decision_reason=reason, dataset_id=ds.pk if ds else None,
            dataset_name=ds.name if ds else "", **department_fields(org),
        )
        items += 1
    for dept, name, law, volume, ident, fee, attach, f2f, online in PROCEDURES:
        org = _org(dept)
        if org is None or Procedure.objects.filter(organization_id=org.pk, name=name).exists():
            continue
        Procedure.objects.create(
            name=name, legal_basis=law, yearly_volume=volume, needs_identity=ident, needs_fee=fee,
            needs_attachments=attach, face_to_face=f2f, online_now=online, **department_fields(org),
        )
        procs += 1
    return items, procs


def seed(echo=None) -> str:
    """Idempotent: the plan is created once (staff edits survive re-runs); missing demo rows are added."""
    with transaction.atomic():
        plan = Plan.objects.filter(slug=SLUG).first()
        created = plan is None
        if created:
            plan = build_plan()
        items, procs = seed_inventories()
    result = kpis.measure(plan)
    summary = (
        f"plan-seed: {'created' if created else 'kept'} demo plan '{plan.slug}'; "
        f"{items} inventory items and {procs} procedures added; {result['measured']} KPIs measured"
    )
    if echo:
        echo(summary)
    return summary

"""Functions of the online procedures domain other domains, the CLI and ``kanmin demo`` call.

- :func:`seed_demo` — idempotent demo forms, a one-stop bundle and support programmes (labelled demo).
- :func:`sweep_files` — remove leftover temp files and files no record references.
- Form definitions: :mod:`.definitions`; applications: :mod:`.applications`; staff work: :mod:`.workflow`.
"""

import datetime as dt

from django.db import transaction

from . import definitions, uploads
from .models import Attachment, Bundle, FormDefinition, IdentityLevel, IssuedDocument, SupportProgramme

NAME = {"key": "name", "label": "氏名", "label_en": "Full name", "type": "text", "required": True, "max_length": 60, "prefill": "name"}
KANA = {"key": "name_kana", "label": "氏名（フリガナ）", "label_en": "Name (katakana)", "type": "text", "required": True, "max_length": 60,
        "pattern": r"^[ァ-ヶー\s　]+$", "prefill": "name_kana", "help": "全角カタカナで入力してください。", "help_en": "Use full-width katakana."}
BIRTH = {"key": "birthdate", "label": "生年月日", "label_en": "Date of birth", "type": "date", "required": True, "prefill": "birthdate"}
POSTAL = {"key": "postal_code", "label": "新しい住所の郵便番号", "label_en": "Postal code of the new address", "type": "postal_code", "required": True, "prefill": "postal_code"}
ADDRESS = {"key": "address", "label": "新しい住所", "label_en": "New address", "type": "text", "required": True, "max_length": 200, "prefill": "address"}
MOVE_DATE = {"key": "move_date", "label": "転居した日（予定日）", "label_en": "Moving date", "type": "date", "required": True}
PHONE = {"key": "phone", "label": "日中の連絡先電話番号", "label_en": "Daytime phone number", "type": "tel", "required": True, "prefill": "phone_number"}
EMAIL = {"key": "email", "label": "メールアドレス", "label_en": "Email address", "type": "email", "required": False, "prefill": "email",
         "help": "受付や審査結果のお知らせに使います。", "help_en": "Used to tell you about your application."}
CONSENT = {"key": "consent", "label": "記載内容に誤りがないことを確認しました", "label_en": "I confirm the information is correct", "type": "checkbox", "required": True}

DEMO_FORMS = [
    dict(
        slug="tennyu", title="転入届", title_en="Moving-in notification", department="seisaku", procedure_name="転入届",
        identity_level=IdentityLevel.LOGIN, fee=0, keywords="引っ越し 転入 住所変更 住民票 moving",
        description="他の市区町村から引っ越してきたときの届出です（デモ）。マイナンバーカードでログインすると転出証明書の添付は不要です（転入届の特例）。",
        description_en="Notification when you move here from another municipality (demo). With a My Number card login the moving-out certificate is not needed.",
        fields=[NAME, KANA, BIRTH,
                {"key": "previous_address", "label": "前の住所", "label_en": "Previous address", "type": "text", "required": True, "max_length": 200},
                POSTAL, ADDRESS, MOVE_DATE,
                {"key": "household_size", "label": "一緒に転入する人数（本人を含む）", "label_en": "People moving in (including you)", "type": "number", "required": True},
                PHONE, EMAIL, CONSENT],
        attachments=[{"key": "tenshutsu", "label": "転出証明書", "label_en": "Moving-out certificate", "types": ["pdf", "png", "jpeg"], "max_mb": 10,
                      "required": True, "waive_level": "strong"}],
    ),
    dict(
        slug="suido-kaishi", title="水道の使用開始申込み", title_en="Start of water service", department="suido", procedure_name="",
        identity_level=IdentityLevel.NONE, fee=0, keywords="引っ越し 水道 開栓 water",
        description="新しい住まいで水道を使い始めるときの申込みです（デモ）。", description_en="Apply to start water service at your new home (demo).",
        fields=[NAME, POSTAL, ADDRESS,
                {"key": "start_date", "label": "使用開始日", "label_en": "Start date", "type": "date", "required": True},
                {"key": "billing", "label": "料金の支払方法", "label_en": "How to pay the water bill", "type": "select", "required": True,
                 "choices": [["account", "口座振替", "Direct debit"], ["slip", "納付書", "Payment slip"], ["card", "クレジットカード", "Credit card"]]},
                PHONE, EMAIL],
        attachments=[],
    ),
    dict(
        slug="tenko", title="転校（転入学）の手続き", title_en="School transfer", department="kyoiku", procedure_name="",
        identity_level=IdentityLevel.LOGIN, fee=0, keywords="引っ越し 転校 小学校 中学校 school",
        description="市立小・中学校への転入学の手続きです（デモ）。", description_en="Transfer into a city elementary or junior high school (demo).",
        fields=[dict(NAME, label="保護者の氏名", label_en="Guardian's name"), POSTAL, ADDRESS, MOVE_DATE,
                {"key": "child_name", "label": "児童・生徒の氏名", "label_en": "Child's name", "type": "text", "required": True, "max_length": 60},
                {"key": "child_birthdate", "label": "児童・生徒の生年月日", "label_en": "Child's date of birth", "type": "date", "required": True},
                {"key": "previous_school", "label": "在籍していた学校", "label_en": "Previous school", "type": "text", "required": True, "max_length": 100},
                {"key": "grade", "label": "学年", "label_en": "Grade", "type": "select", "required": True,
                 "choices": [[f"e{i}", f"小学{i}年", f"Elementary {i}"] for i in range(1, 7)] + [[f"j{i}", f"中学{i}年", f"Junior high {i}"] for i in range(1, 4)]},
                PHONE, EMAIL],
        attachments=[{"key": "zaigaku", "label": "在学証明書", "label_en": "Certificate of enrolment", "types": ["pdf", "png", "jpeg"], "max_mb": 10, "required": False}],
    ),
    dict(
        slug="juminhyo", title="住民票の写しの交付請求", title_en="Request for a copy of the residence record", department="seisaku",
        procedure_name="住民票の写しの交付請求", identity_level=IdentityLevel.STRONG, fee=300, keywords="住民票 証明書 certificate",
        description="マイナンバーカードで本人確認をして住民票の写しを請求します（デモ）。手数料 1 通 300 円。電子署名付き PDF で交付します。",
        description_en="Request a copy of your residence record after My Number card verification (demo). Fee 300 yen. Issued as a signed PDF.",
        fields=[NAME, dict(BIRTH), dict(ADDRESS, label="住所", label_en="Address"),
                {"key": "purpose", "label": "使用目的", "label_en": "Purpose", "type": "select", "required": True,
                 "choices": [["employment", "勤務先への提出", "For an employer"], ["bank", "金融機関への提出", "For a bank"], ["other", "その他", "Other"]]},
                {"key": "include_household", "label": "世帯全員を記載する", "label_en": "Include the whole household", "type": "checkbox", "required": False},
                EMAIL],
        attachments=[],
    ),
]

DEMO_BUNDLES = [
    dict(slug="hikkoshi", title="引っ越し（転入）のまとめて申請", title_en="Moving house: one-stop application",
         description="転入届・水道の使用開始・転校の手続きを一度に申請できます（デモ）。共通の項目は一度だけ入力します。",
         description_en="File the moving-in notification, water service start and school transfer at once (demo). Shared items are asked once.",
         form_slugs=["tennyu", "suido-kaishi", "tenko"]),
]

CITY, PREF, NATION = SupportProgramme.Level.CITY, SupportProgramme.Level.PREFECTURE, SupportProgramme.Level.NATION
PERSONAL, BUSINESS = SupportProgramme.Audience.PERSONAL, SupportProgramme.Audience.BUSINESS
DEMO_PROGRAMMES = [
    ("子育て世帯応援給付金", "Child-rearing household support payment", CITY, "デモ市", PERSONAL, "子育て・教育",
     "18 歳以下の子どもを養育する世帯に、子ども 1 人あたり 1 万円を支給します。", "市内に住民登録があり、18 歳以下の子どもを養育している方", ""),
    ("住宅用太陽光発電・蓄電池設置補助", "Home solar power and battery subsidy", CITY, "デモ市", PERSONAL, "住まい・環境",
     "自宅に太陽光発電設備や蓄電池を設置する費用の一部を補助します。", "市内の自ら居住する住宅に設置する方", ""),
    ("空き家改修支援補助金", "Vacant house renovation subsidy", CITY, "デモ市", PERSONAL, "住まい・環境",
     "空き家を購入・賃借して住むための改修費用の一部を補助します。", "空き家バンクに登録された物件に居住する方", ""),
    ("中小企業デジタル化推進補助金", "SME digitalisation subsidy", CITY, "デモ市", BUSINESS, "デジタル化",
     "キャッシュレス決済やクラウドサービスの導入費用の 2 分の 1（上限 20 万円）を補助します。", "市内に事業所を有する中小企業・個人事業主", ""),
    ("創業支援補助金", "Start-up support grant", CITY, "デモ市", BUSINESS, "創業",
     "市内で新たに創業する方に、店舗改装費や広告費の一部を補助します。", "特定創業支援等事業の支援を受けた方", ""),
    ("中小企業制度融資（経営安定資金）", "Prefectural SME loan (business stability)", PREF, "デモ県", BUSINESS, "事業継続・資金繰り",
     "売上が減少した中小企業向けの低利融資です。信用保証料の一部を県が負担します。", "最近 3 か月の売上高が前年同期比 5% 以上減少した中小企業者", "https://www.pref.kagawa.lg.jp/"),
    ("県育英奨学金", "Prefectural scholarship", PREF, "デモ県", PERSONAL, "子育て・教育",
     "経済的理由で修学が困難な高校生・大学生に奨学金を貸与します。", "県内に住所を有する保護者の子で、成績・家計の基準を満たす方", "https://www.pref.kagawa.lg.jp/"),
    ("新規就農者育成支援", "New farmer support", PREF, "デモ県", BUSINESS, "創業",
     "新たに農業を始める方に、研修期間中と経営開始直後の資金を支援します。", "49 歳以下で独立・自営就農を目指す方", "https://www.pref.kagawa.lg.jp/"),
    ("小規模事業者持続化補助金", "Small business sustainability subsidy", NATION, "中小企業庁", BUSINESS, "事業継続・資金繰り",
     "小規模事業者が経営計画に基づいて行う販路開拓等の取組を支援します。", "商工会・商工会議所の支援を受けて経営計画を作成した小規模事業者", "https://www.chusho.meti.go.jp/"),
    ("IT 導入補助金", "IT introduction subsidy", NATION, "中小企業庁", BUSINESS, "デジタル化",
     "業務効率化のためのソフトウェアやクラウドサービスの導入を支援します。", "中小企業・小規模事業者", "https://www.chusho.meti.go.jp/"),
    ("雇用調整助成金", "Employment adjustment subsidy", NATION, "厚生労働省", BUSINESS, "雇用",
     "休業等により雇用を維持した事業主に休業手当等の一部を助成します。", "経済上の理由で事業活動の縮小を余儀なくされた事業主", "https://www.mhlw.go.jp/"),
    ("住居確保給付金", "Housing security benefit", NATION, "厚生労働省（窓口：市）", PERSONAL, "生活支援",
     "離職・収入減少で住まいを失うおそれのある方に家賃相当額を支給します。", "離職等から 2 年以内、または収入が離職等と同程度まで減少した方", "https://www.mhlw.go.jp/"),
    ("高等学校等就学支援金", "High school tuition support", NATION, "文部科学省", PERSONAL, "子育て・教育",
     "高校等の授業料に充てるため、国が就学支援金を支給します。", "高校等に在学する、世帯年収が基準以下の生徒", "https://www.mext.go.jp/"),
    ("児童扶養手当", "Child-rearing allowance", NATION, "こども家庭庁（窓口：市）", PERSONAL, "子育て・教育",
     "ひとり親家庭などの生活の安定と自立を助けるための手当です。", "18 歳到達年度末までの児童を養育するひとり親等（所得制限あり）", ""),
]


def _seed_forms() -> int:
    created = 0
    for spec in DEMO_FORMS:
        spec = dict(spec)
        procedure_name = spec.pop("procedure_name")
        if FormDefinition.objects.filter(slug=spec["slug"]).exists():
            continue
        procedure_id = ""
        if procedure_name:
            match = [p for p in definitions.list_procedures(q=procedure_name) if p.get("name") == procedure_name]
            procedure_id = match[0]["id"] if match else ""
        definitions.save_form(procedure_id=procedure_id, published=True, **spec)
        created += 1
    return created


def _seed_bundles() -> int:
    created = 0
    for spec in DEMO_BUNDLES:
        _obj, was_created = Bundle.objects.get_or_create(slug=spec["slug"], defaults=spec)
        created += was_created
    return created


def _seed_programmes() -> int:
    created = 0
    year = dt.date.today().year
    for title, title_en, level, provider, audience, category, summary, eligibility, url in DEMO_PROGRAMMES:
        if SupportProgramme.objects.filter(title=title, demo=True).exists():
            continue
        SupportProgramme.objects.create(
            title=title, title_en=title_en, provider_level=level, provider_name=provider, audience=audience, category=category,
            summary=summary + "（デモ用の架空の内容です）", eligibility=eligibility, url=url, demo=True,
            period_start=dt.date(year, 4, 1), period_end=dt.date(year + 1, 3, 31),
        )
        created += 1
    return created


def seed_demo(echo=None) -> str:
    """Idempotent: published demo forms (転入届, 水道, 転校, 住民票), the 引っ越し bundle and support programmes."""
    with transaction.atomic():
        forms, bundles, programmes = _seed_forms(), _seed_bundles(), _seed_programmes()
    summary = f"procedures: {forms} forms, {bundles} bundles, {programmes} support programmes added / 追加"
    from . import signing

    if not (signing.key_dir() / "signer.pem").exists():  # the demo can issue signed documents right away
        signing.keygen()
        summary += f"; signing keys created in {signing.key_dir()}"
    if echo:
        echo(summary)
    return summary


def sweep_files(older_than_s: int = 3600) -> list[str]:
    referenced = set(Attachment.objects.values_list("path", flat=True)) | set(IssuedDocument.objects.values_list("path", flat=True))
    return uploads.sweep(referenced, older_than_s=older_than_s)

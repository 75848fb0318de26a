"""Licences offered for datasets. CC BY 4.0 is the default, as in the government's guidance."""

LICENSES = {
    "cc-by-4.0": ("クリエイティブ・コモンズ 表示 4.0 国際", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("クリエイティブ・コモンズ 表示-継承 4.0 国際", "Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc0-1.0": ("CC0 1.0 パブリック・ドメイン", "CC0 1.0 Public Domain Dedication", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "pdl-1.0": ("公共データ利用規約（第1.0版）", "Public Data License (Japan) 1.0", "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"),
    "odc-by": ("Open Data Commons 表示ライセンス", "Open Data Commons Attribution License", "https://opendatacommons.org/licenses/by/"),
    "other-closed": ("その他（非オープン）", "Other (Not Open)", ""),
}
DEFAULT_LICENSE = "cc-by-4.0"
LICENSE_CHOICES = [(key, ja) for key, (ja, _en, _url) in LICENSES.items()]


def license_title(license_id: str, lang: str = "ja") -> str:
    ja, en, _url = LICENSES.get(license_id, (license_id, license_id, ""))
    return en if lang == "en" else ja


def license_url(license_id: str) -> str:
    return LICENSES.get(license_id, ("", "", ""))[2]

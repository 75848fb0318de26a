"""Our rule catalog, numbered after the Digital Agency's machine-readability checklist levels.

The IDs (L1-01 … L3-09) follow the checklist's structure so reports can be compared with it; the
titles and explanations are kanmin's own plain-language wording.
"""

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABEL = {ERROR: ("要修正", "Must fix"), WARNING: ("改善推奨", "Should fix"), INFO: ("参考", "Note")}


@dataclass(frozen=True)
class Rule:
    id: str
    title_ja: str
    title_en: str
    why_ja: str
    why_en: str

    @property
    def level(self) -> int:
        return int(self.id[1])


_RULES = [
    # Level 1: a program can read the table at all
    Rule("L1-01", "ファイル形式", "File format",
         "PDF や画像、Word の表はプログラムで読み取れません。CSV か Excel で公開してください。",
         "Programs cannot read tables in PDF, images or Word files; publish CSV or Excel."),
    Rule("L1-02", "1つのセルに1つの値", "One value per cell",
         "1つのセルに複数の値（改行や①②で区切った一覧など）があると、並べ替えや集計ができません。値ごとに列か行を分けてください。",
         "A cell holding several values (lines, numbered items) cannot be sorted or summed; split them into columns or rows."),
    Rule("L1-03", "数値に文字を混ぜない", "Numbers without text",
         "桁区切りのカンマ、単位、▲記号、全角数字が入った数値は、プログラムには文字として扱われ計算できません。",
         "Thousands separators, units, ▲ signs or full-width digits turn numbers into text that cannot be calculated."),
    Rule("L1-04", "セルを結合しない", "No merged cells",
         "結合されたセルは左上のセル以外が空として読まれ、どの行・列の値か分からなくなります。結合を解除し、各セルに値を入れてください。",
         "Merged cells read as blanks except the top-left one; unmerge them and fill every cell."),
    Rule("L1-05", "空白や改行で見た目を整えない", "No spaces or line breaks for layout",
         "「東　京」のような字間の空白や前後の空白、セル内の改行は、同じ値を別の値にしてしまいます。",
         "Spaces used for alignment, leading/trailing blanks and line breaks make equal values look different."),
    Rule("L1-06", "項目名を省略しない", "Complete column names",
         "見出しが空欄・重複している列や、「〃」「同上」で省略した値は、プログラムが意味を判断できません。",
         "Blank or duplicated column names and values abbreviated as 〃 or 同上 cannot be understood by programs."),
    Rule("L1-07", "数式は値にする", "Values instead of formulas",
         "数式のセルは、読み込むソフトによって結果が得られないことがあります。公開用には計算結果の値で保存してください。",
         "Formula cells may not give their result in other software; save the computed values for publishing."),
    Rule("L1-08", "図形・画像・コメントを使わない", "No shapes, images or comments",
         "図形、画像、グラフ、コメントの中の情報はデータとして読み取れません。必要な情報はセルに書いてください。",
         "Information in shapes, pictures, charts and comments is not read as data; put it in cells."),
    Rule("L1-09", "単位は見出しに書く", "Units in the column name",
         "値ごとに「人」「円」などの単位を付けず、見出し（例: 人口（人））か単位の列に書いてください。",
         "Do not attach units such as 人 or 円 to each value; put them in the column name or a unit column."),
    Rule("L1-10", "環境依存文字を使わない", "No platform-dependent characters",
         "①、㈱、㎡、半角カナ、外字などは、環境によって文字化けしたり別の文字になったりします。",
         "Characters like ①, ㈱, ㎡, half-width kana or private-use glyphs break or change between systems."),
    Rule("L1-11", "日付は西暦で", "Dates in the Western calendar",
         "和暦（令和6年、R6.4.1 など）だけの日付は、多くのプログラムで扱えません。西暦の年月日（2024-04-01）で書いてください。",
         "Dates only in the Japanese era calendar are not understood by most programs; write 2024-04-01."),
    Rule("L1-12", "地域にはコードを添える", "Region codes next to region names",
         "地域名だけでは同名の地域と区別できません。全国地方公共団体コードなどのコード列を添えてください。",
         "Region names alone are ambiguous; add a code column such as the local government code."),
    Rule("L1-13", "データを途中で区切らない", "No breaks inside the data",
         "表の途中の空行・空列、非表示の行・列や非表示シートがあると、データの一部が読み落とされます。",
         "Blank or hidden rows/columns and hidden sheets inside the data cause parts of it to be missed."),
    Rule("L1-14", "1シートに1つの表", "One table per sheet",
         "1つのシートに複数の表があると、どこからどこまでが1つの表か判断できません。表ごとにシートかファイルを分けてください。",
         "With several tables on one sheet, programs cannot tell where each table starts and ends; split them."),
    Rule("L1-15", "表の外に文章を書かない", "No titles or notes around the table",
         "表の上のタイトル行や下の注記（※、注、出典）は、データの行として読まれてしまいます。説明はメタデータに書いてください。",
         "Title rows above and notes (※, 注, 出典) below the table are read as data rows; put them in the metadata."),
    # Level 2: the file is easy to reuse
    Rule("L2-01", "文字コードは UTF-8", "UTF-8 text encoding",
         "Shift_JIS などの CSV は、海外のソフトやウェブで文字化けします。UTF-8 で保存してください。",
         "CSV in Shift_JIS and similar encodings garbles in many tools; save as UTF-8."),
    Rule("L2-02", "CSV の形式をそろえる", "Consistent CSV structure",
         "行ごとに列の数が違う CSV は、列がずれて読み込まれます。",
         "Rows with different numbers of fields shift columns when read."),
    Rule("L2-03", "1行目を見出しにする", "Column names in the first row",
         "1行目が見出しでないと、ほとんどのツールで列名が正しく付きません。",
         "Most tools take the first row as column names; it must be the header."),
    Rule("L2-04", "日付・時刻の書き方をそろえる", "Standard date and time notation",
         "日付は 2024-04-01、時刻は 09:30 の形にそろえると、どのツールでも同じ意味で読めます。年のない日付は補ってください。",
         "Write dates as 2024-04-01 and times as 09:30 so every tool reads them the same; add missing years."),
    Rule("L2-05", "英数字は半角", "Half-width letters and digits",
         "全角の英数字（１２３、ＡＢＣ）は、検索や並べ替えで半角と別の文字として扱われます。",
         "Full-width letters and digits are treated as different characters from ASCII in search and sorting."),
    Rule("L2-06", "列の値の種類をそろえる", "One kind of value per column",
         "数値の列に「-」「なし」「非公表」などの文字が混じると、列全体が文字として扱われます。空欄の意味は説明に書いてください。",
         "Words like -, なし or 非公表 in a numeric column turn it into text; explain missing values in the metadata."),
    # Level 3: the data follows shared standards and links
    Rule("L3-01", "標準データセットの項目", "Standard dataset columns",
         "自治体標準オープンデータセットの必須項目がそろっていると、他の自治体のデータとそのまま組み合わせられます。",
         "With the required columns of the standard dataset, your data combines directly with other cities' data."),
    Rule("L3-02", "標準の項目名を使う", "Standard column names",
         "標準と少し違う項目名（英語の旧名称や表記ゆれ）は、標準の名前にそろえてください。",
         "Rename columns that nearly match the standard (older English ids, spelling variants) to the standard names."),
    Rule("L3-03", "必須項目を空にしない", "Required values present",
         "標準で必須とされる項目の値が空の行があります。",
         "Some rows leave a required column of the standard empty."),
    Rule("L3-04", "全国地方公共団体コード", "Local government code",
         "全国地方公共団体コードは、検査数字を含む6桁で書いてください（例: 高松市 372013）。",
         "Write local government codes with 6 digits including the check digit (e.g. Takamatsu 372013)."),
    Rule("L3-05", "緯度・経度", "Latitude and longitude",
         "緯度・経度は世界測地系の10進数で、日本の範囲（緯度20〜46度、経度122〜154度）に入るはずです。0 や入れ替わりに注意してください。",
         "Latitude/longitude are decimal degrees (WGS84) within Japan (lat 20–46, lon 122–154); watch for 0 and swapped values."),
    Rule("L3-06", "住所の表記", "Address notation",
         "住所は都道府県から番地まで、数字は半角、番地はハイフン区切りでそろえると、位置の特定や突き合わせができます。",
         "Addresses from prefecture to lot number, with half-width digits and hyphens, can be matched and located."),
    Rule("L3-07", "電話番号", "Telephone numbers",
         "電話番号は市外局番からハイフン区切りの半角数字で書いてください（例: 087-839-2111）。",
         "Write phone numbers with the area code, half-width digits and hyphens (e.g. 087-839-2111)."),
    Rule("L3-08", "郵便番号・その他の書式", "Postal codes and other formats",
         "郵便番号（123-4567）、法人番号（13桁）、有無（有/無）などは決められた書式で書いてください。",
         "Postal codes (123-4567), corporate numbers (13 digits) and yes/no values (有/無) have fixed formats."),
    Rule("L3-09", "URI・リンク", "URIs and links",
         "URL は http(s):// から正しく書いてください。ID を URI にしたり他のデータにリンクしたりすると、5つ星に近づきます。",
         "Write URLs in full with http(s)://; identifiers as URIs and links to other data move you towards 5 stars."),
]
RULES = {r.id: r for r in _RULES}

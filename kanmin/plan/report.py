"""The yearly progress report for the council (議会報告): Excel (openpyxl) and PDF (reportlab).

The PDF uses reportlab's built-in Japanese CID font, so no font file is needed.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import kpis
from .fiscal import label
from .models import Measure, Review

PDF_FONT = "HeiseiKakuGo-W5"


def _num(value):
    if value is None:
        return ""
    v = float(value)
    return int(v) if v.is_integer() else v


def report_data(plan, year: int) -> dict:
    """Everything the report shows for fiscal year ``year``."""
    measures = list(Measure.objects.filter(pillar__plan=plan).select_related("pillar").prefetch_related("initiatives__schedule"))
    measure_rows = []
    for m in measures:
        for_year = []
        for ini in m.initiatives.all():
            entry = next((e for e in ini.schedule.all() if e.fiscal_year == year), None)
            for_year.append({"initiative": ini, "planned": entry.planned if entry else "", "result": entry.result if entry else ""})
        measure_rows.append({"measure": m, "initiatives": for_year})
    kpi_rows = []
    for row in kpis.kpi_rows(plan):
        kpi = row["kpi"]
        actual = next((a for a in row["actuals"] if a.fiscal_year == year), None)
        kpi_rows.append({
            "kpi": kpi, "actual": actual.value if actual else None,
            "achievement": kpis.achievement(kpi, actual.value if actual else None),
        })
    return {
        "plan": plan, "year": year, "year_label": label(year), "completion": kpis.completion(plan),
        "measures": measure_rows, "kpis": kpi_rows,
        "reviews": list(Review.objects.filter(plan=plan, fiscal_year=year).select_related("measure")),
    }


HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")


def _sheet(book, title, header, rows, widths):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    for r in rows:
        sheet.append(r)
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


def excel(plan, year: int) -> bytes:
    data = report_data(plan, year)
    c = data["completion"]
    book = Workbook()
    summary = book.active
    summary.title = "概要"
    summary.append([f"{plan.title} 進捗報告"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["対象年度", data["year_label"]])
    summary.append(["計画期間", f"{label(plan.start_year)}〜{label(plan.end_year)}"])
    summary.append(["施策数", c["total"]])
    summary.append(["完了した施策（実施・終了）", c["done"]])
    summary.append(["完了率（%）", c["rate"]])
    if plan.is_demo:
        summary.append(["注記", "デモ計画です。川崎市の3指標の基準値・目標値以外は仮の値です。"])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    rows = []
    for mr in data["measures"]:
        m = mr["measure"]
        if not mr["initiatives"]:
            rows.append([m.pillar.title, m.code, m.title, m.owner, m.get_status_display().split(" / ")[0], "", "", "", ""])
        for ir in mr["initiatives"]:
            ini = ir["initiative"]
            rows.append([m.pillar.title, m.code, m.title, m.owner, m.get_status_display().split(" / ")[0], ini.title, ini.owner, ir["planned"], ir["result"]])
    _sheet(book, "施策", ["柱", "番号", "施策", "担当", "施策の状況", "取組", "取組の担当課", f"{year}年度の予定", f"{year}年度の実績"], rows,
           [22, 6, 36, 16, 12, 32, 16, 30, 20])
    krows = []
    for kr in data["kpis"]:
        k = kr["kpi"]
        krows.append([k.name, k.unit, k.baseline_year, _num(k.baseline_value), k.target_year, _num(k.target_value),
                      _num(kr["actual"]), kr["achievement"] if kr["achievement"] is not None else "",
                      k.get_source_display().split(" / ")[0], k.note])
    _sheet(book, "KPI", ["指標", "単位", "基準年度", "基準値", "目標年度", "目標値", f"{year}年度実績", "達成率（%）", "計測方法", "備考"], krows,
           [34, 8, 10, 12, 10, 12, 12, 12, 24, 40])
    rrows = [[r.measure.title if r.measure else "計画全体", r.get_rating_display().split(" / ")[0], r.plan_text, r.do_text, r.check_text, r.act_text]
             for r in data["reviews"]]
    _sheet(book, "PDCA", ["対象", "評価", "Plan（計画）", "Do（実施）", "Check（評価）", "Action（改善）"], rrows, [24, 16, 36, 36, 36, 36])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(plan, year: int) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    data = report_data(plan, year)
    c = data["completion"]
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=8.5, leading=12, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=body, fontSize=15, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontSize=11.5, leading=16, spaceBefore=10, spaceAfter=4)

    def p(text):
        return Paragraph(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), body)

    def table(header, rows, widths):
        t = Table([[p(h) for h in header]] + [[p(v) for v in r] for r in rows], colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE7F3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return t

    story = [
        Paragraph(f"{plan.title}　{data['year_label']} 進捗報告", h1),
        p(f"計画期間：{label(plan.start_year)}〜{label(plan.end_year)}"),
        p(f"施策の完了率：{c['rate']}%（完了 {c['done']} ／ 全 {c['total']} 施策。「実施」「終了」を完了として数えます）"),
    ]
    if plan.is_demo:
        story.append(p("注記：デモ計画です。川崎市の3指標の基準値・目標値以外は仮の値です。"))
    story.append(Paragraph("成果指標（KPI）", h2))
    krows = []
    for kr in data["kpis"]:
        k = kr["kpi"]
        ach = "" if kr["achievement"] is None else f"{kr['achievement']}%"
        krows.append([k.name, f"{_num(k.baseline_value):,}（{k.baseline_year}）", f"{_num(k.target_value):,}（{k.target_year}）",
                      "—" if kr["actual"] is None else f"{_num(kr['actual']):,}", k.unit, ach])
    story.append(table(["指標", "基準値（年度）", "目標値（年度）", f"{year}年度実績", "単位", "達成率"], krows, [95, 38, 38, 30, 18, 22]))
    story.append(Paragraph("施策の進捗", h2))
    mrows = []
    for mr in data["measures"]:
        m = mr["measure"]
        plans = "／".join(f"{ir['initiative'].title}：{ir['planned'] or '—'}" for ir in mr["initiatives"])
        mrows.append([f"{m.code} {m.title}", m.owner, m.get_status_display().split(" / ")[0], plans])
    story.append(table(["施策", "担当", "状況", f"{year}年度の取組"], mrows, [80, 30, 25, 125]))
    story.append(Paragraph("PDCA レビュー", h2))
    if data["reviews"]:
        rrows = [[r.measure.title if r.measure else "計画全体", r.get_rating_display().split(" / ")[0], r.plan_text, r.do_text, r.check_text, r.act_text]
                 for r in data["reviews"]]
        story.append(table(["対象", "評価", "Plan", "Do", "Check", "Action"], rrows, [30, 25, 51, 51, 51, 52]))
    else:
        story.append(p("この年度のレビューはまだありません。"))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"{plan.title} {data['year_label']} 進捗報告", author="kanmin")
    doc.build(story)
    return out.getvalue()

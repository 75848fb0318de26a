"""Server-side SVG charts (no JavaScript, no CDN): a KPI's baseline and actuals against its target."""

from django.utils.html import format_html, format_html_join

from .fiscal import wareki

W, H = 420, 220
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 40


def _num(value) -> str:
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() or abs(v) >= 1000 else f"{v:,.1f}"


def kpi_chart(kpi, actuals, lang: str = "ja") -> str:
    """An accessible SVG bar chart; ``actuals`` are KpiActual rows (or objects with fiscal_year/value)."""
    points = {kpi.baseline_year: float(kpi.baseline_value)}
    points.update({a.fiscal_year: float(a.value) for a in actuals})
    years = list(range(min(points), max(max(points), kpi.target_year) + 1))
    target = float(kpi.target_value)
    top = max([target, *points.values(), 1.0]) * 1.12
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = plot_w / len(years)
    bar_w = min(36.0, slot * 0.6)

    def y(v):
        return TOP + plot_h - (max(v, 0) / top) * plot_h

    bars, labels = [], []
    for i, year in enumerate(years):
        x = LEFT + i * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        era = wareki(year, lang).replace("年度", "")
        labels.append((f"{cx:.1f}", f"{H - BOTTOM + 15}", str(year)))
        labels.append((f"{cx:.1f}", f"{H - BOTTOM + 29}", era))
        if year in points:
            v = points[year]
            cls = "baseline" if year == kpi.baseline_year else "actual"
            bars.append((f"{x:.1f}", f"{y(v):.1f}", f"{bar_w:.1f}", f"{max(TOP + plot_h - y(v), 0):.1f}", cls,
                         f"{cx:.1f}", f"{y(v) - 4:.1f}", _num(v)))
    target_y = y(target)
    title = kpi.name_en if lang == "en" and kpi.name_en else kpi.name
    if lang == "en":
        desc = f"Baseline {_num(kpi.baseline_value)} (FY{kpi.baseline_year}), target {_num(target)} (FY{kpi.target_year})" + "".join(
            f", FY{a.fiscal_year}: {_num(a.value)}" for a in actuals)
        target_text = f"Target {_num(target)}"
    else:
        desc = f"基準値 {_num(kpi.baseline_value)}（{kpi.baseline_year}年度）、目標値 {_num(target)}（{kpi.target_year}年度）" + "".join(
            f"、{a.fiscal_year}年度 {_num(a.value)}" for a in actuals)
        target_text = f"目標 {_num(target)}"
    return format_html(
        '<svg class="kpi-chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{title}: {desc}">'
        "<title>{title}</title><desc>{desc}</desc>"
        '<line class="axis" x1="{l}" y1="{base}" x2="{r}" y2="{base}"/>'
        "{bars}{labels}"
        '<line class="target" x1="{l}" y1="{ty}" x2="{r}" y2="{ty}"/>'
        '<text class="target-label" x="{r}" y="{tly}" text-anchor="end">{target_text}</text>'
        "</svg>",
        w=W, h=H, title=title, desc=desc, l=LEFT, r=W - RIGHT, base=TOP + plot_h,
        bars=format_html_join("", '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/><text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
                              ((c, x, yy, bw, bh, tx, ty, t) for x, yy, bw, bh, c, tx, ty, t in bars)),
        labels=format_html_join("", '<text class="year" x="{}" y="{}" text-anchor="middle">{}</text>', labels),
        ty=f"{target_y:.1f}", tly=f"{max(target_y - 5, 12):.1f}", target_text=target_text,
    )


def completion_bar(rate: float, label: str) -> str:
    """A horizontal bar showing a percentage (also given as text)."""
    width = max(0.0, min(rate, 100.0))
    return format_html(
        '<svg class="completion" viewBox="0 0 100 8" preserveAspectRatio="none" width="100%" height="16" role="img" aria-label="{}">'
        '<rect class="track" x="0" y="0" width="100" height="8"/><rect class="fill" x="0" y="0" width="{}" height="8"/></svg>',
        label, f"{width:.1f}",
    )


"""Cross tabulation with small-cell suppression (秘匿処理).

Method (documented in docs/privacy.md):

1. **Primary suppression**: every cell (and every marginal total) with ``0 < count < threshold`` is
   hidden and shown as ``χ``. Zero cells are shown (a zero reveals nobody).
2. **Secondary suppression**: each row and each column, together with its total, is one equation
   (cells sum to the total). If an equation has exactly one hidden entry, that entry could be
   recomputed from the others, so one more entry of the same equation is hidden: the smallest
   non-zero visible cell, preferring cells whose other line already has hidden entries (fewer extra
   cells lost). This repeats until no equation has exactly one hidden entry. The grand total is
   never hidden by step 2 unless nothing else can be hidden.

The result is a table of strings for publishing plus counts of primary and secondary cells.
"""

from collections import Counter
from dataclasses import dataclass

from kanmin.core.errors import UserError

from .hierarchies import MISSING, normalize

MARK = "χ"
TOTAL = "合計"


@dataclass
class Crosstab:
    row_values: list
    col_values: list
    counts: list  # (rows+1) x (cols+1) with totals in the last row/column
    hidden: set  # (r, c) positions
    primary: set

    def as_table(self, row_label: str, col_label: str) -> tuple[list, list]:
        header = [f"{row_label}＼{col_label}", *self.col_values, TOTAL]
        body = []
        for r, name in enumerate([*self.row_values, TOTAL]):
            line = [name]
            for c in range(len(self.col_values) + 1):
                line.append(MARK if (r, c) in self.hidden else str(self.counts[r][c]))
            body.append(line)
        return header, body


def crosstab(header: list[str], rows: list[list], row_var: str, col_var: str) -> Crosstab:
    for column in (row_var, col_var):
        if column not in header:
            raise UserError(f"表に列「{column}」がありません。", f"The table has no column '{column}'.")
    if row_var == col_var:
        raise UserError("行と列には別の項目を選んでください。", "Choose different columns for rows and columns.")
    if not rows:
        raise UserError("表にデータ行がありません。", "The table has no data rows.")
    ri, ci = header.index(row_var), header.index(col_var)

    def value(row, i):
        return (normalize(row[i]) if i < len(row) else "") or MISSING

    pairs = Counter((value(r, ri), value(r, ci)) for r in rows)
    row_values = sorted({a for a, _ in pairs}, key=_natural)
    col_values = sorted({b for _, b in pairs}, key=_natural)
    if len(row_values) * len(col_values) > 10_000:
        raise UserError("集計表が大きすぎます（1万セル超）。項目を選び直してください。", "The table would exceed 10,000 cells; choose other columns.")
    nr, nc = len(row_values), len(col_values)
    counts = [[pairs.get((a, b), 0) for b in col_values] for a in row_values]
    for line in counts:
        line.append(sum(line))
    counts.append([sum(counts[r][c] for r in range(nr)) for c in range(nc + 1)])
    return Crosstab(row_values, col_values, counts, set(), set())


def _natural(text: str):
    import re

    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text)]


def _lines(nr: int, nc: int) -> list[list[tuple[int, int]]]:
    """Each equation: a row (cells + row total) or a column (cells + column total), totals included."""
    lines = [[(r, c) for c in range(nc + 1)] for r in range(nr + 1)]
    lines += [[(r, c) for r in range(nr + 1)] for c in range(nc + 1)]
    return lines


def suppress(table: Crosstab, threshold: int) -> Crosstab:
    if threshold < 2:
        raise UserError("秘匿の閾値は 2 以上にしてください。", "The suppression threshold must be at least 2.")
    nr, nc = len(table.row_values), len(table.col_values)
    counts = table.counts
    grand = (nr, nc)
    primary = {(r, c) for r in range(nr + 1) for c in range(nc + 1) if 0 < counts[r][c] < threshold}
    hidden = set(primary)
    lines = _lines(nr, nc)
    changed = True
    while changed:
        changed = False
        for number, line in enumerate(lines):
            if len([p for p in line if p in hidden]) != 1:
                continue
            by_row = number <= nr  # rows come first in _lines

            def cost(p, by_row=by_row):
                r, c = p
                across = [q for q in hidden if (q[1] == c if by_row else q[0] == r)]
                is_total = r == nr or c == nc
                # best: a cell whose crossing line has exactly one hidden entry (fixes two lines at once)
                return (p == grand, counts[r][c] == 0, is_total, {1: 0, 0: 2}.get(len(across), 1), counts[r][c])

            candidates = [p for p in line if p not in hidden]
            if not candidates:
                continue
            hidden.add(min(candidates, key=cost))
            changed = True
    table.hidden, table.primary = hidden, primary
    return table


def recoverable(table: Crosstab) -> set:
    """Hidden positions that can be recomputed by repeatedly solving one-unknown equations (for checks)."""
    nr, nc = len(table.row_values), len(table.col_values)
    unknown = set(table.hidden)
    solved = set()
    progress = True
    while progress:
        progress = False
        for line in _lines(nr, nc):
            missing = [p for p in line if p in unknown]
            if len(missing) == 1:
                unknown.discard(missing[0])
                solved.add(missing[0])
                progress = True
    return solved & table.primary

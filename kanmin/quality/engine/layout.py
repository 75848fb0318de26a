"""Find the real table in a sheet made for printing: title rows, (multi-row, merged) header,
the data block, blank rows/columns inside it, notes below it, and further tables on the same sheet.
"""

import re
from dataclasses import dataclass, field

from .numbers import parse_number
from .reader import cell_text
from .text import is_blank

NOTE_MARK = re.compile(r"^\s*(※|＊|\*|注[0-9０-９）)：:\s]|（注|\(注|出典|資料[：:]|備考[：:]|単位[：:]|\[注)")
SCAN_ROWS = 60
FULL_LOAD_BYTES = 20 * 1024 * 1024  # CSVs up to this size are laid out whole (notes at the end found)
HEAD_ROWS = 2000  # rows laid out of a larger CSV; its data rows are then streamed


@dataclass
class Layout:
    header_rows: list[int] = field(default_factory=list)  # 0-based
    header: list[str] = field(default_factory=list)  # one name per kept column
    columns: list[int] = field(default_factory=list)  # source column indexes kept
    first_data: int = 0
    last_data: int | None = None  # inclusive; None: to the end
    title_rows: list[int] = field(default_factory=list)
    note_rows: list[int] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)  # inside the data block
    blank_cols: list[int] = field(default_factory=list)  # inside the table width
    unnamed_cols: list[int] = field(default_factory=list)  # data but no header
    extra_tables: list[int] = field(default_factory=list)  # first row of each further table

    def is_data(self, r: int) -> bool:
        return r >= self.first_data and (self.last_data is None or r <= self.last_data) and r not in self.note_rows and r not in self.blank_rows


def iter_data(rows, lay: Layout, cols: list[int] | None = None):
    """(row index, row) for the data rows of ``rows`` (the sheet from its first row; a list or a stream).

    With ``cols``, the row is the list of the values in those columns (None past the row's end).
    """
    skip = set(lay.note_rows) | set(lay.blank_rows)
    last = lay.last_data
    for r, row in enumerate(rows):
        if r < lay.first_data or r in skip:
            continue
        if last is not None and r > last:
            break
        if all(is_blank(v) for v in row):
            continue
        if cols is None:
            yield r, row
        else:
            n = len(row)
            yield r, [row[c] if c < n else None for c in cols]


def _filled(row) -> list[int]:
    return [i for i, v in enumerate(row) if not is_blank(v)]


def _is_texty(value) -> bool:
    if isinstance(value, (int, float)) or value is None:
        return False
    return parse_number(value) is None


def _is_note(row, filled: list[int]) -> bool:
    return bool(filled) and len(filled) <= 2 and isinstance(row[filled[0]], str) and bool(NOTE_MARK.match(row[filled[0]]))


def _header_like(row, filled: list[int], width: int) -> bool:
    if len(filled) < 2 or len(filled) < 0.5 * width:
        return False
    texty = sum(1 for i in filled if _is_texty(row[i]))
    return texty >= 0.7 * len(filled)


def detect_layout(rows: list[list], merged=(), *, complete: bool = True) -> Layout:
    """``rows`` is the whole sheet (``complete``) or its first rows (a large CSV)."""
    lay = Layout()
    merged = list(merged)
    n = len(rows)
    filled = [_filled(row) for row in rows]
    nonblank = [r for r in range(n) if filled[r]]
    if not nonblank:
        return lay
    # header: the first header-like row whose following rows are about as wide
    header = None
    for r in nonblank[:SCAN_ROWS]:
        below = [len(filled[x]) for x in range(r + 1, min(n, r + 21))]
        width = max([len(filled[r])] + below)
        if _header_like(rows[r], filled[r], width):
            header = r
            break
    if header is None:
        header = nonblank[0]
    lay.title_rows = [r for r in nonblank if r < header]
    # multi-row header: rows covered by merged cells that start in the header, or sub-headers under a horizontal merge
    end = header
    changed = True
    while changed:
        changed = False
        for r0, c0, r1, c1 in merged:
            if header <= r0 <= end and r1 > end:
                end, changed = r1, True
        horizontal = [(c0, c1) for r0, c0, r1, c1 in merged if r0 == end and r1 == end and c1 > c0]
        under = filled[end + 1] if end + 1 < n else []
        if horizontal and under and all(_is_texty(rows[end + 1][i]) for i in under):
            if any(c0 <= i <= c1 for c0, c1 in horizontal for i in under):
                end, changed = end + 1, True
    lay.header_rows = list(range(header, end + 1))
    filled_value = _merge_fill(rows, merged, lay.header_rows)
    width = max(len(rows[r]) for r in nonblank)
    names = []
    for c in range(width):
        parts = []
        for r in lay.header_rows:
            v = filled_value.get((r, c))
            if v is None and c < len(rows[r]):
                v = rows[r][c]
            t = cell_text(v).strip() if not is_blank(v) else ""
            t = re.sub(r"\s*\n\s*", "", t)
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        names.append("_".join(parts))
    # data block, notes, blank rows and further tables
    lay.first_data = end + 1
    named = len([x for x in names if x])
    pending_blank: list[int] = []
    last = None
    r = end + 1
    while r < n:
        row = rows[r]
        if not filled[r]:
            pending_blank.append(r)
        elif _is_note(row, filled[r]):
            lay.note_rows.append(r)
        elif pending_blank and last is not None and _header_like(row, filled[r], named) and r + 1 < n and filled[r + 1] \
                and [cell_text(v) for v in row] != [cell_text(v) for v in rows[header]] and _starts_new_table(filled, r):
            lay.extra_tables.append(r)
            break
        elif pending_blank and last is not None and len(filled[r]) == 1 and named >= 3:
            lay.note_rows.append(r)  # a lone sentence after the table
        else:
            lay.blank_rows += [b for b in pending_blank if last is not None]
            pending_blank = []
            last = r
        r += 1
    lay.last_data = last if (complete or lay.extra_tables) else None
    # columns: keep those with a name or with data
    used = set()
    for x in range(lay.first_data, (last if last is not None else end) + 1):
        if x not in lay.note_rows:
            used.update(filled[x])
    right = max([c for c in range(width) if names[c] or c in used], default=-1)
    for c in range(right + 1):
        if names[c] or c in used:
            lay.columns.append(c)
            lay.header.append(names[c])
            if not names[c]:
                lay.unnamed_cols.append(c)
        else:
            lay.blank_cols.append(c)
    # blank columns on the left are just margin, not a break inside the table
    first = lay.columns[0] if lay.columns else 0
    lay.blank_cols = [c for c in lay.blank_cols if c > first]
    return lay


def _starts_new_table(filled, r) -> bool:
    """A header-like row after a blank row, followed by rows with data, starts another table."""
    return len(filled[r + 1]) >= 2


def _merge_fill(rows, merged, only_rows) -> dict:
    """(row, col) → value of the merged range covering it (for the header rows)."""
    out = {}
    wanted = set(only_rows)
    for r0, c0, r1, c1 in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, r1 + 1):
            if r in wanted:
                for c in range(c0, c1 + 1):
                    out[(r, c)] = value
    return out

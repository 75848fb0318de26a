"""Cross tabulation with primary and secondary small-cell suppression."""

import itertools

import pytest

from kanmin.core.errors import UserError
from kanmin.privacy import aggregate


def table_from(counts: dict) -> tuple[list, list]:
    rows = []
    for (a, b), n in counts.items():
        rows += [[a, b]] * n
    return ["地区", "区分"], rows


def brute_force_values(tab, position, limit=15):
    """All values the hidden cell can take while every published number stays true (small tables)."""
    nr, nc = len(tab.row_values), len(tab.col_values)
    hidden_cells = sorted(p for p in tab.hidden if p[0] < nr and p[1] < nc)
    possible = set()
    for values in itertools.product(range(limit), repeat=len(hidden_cells)):
        grid = [row[:nc] for row in tab.counts[:nr]]
        for (r, c), v in zip(hidden_cells, values):
            grid[r][c] = v
        ok = True
        for r in range(nr):
            if (r, nc) not in tab.hidden and sum(grid[r]) != tab.counts[r][nc]:
                ok = False
                break
        for c in range(nc):
            if ok and (nr, c) not in tab.hidden and sum(grid[r][c] for r in range(nr)) != tab.counts[nr][c]:
                ok = False
        if ok and (nr, nc) not in tab.hidden and sum(map(sum, grid)) != tab.counts[nr][nc]:
            ok = False
        if ok:
            possible.add(grid[position[0]][position[1]])
    return possible


def test_primary_and_secondary_suppression():
    header, rows = table_from({("A", "x"): 10, ("A", "y"): 2, ("A", "z"): 8,
                               ("B", "x"): 7, ("B", "y"): 9, ("B", "z"): 6,
                               ("C", "x"): 5, ("C", "y"): 12, ("C", "z"): 4})
    tab = aggregate.suppress(aggregate.crosstab(header, rows, "地区", "区分"), threshold=3)
    assert tab.primary == {(0, 1)}
    # secondary cells exist: the row and the column of the small cell each got another hidden entry
    assert len(tab.hidden) == 4  # a 2x2 rectangle is the smallest safe pattern
    assert not aggregate.recoverable(tab)
    for r in range(4):
        assert len([p for p in tab.hidden if p[0] == r]) != 1
    for c in range(4):
        assert len([p for p in tab.hidden if p[1] == c]) != 1
    # the true value 2 cannot be pinned down by any combination of the published numbers
    assert len(brute_force_values(tab, (0, 1))) > 1
    out_header, body = tab.as_table("地区", "区分")
    assert out_header == ["地区＼区分", "x", "y", "z", "合計"]
    assert body[0][2] == "χ" and body[-1][-1] == "63"
    assert "2" not in body[0][1:]


def test_small_total_is_hidden_and_protected():
    header, rows = table_from({("A", "x"): 1, ("B", "x"): 20, ("B", "y"): 15, ("C", "y"): 9, ("C", "x"): 6})
    tab = aggregate.suppress(aggregate.crosstab(header, rows, "地区", "区分"), threshold=5)
    assert (0, 0) in tab.primary and (0, 2) in tab.primary  # the cell and its row total (=1)
    assert not aggregate.recoverable(tab)
    assert len(brute_force_values(tab, (0, 0))) > 1


def test_zero_cells_are_shown():
    header, rows = table_from({("A", "x"): 5, ("B", "y"): 6})
    tab = aggregate.suppress(aggregate.crosstab(header, rows, "地区", "区分"), threshold=3)
    assert not tab.hidden
    _, body = tab.as_table("地区", "区分")
    assert body[0] == ["A", "5", "0", "5"]


@pytest.mark.parametrize("args,ja", [
    (("地区", "地区"), "別の項目"), (("地区", "ない列"), "ない列"),
])
def test_bad_aggregate_requests(args, ja):
    header, rows = table_from({("A", "x"): 5})
    with pytest.raises(UserError) as err:
        aggregate.crosstab(header, rows, *args)
    assert ja in err.value.ja and err.value.en
    with pytest.raises(UserError):
        aggregate.suppress(aggregate.crosstab(header, rows, "地区", "区分"), threshold=1)

"""k-anonymity / l-diversity by full-domain generalization plus record suppression.

The search walks the generalization lattice bottom-up (all combinations of hierarchy levels, ordered
by total height). At each node the records are grouped into equivalence classes on the generalized
quasi-identifiers; classes smaller than ``k`` (or with fewer than ``l`` distinct sensitive values) are
suppressed. A node *satisfies* when the suppressed records stay within ``max_suppression``. Among the
satisfying nodes of the lowest height we pick the one that loses least information (precision, then
suppressed records, then discernibility). Because k-anonymity with suppression is monotone along
generalization, the first height that has a satisfying node holds the minimal ones.
"""

import itertools
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

from kanmin.core.errors import UserError

from . import hierarchies

MAX_LATTICE_NODES = 20_000

ROLE_DROP, ROLE_QI, ROLE_SENSITIVE, ROLE_KEEP = "drop", "qi", "sensitive", "keep"
ROLES = {
    ROLE_DROP: ("削除（直接識別子など）", "Remove (direct identifiers etc.)"),
    ROLE_QI: ("準識別子（一般化する）", "Quasi-identifier (generalize)"),
    ROLE_SENSITIVE: ("機微な属性（ℓ-多様性）", "Sensitive attribute (ℓ-diversity)"),
    ROLE_KEEP: ("そのまま残す", "Keep as is"),
}


@dataclass
class Config:
    """What to do with each column and the privacy targets."""

    roles: dict  # column -> role
    hierarchies: dict  # qi column -> kind
    value_maps: dict = field(default_factory=dict)  # qi column -> "value=group" text
    k: int = 5
    l: int = 1
    max_suppression: float = 0.05  # share of records

    @property
    def quasi(self) -> list[str]:
        return [c for c, r in self.roles.items() if r == ROLE_QI]

    @property
    def sensitive(self) -> str | None:
        return next((c for c, r in self.roles.items() if r == ROLE_SENSITIVE), None)


@dataclass
class Report:
    k_target: int
    l_target: int
    k_achieved: int
    l_achieved: int | None
    records_in: int
    records_out: int
    suppressed: int
    suppressed_pct: float
    classes: int
    smallest_class: int
    levels: dict
    max_levels: dict
    generalization_height: float  # share of the lattice's full height used (0 = none, 1 = all *)
    precision_loss: float  # 1 - Sweeney's precision, averaged over the QIs (0 = none lost)
    discernibility: int  # sum of |E|^2 over classes plus suppressed × all records
    avg_class_size_metric: float  # (records / classes) / k
    risk_max: float  # worst-case re-identification probability, 1 / smallest class
    risk_avg: float  # mean of 1/|E| over released records (= classes / records)
    nodes_evaluated: int
    quasi: list
    sensitive: str | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    header: list
    rows: list
    report: Report


def validate(header: list[str], rows: list[list], config: Config) -> None:
    """Refuse configurations that cannot work, with messages a person can act on."""
    missing = [c for c in config.roles if c not in header]
    if missing:
        raise UserError(
            f"表に列「{'」「'.join(missing)}」がありません。列名を確認してください。",
            f"The table has no column(s) {', '.join(missing)}; check the column names.",
        )
    if not config.quasi:
        raise UserError("準識別子の列を1つ以上選んでください。", "Choose at least one quasi-identifier column.")
    sensitive = [c for c, r in config.roles.items() if r == ROLE_SENSITIVE]
    if len(sensitive) > 1:
        raise UserError("機微な属性の列は1つだけ選べます。", "Choose at most one sensitive column.")
    if config.l > 1 and not sensitive:
        raise UserError(
            "ℓ-多様性を求めるには機微な属性の列を選んでください。",
            "Choose a sensitive column to require ℓ-diversity.",
        )
    for column in config.quasi:
        if column not in config.hierarchies:
            raise UserError(f"列「{column}」の一般化の方法を選んでください。", f"Choose a hierarchy for column '{column}'.")
    if not rows:
        raise UserError("表にデータ行がありません。", "The table has no data rows.")
    if config.k < 2:
        raise UserError("k は 2 以上にしてください。", "k must be at least 2.")
    if config.k > len(rows):
        raise UserError(
            f"k（{config.k}）が表の行数（{len(rows)}）より大きいため、条件を満たせません。",
            f"k ({config.k}) is larger than the number of rows ({len(rows)}); it cannot be met.",
        )
    if config.l < 1:
        raise UserError("ℓ は 1 以上にしてください。", "ℓ must be at least 1.")
    if sensitive:
        index = header.index(sensitive[0])
        distinct = len({hierarchies.normalize(r[index]) for r in rows})
        if config.l > distinct:
            raise UserError(
                f"ℓ（{config.l}）が機微な属性の値の種類数（{distinct}）より大きいため、条件を満たせません。",
                f"ℓ ({config.l}) is larger than the number of distinct sensitive values ({distinct}).",
            )
    if not 0 <= config.max_suppression <= 0.5:
        raise UserError("最大削除率は 0〜50% の範囲にしてください。", "The maximum suppression rate must be 0–50%.")


def _generalized_columns(header, rows, config) -> dict:
    """For each QI, the generalized values per level. Each distinct raw value is generalized once."""
    out = {}
    for column in config.quasi:
        hierarchy = hierarchies.build(config.hierarchies[column], config.value_maps.get(column, ""))
        index = header.index(column)
        raw = [r[index] if index < len(r) else "" for r in rows]
        distinct = list(dict.fromkeys(raw))
        levels = []
        for level in range(hierarchy.height + 1):
            try:
                table = {value: hierarchy.generalize(value, level) for value in distinct}
            except UserError as exc:
                raise UserError(f"列「{column}」: {exc.ja}", f"Column '{column}': {exc.en}") from exc
            levels.append([table[value] for value in raw])
        out[column] = levels
    return out


def _codes(values: list) -> np.ndarray:
    """Strings to dense integer codes (0..distinct-1)."""
    lookup = {}
    return np.fromiter((lookup.setdefault(v, len(lookup)) for v in values), dtype=np.int64, count=len(values))


class Lattice:
    """Integer-coded generalized columns, so one node is evaluated with a few vectorized numpy calls."""

    def __init__(self, quasi, columns, sensitive_values):
        self.quasi = quasi
        self.codes = {c: [_codes(level) for level in columns[c]] for c in quasi}
        self.sensitive = _codes(sensitive_values) if sensitive_values is not None else None

    def classes(self, node) -> np.ndarray:
        """Equivalence class id of every record under ``node``."""
        key = None
        for column, level in zip(self.quasi, node):
            code = self.codes[column][level]
            if key is None:
                key = code
                continue
            cardinality = int(code.max()) + 1
            if int(key.max()) + 1 > (2**62) // cardinality:
                key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            key = key * cardinality + code
        return np.unique(key, return_inverse=True)[1].reshape(-1)

    def evaluate(self, node, k: int, l: int):
        """(class id per record, class sizes, bad-class mask, records suppressed)."""
        classes = self.classes(node)
        sizes = np.bincount(classes)
        bad = sizes < k
        if l > 1:
            pairs = np.unique(classes * (int(self.sensitive.max()) + 1) + self.sensitive)
            distinct = np.bincount(pairs // (int(self.sensitive.max()) + 1), minlength=len(sizes))
            bad |= distinct < l
        return classes, sizes, bad, int(sizes[bad].sum())


def anonymize(header: list[str], rows: list[list], config: Config) -> Result:
    validate(header, rows, config)
    quasi = config.quasi
    columns = _generalized_columns(header, rows, config)
    heights = [len(columns[c]) - 1 for c in quasi]
    sensitive = config.sensitive
    s_index = header.index(sensitive) if sensitive else None
    sensitive_values = [hierarchies.normalize(r[s_index] if s_index < len(r) else "") for r in rows] if sensitive else None
    n = len(rows)
    allowed = math.floor(config.max_suppression * n + 1e-9)

    total_nodes = math.prod(h + 1 for h in heights)
    if total_nodes > MAX_LATTICE_NODES:
        raise UserError(
            f"準識別子が多すぎます（組合せ {total_nodes} 通り）。準識別子を減らしてください。",
            f"Too many quasi-identifiers ({total_nodes} combinations); choose fewer.",
        )
    nodes_by_height = defaultdict(list)
    for node in itertools.product(*(range(h + 1) for h in heights)):
        nodes_by_height[sum(node)].append(node)

    lattice = Lattice(quasi, columns, sensitive_values)
    evaluated = 0
    best = None
    for height in sorted(nodes_by_height):
        for node in nodes_by_height[height]:
            evaluated += 1
            classes, sizes, bad, suppressed = lattice.evaluate(node, config.k, config.l)
            if suppressed > allowed or suppressed == n:
                continue
            precision_loss = sum(lvl / h for lvl, h in zip(node, heights) if h) / len(node)
            score = (precision_loss, suppressed, int((sizes[~bad] ** 2).sum()))
            if best is None or score < best[0]:
                best = (score, node, classes, bad)
        if best is not None:
            break
    if best is None:
        raise UserError(
            f"最大削除率 {config.max_suppression:.0%} の範囲では k={config.k}"
            + (f"・ℓ={config.l}" if config.l > 1 else "")
            + " を満たせません。削除率を上げるか、k・ℓ を下げるか、準識別子を減らしてください。",
            f"k={config.k}" + (f", ℓ={config.l}" if config.l > 1 else "")
            + f" cannot be met within {config.max_suppression:.0%} suppression; raise the rate, lower k/ℓ or drop quasi-identifiers.",
        )
    score, node, classes, bad_classes = best
    members = defaultdict(list)
    for i, cls in enumerate(classes.tolist()):
        members[cls].append(i)
    bad = set(np.flatnonzero(bad_classes[classes]).tolist())
    return _build_result(header, rows, config, columns, heights, node, score[0], members, bad, sensitive_values, evaluated)


def _build_result(header, rows, config, columns, heights, node, precision_loss, members, bad, sensitive_values, evaluated) -> Result:
    quasi = config.quasi
    out_columns = [c for c in header if config.roles.get(c, ROLE_DROP) != ROLE_DROP]
    index = {c: header.index(c) for c in out_columns}
    level_of = dict(zip(quasi, node))
    out_rows = []
    for i, row in enumerate(rows):
        if i in bad:
            continue
        line = []
        for c in out_columns:
            if c in level_of:
                line.append(columns[c][level_of[c]][i])
            else:
                value = row[index[c]] if index[c] < len(row) else ""
                line.append(hierarchies.normalize(value) if config.roles[c] == ROLE_SENSITIVE else value)
        out_rows.append(line)

    kept = [idx for idx in members.values() if idx[0] not in bad]
    sizes = [len(idx) for idx in kept]
    n, n_out = len(rows), len(out_rows)
    l_values = [len({sensitive_values[i] for i in idx}) for idx in kept] if sensitive_values else []
    report = Report(
        k_target=config.k,
        l_target=config.l,
        k_achieved=min(sizes),
        l_achieved=min(l_values) if l_values else None,
        records_in=n,
        records_out=n_out,
        suppressed=len(bad),
        suppressed_pct=round(100 * len(bad) / n, 2),
        classes=len(kept),
        smallest_class=min(sizes),
        levels=level_of,
        max_levels=dict(zip(quasi, heights)),
        generalization_height=round(sum(node) / sum(heights), 4) if sum(heights) else 0.0,
        precision_loss=round(precision_loss, 4),
        discernibility=sum(s * s for s in sizes) + len(bad) * n,
        avg_class_size_metric=round((n_out / len(kept)) / config.k, 4),
        risk_max=round(1 / min(sizes), 4),
        risk_avg=round(len(kept) / n_out, 4),
        nodes_evaluated=evaluated,
        quasi=quasi,
        sensitive=config.sensitive,
    )
    return Result(header=out_columns, rows=out_rows, report=report)

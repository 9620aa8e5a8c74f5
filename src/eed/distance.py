"""Stage 5: the extended Zhang–Shasha tree edit distance.

Ordered-tree edit distance (Zhang & Shasha 1989) with two extra moves in the forest recurrence:
deleting or inserting a whole subtree at once, priced ``min(s, slope * (s - bar) + bar)`` for a
subtree of size ``s`` with children (a leaf costs its single-node price).

Three implementations give identical numbers:

- `reference_distance`: the plain recurrence, written for clarity. Kept as the oracle.
- `fast_distance`: the same recurrence on flat arrays, in C when the extension is built,
  otherwise in tuned Python. ``EED_TREE_DISTANCE=python|c|reference`` forces one.
- `tree_edit_script`: the reference tables plus a backtrace, giving the operations.

Every cell is computed as one addition of a cost to one earlier cell, as in the official code, so
all three agree to the last bit, not just to a tolerance.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .config import Config
from .tree import Node, subtree_sizes

__all__ = [
    "EditOp",
    "FlatTree",
    "fast_distance",
    "flatten",
    "reference_distance",
    "tree_distance",
    "tree_edit_script",
]

logger = logging.getLogger(__name__)

_DEFAULT = Config()


@dataclass(frozen=True)
class FlatTree:
    """A tree in postorder, with everything the recurrence needs precomputed."""

    labels: tuple[str, ...]
    kinds: tuple[str, ...]
    lmd: tuple[int, ...]  # leftmost leaf descendant of each node
    keyroots: tuple[int, ...]
    paths: tuple[tuple[int, ...], ...]  # child-index path from the root, for explanations
    single_ins: tuple[float, ...]
    single_del: tuple[float, ...]
    tree_cost: tuple[float, ...]  # whole-subtree insert/delete price
    size: float

    def __len__(self) -> int:
        return len(self.labels)


def _subtree_price(size: float, is_leaf: bool, leaf_price: float, config: Config) -> float:
    if is_leaf:
        return leaf_price
    return min(size, config.discount_slope * (size - config.bar_size) + config.bar_size)


def flatten(root: Node, config: Config | None = None) -> FlatTree:
    """Annotate a tree in postorder: labels, leftmost leaves, keyroots and costs."""
    config = config or _DEFAULT
    nodes: list[Node] = []
    paths: list[tuple[int, ...]] = []
    stack: list[tuple[Node, tuple[int, ...], bool]] = [(root, (), False)]
    while stack:
        node, path, expanded = stack.pop()
        if expanded or not node.children:
            nodes.append(node)
            paths.append(path)
            continue
        stack.append((node, path, True))
        for k in range(len(node.children) - 1, -1, -1):
            stack.append((node.children[k], (*path, k), False))
    lmd = _leftmost_leaves(nodes)
    keyroot_of: dict[int, int] = {}
    for i, leaf in enumerate(lmd):
        keyroot_of[leaf] = i
    keyroots = tuple(sorted(keyroot_of.values()))
    sizes = subtree_sizes(root, config.insert_cost)
    kinds = tuple(n.kind for n in nodes)
    single_del = tuple(config.delete_cost.of(k) for k in kinds)
    single_ins = tuple(config.insert_cost.of(k) for k in kinds)
    # The official code prices a whole-subtree insert with the delete price of a leaf.
    tree_cost = tuple(
        _subtree_price(sizes[i], not nodes[i].children, single_del[i], config)
        for i in range(len(nodes))
    )
    return FlatTree(
        labels=tuple(n.label for n in nodes),
        kinds=kinds,
        lmd=tuple(lmd),
        keyroots=keyroots,
        paths=tuple(paths),
        single_ins=single_ins,
        single_del=single_del,
        tree_cost=tree_cost,
        size=sizes[-1],
    )


def _leftmost_leaves(postorder: Sequence[Node]) -> list[int]:
    # Positional, not by node identity: SymPy shares subexpressions, so one Node object can sit
    # at several places in a tree.
    lmd: list[int] = []
    sizes: list[int] = []  # subtree sizes of the roots of the forest emitted so far
    for i, n in enumerate(postorder):
        size = 1
        for _ in n.children:
            size += sizes.pop()
        sizes.append(size)
        lmd.append(i - size + 1)
    return lmd


def _updater(a: FlatTree, b: FlatTree, config: Config) -> Callable[[int, int], float]:
    def update(i: int, j: int) -> float:
        if a.labels[i] == b.labels[j]:
            return 0.0
        if a.kinds[i] == b.kinds[j]:
            return config.update_cost.of(a.kinds[i])
        return config.change_type_cost

    return update


def _reference_tables(a: FlatTree, b: FlatTree, config: Config) -> list[list[float]]:
    """All tree-vs-tree distances, by the plain keyroot recurrence."""
    update = _updater(a, b, config)
    treedist = [[0.0] * len(b) for _ in range(len(a))]
    for x in a.keyroots:
        for y in b.keyroots:
            _forest(a, b, x, y, treedist, update)
    return treedist


def _forest(
    a: FlatTree,
    b: FlatTree,
    x: int,
    y: int,
    treedist: list[list[float]],
    update: Callable[[int, int], float],
) -> dict[tuple[int, int], float]:
    """Forest distances for the subproblem rooted at (x, y), filling treedist on the way.

    Keys are (i, j) with i in [lx-1, x] and j in [ly-1, y]; lx-1 / ly-1 stand for the empty forest.
    """
    al, bl = a.lmd, b.lmd
    lx, ly = al[x], bl[y]
    fd: dict[tuple[int, int], float] = {(lx - 1, ly - 1): 0.0}
    for i in range(lx, x + 1):
        fd[(i, ly - 1)] = fd[(al[i] - 1, ly - 1)] + a.tree_cost[i]
    for j in range(ly, y + 1):
        fd[(lx - 1, j)] = fd[(lx - 1, bl[j] - 1)] + b.tree_cost[j]
    for i in range(lx, x + 1):
        for j in range(ly, y + 1):
            best = min(
                fd[(i - 1, j)] + a.single_del[i],
                fd[(i, j - 1)] + b.single_ins[j],
                fd[(al[i] - 1, j)] + a.tree_cost[i],
                fd[(i, bl[j] - 1)] + b.tree_cost[j],
            )
            if al[i] == lx and bl[j] == ly:
                treedist[i][j] = min(best, fd[(i - 1, j - 1)] + update(i, j))
                fd[(i, j)] = treedist[i][j]
            else:
                fd[(i, j)] = min(best, fd[(al[i] - 1, bl[j] - 1)] + treedist[i][j])
    return fd


def reference_distance(a: Node, b: Node, config: Config | None = None) -> float:
    """The distance by the plain recurrence: the oracle for the fast implementations."""
    config = config or _DEFAULT
    return reference_flat_distance(flatten(a, config), flatten(b, config), config)


def reference_flat_distance(a: FlatTree, b: FlatTree, config: Config) -> float:
    """`reference_distance` on trees already flattened."""
    return float(_reference_tables(a, b, config)[-1][-1])


def _python_distance(a: FlatTree, b: FlatTree, config: Config) -> float:
    """The recurrence on flat lists with offset indices, tuned for CPython."""
    m, n = len(a), len(b)
    al, bl = a.lmd, b.lmd
    a_del, b_ins = a.single_del, b.single_ins
    a_tree, b_tree = a.tree_cost, b.tree_cost
    a_lab, b_lab = a.labels, b.labels
    a_kind, b_kind = a.kinds, b.kinds
    upd_kind = {k: config.update_cost.of(k) for k in set(a_kind)}
    chg = config.change_type_cost
    treedist = [[0.0] * n for _ in range(m)]
    # fd[i + 1][j + 1] is the forest a[lx..i] vs b[ly..j]; row lx and column ly are empty forests.
    fd = [[0.0] * (n + 1) for _ in range(m + 1)]
    for x in a.keyroots:
        lx = al[x]
        for y in b.keyroots:
            ly = bl[y]
            row0 = fd[lx]
            row0[ly] = 0.0
            for i in range(lx, x + 1):
                fd[i + 1][ly] = fd[al[i]][ly] + a_tree[i]
            for j in range(ly, y + 1):
                row0[j + 1] = row0[bl[j]] + b_tree[j]
            for i in range(lx, x + 1):
                prev = fd[i]
                cur = fd[i + 1]
                sub = fd[al[i]]
                di = a_del[i]
                ti = a_tree[i]
                on_path_i = al[i] == lx
                td_i = treedist[i]
                lab_i = a_lab[i]
                kind_i = a_kind[i]
                for j in range(ly, y + 1):
                    best = prev[j + 1] + di
                    c = cur[j] + b_ins[j]
                    if c < best:
                        best = c
                    c = sub[j + 1] + ti
                    if c < best:
                        best = c
                    blj = bl[j]
                    c = cur[blj] + b_tree[j]
                    if c < best:
                        best = c
                    if on_path_i and blj == ly:
                        if lab_i == b_lab[j]:
                            u = 0.0
                        elif kind_i == b_kind[j]:
                            u = upd_kind[kind_i]
                        else:
                            u = chg
                        c = prev[j] + u
                        if c < best:
                            best = c
                        td_i[j] = best
                    else:
                        c = sub[blj] + td_i[j]
                        if c < best:
                            best = c
                    cur[j + 1] = best
    return float(treedist[m - 1][n - 1])


def _c_distance_or_none() -> Callable[[FlatTree, FlatTree, Config], float] | None:
    try:
        from . import _zs  # type: ignore[attr-defined]
    except ImportError:
        return None
    from .config import NODE_KINDS

    c_distance = _zs.distance
    kind_id: dict[str, int] = {k: i for i, k in enumerate(NODE_KINDS)}
    kind_of = kind_id.__getitem__

    def run(a: FlatTree, b: FlatTree, config: Config) -> float:
        # The C core compares int ids: a's labels get ids, and a target label that a lacks gets
        # -1, which equals no id, just as the string matches nothing in a.
        ids = {s: i for i, s in enumerate(a.labels)}
        get = ids.get
        return float(
            c_distance(
                a.lmd,
                [ids[s] for s in a.labels],
                list(map(kind_of, a.kinds)),
                a.single_del,
                a.tree_cost,
                b.lmd,
                [get(s, -1) for s in b.labels],
                list(map(kind_of, b.kinds)),
                b.single_ins,
                b.tree_cost,
                [config.update_cost.of(k) for k in NODE_KINDS],
                config.change_type_cost,
            )
        )

    return run


def _pick_implementation() -> tuple[str, Callable[[FlatTree, FlatTree, Config], float]]:
    wanted = os.environ.get("EED_TREE_DISTANCE", "auto").strip().lower()
    compiled = _c_distance_or_none()
    if wanted == "c":
        if compiled is None:
            raise ImportError("EED_TREE_DISTANCE=c but the compiled extension eed._zs is missing")
        return "c", compiled
    if wanted == "reference":
        return "reference", reference_flat_distance
    if wanted in ("python", "pure"):
        return "python", _python_distance
    if compiled is not None:
        return "c", compiled
    return "python", _python_distance


IMPLEMENTATION, _IMPL = _pick_implementation()


def fast_distance(a: FlatTree, b: FlatTree, config: Config | None = None) -> float:
    """Distance between two flattened trees with the fastest available implementation."""
    return _IMPL(a, b, config or _DEFAULT)


def tree_distance(a: Node, b: Node, config: Config | None = None) -> float:
    """Extended tree edit distance from tree ``a`` (source) to tree ``b`` (target)."""
    if not isinstance(a, Node) or not isinstance(b, Node):
        raise TypeError("tree_distance takes two eed.Node trees (see eed.to_tree)")
    config = config or _DEFAULT
    return fast_distance(flatten(a, config), flatten(b, config), config)


OpKind = Literal["match", "rename", "delete", "insert", "delete_subtree", "insert_subtree"]


@dataclass(frozen=True)
class EditOp:
    """One step of an edit script. Paths are child-index paths from each tree's root."""

    op: OpKind
    cost: float
    source: str | None = None
    target: str | None = None
    source_path: tuple[int, ...] | None = None
    target_path: tuple[int, ...] | None = None
    nodes: int = 1  # how many nodes a subtree move carries

    def describe(self) -> str:
        def at(path: tuple[int, ...] | None) -> str:
            return "root" if not path else "/".join(str(p) for p in path)

        if self.op == "match":
            return f"keep {self.source} at {at(self.source_path)}"
        if self.op == "rename":
            return f"rename {self.source} -> {self.target} at {at(self.source_path)}"
        if self.op == "delete":
            return f"delete {self.source} at {at(self.source_path)}"
        if self.op == "insert":
            return f"insert {self.target} at {at(self.target_path)}"
        if self.op == "delete_subtree":
            return f"delete subtree {self.source} ({self.nodes} nodes) at {at(self.source_path)}"
        return f"insert subtree {self.target} ({self.nodes} nodes) at {at(self.target_path)}"


def tree_edit_script(a: Node, b: Node, config: Config | None = None) -> list[EditOp]:
    """The operations that turn ``a`` into ``b`` at the cost `tree_distance` reports.

    Zero-cost matches are included so the script accounts for every node; whole-subtree moves
    appear as single ``delete_subtree``/``insert_subtree`` steps.
    """
    if not isinstance(a, Node) or not isinstance(b, Node):
        raise TypeError("tree_edit_script takes two eed.Node trees (see eed.to_tree)")
    config = config or _DEFAULT
    fa, fb = flatten(a, config), flatten(b, config)
    treedist = _reference_tables(fa, fb, config)
    update = _updater(fa, fb, config)
    ops: list[EditOp] = []
    _backtrace(fa, fb, len(fa) - 1, len(fb) - 1, treedist, update, ops)
    ops.reverse()
    return ops


def _count(t: FlatTree, i: int) -> int:
    return i - t.lmd[i] + 1


def _backtrace(
    a: FlatTree,
    b: FlatTree,
    x: int,
    y: int,
    treedist: list[list[float]],
    update: Callable[[int, int], float],
    ops: list[EditOp],
) -> None:
    """Append (in reverse order) the operations of the tree-vs-tree problem (x, y)."""
    fd = _forest(a, b, x, y, treedist, update)
    al, bl = a.lmd, b.lmd
    lx, ly = al[x], bl[y]
    i, j = x, y
    while i >= lx or j >= ly:
        here = fd[(i, j)]
        if j < ly:  # only deletions remain; the boundary prices whole subtrees
            ops.append(_del_subtree(a, i))
            i = al[i] - 1
            continue
        if i < lx:
            ops.append(_ins_subtree(b, j))
            j = bl[j] - 1
            continue
        if al[i] == lx and bl[j] == ly:
            u = update(i, j)
            if _same(here, fd[(i - 1, j - 1)] + u):
                kind: OpKind = "match" if a.labels[i] == b.labels[j] else "rename"
                ops.append(EditOp(kind, u, a.labels[i], b.labels[j], a.paths[i], b.paths[j]))
                i, j = i - 1, j - 1
                continue
        elif _same(here, fd[(al[i] - 1, bl[j] - 1)] + treedist[i][j]):
            _backtrace(a, b, i, j, treedist, update, ops)
            i, j = al[i] - 1, bl[j] - 1
            continue
        if _same(here, fd[(i - 1, j)] + a.single_del[i]):
            ops.append(EditOp("delete", a.single_del[i], a.labels[i], None, a.paths[i]))
            i -= 1
        elif _same(here, fd[(i, j - 1)] + b.single_ins[j]):
            ops.append(EditOp("insert", b.single_ins[j], None, b.labels[j], None, b.paths[j]))
            j -= 1
        elif _same(here, fd[(al[i] - 1, j)] + a.tree_cost[i]):
            ops.append(_del_subtree(a, i))
            i = al[i] - 1
        elif _same(here, fd[(i, bl[j] - 1)] + b.tree_cost[j]):
            ops.append(_ins_subtree(b, j))
            j = bl[j] - 1
        else:  # pragma: no cover - the tables always explain themselves
            raise AssertionError(f"edit script backtrace lost its way at ({i}, {j})")


def _same(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x))


def _del_subtree(t: FlatTree, i: int) -> EditOp:
    n = _count(t, i)
    op: OpKind = "delete_subtree" if n > 1 else "delete"
    return EditOp(op, t.tree_cost[i], t.labels[i], None, t.paths[i], None, n)


def _ins_subtree(t: FlatTree, j: int) -> EditOp:
    n = _count(t, j)
    op: OpKind = "insert_subtree" if n > 1 else "insert"
    return EditOp(op, t.tree_cost[j], None, t.labels[j], None, t.paths[j], n)

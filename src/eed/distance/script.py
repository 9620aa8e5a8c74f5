"""The edit script: the reference tables plus a backtrace, giving the operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..config import Config
from ..tree import Node
from .flat import DEFAULT_CONFIG, FlatTree, flatten
from .reference import forest, reference_tables, updater

__all__ = ["EditOp", "OpKind", "tree_edit_script"]


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
    config = config or DEFAULT_CONFIG
    fa, fb = flatten(a, config), flatten(b, config)
    treedist = reference_tables(fa, fb, config)
    update = updater(fa, fb, config)
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
    fd = forest(a, b, x, y, treedist, update)
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

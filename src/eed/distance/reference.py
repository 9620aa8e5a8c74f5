"""The plain keyroot recurrence, written for clarity: the oracle for the fast implementations."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config
from ..tree import Node
from .flat import DEFAULT_CONFIG, FlatTree, flatten

__all__ = ["forest", "reference_distance", "reference_flat_distance", "reference_tables", "updater"]


def updater(a: FlatTree, b: FlatTree, config: Config) -> Callable[[int, int], float]:
    def update(i: int, j: int) -> float:
        if a.labels[i] == b.labels[j]:
            return 0.0
        if a.kinds[i] == b.kinds[j]:
            return config.update_cost.of(a.kinds[i])
        return config.change_type_cost

    return update


def reference_tables(a: FlatTree, b: FlatTree, config: Config) -> list[list[float]]:
    """All tree-vs-tree distances, by the plain keyroot recurrence."""
    update = updater(a, b, config)
    treedist = [[0.0] * len(b) for _ in range(len(a))]
    for x in a.keyroots:
        for y in b.keyroots:
            forest(a, b, x, y, treedist, update)
    return treedist


def forest(
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
    config = config or DEFAULT_CONFIG
    return reference_flat_distance(flatten(a, config), flatten(b, config), config)


def reference_flat_distance(a: FlatTree, b: FlatTree, config: Config) -> float:
    """`reference_distance` on trees already flattened."""
    return float(reference_tables(a, b, config)[-1][-1])

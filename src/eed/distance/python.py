"""The recurrence on flat lists with offset indices, tuned for CPython (the fallback when the
C core is not built)."""

from __future__ import annotations

from ..config import Config
from .flat import FlatTree

__all__ = ["python_distance"]


def python_distance(a: FlatTree, b: FlatTree, config: Config) -> float:
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

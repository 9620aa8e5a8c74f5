"""Tree generators shared by the distance tests and benchmarks."""

from __future__ import annotations

import random

import zss
from hypothesis import strategies as st

from eed.tree import Node

LEAVES = ("number_1", "number_2", "number_1/2", "symbol_x", "symbol_y", "symbol_m")
INNER = ("operator_Add", "operator_Mul", "operator_Pow", "function_sin", "function_exp")


def trees(max_leaves: int = 25, max_children: int = 3) -> st.SearchStrategy[Node]:
    """Hypothesis strategy for labelled expression-like trees."""
    leaf = st.sampled_from(LEAVES).map(Node)
    return st.recursive(
        leaf,
        lambda kids: st.builds(
            lambda label, ch: Node(label, tuple(ch)),
            st.sampled_from(INNER),
            st.lists(kids, min_size=1, max_size=max_children),
        ),
        max_leaves=max_leaves,
    )


def random_tree(n: int, rng: random.Random) -> Node:
    """A random recursive tree of exactly n nodes: node k hangs under one of nodes 0..k-1."""
    kids: list[list[int]] = [[] for _ in range(n)]
    for k in range(1, n):
        kids[rng.randrange(k)].append(k)
    labels = [rng.choice(INNER) if kids[k] else rng.choice(LEAVES) for k in range(n)]
    built: dict[int, Node] = {}
    for k in range(n - 1, -1, -1):  # children have larger numbers, so they are built first
        built[k] = Node(labels[k], tuple(built[c] for c in kids[k]))
    return built[0]


def to_zss(node: Node) -> zss.Node:
    z = zss.Node(node.label)
    for c in node.children:
        z.addkid(to_zss(c))
    return z

"""Trees in postorder with every price precomputed: what the recurrence reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..config import Config
from ..tree import Node, subtree_sizes

__all__ = ["DEFAULT_CONFIG", "FlatTree", "flatten"]


DEFAULT_CONFIG = Config()


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
    config = config or DEFAULT_CONFIG
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

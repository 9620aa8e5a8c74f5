"""Stage 5: the extended Zhang–Shasha tree edit distance.

Ordered-tree edit distance (Zhang & Shasha 1989) with two extra moves in the forest recurrence:
deleting or inserting a whole subtree at once, priced ``min(s, slope * (s - bar) + bar)`` for a
subtree of size ``s`` with children (a leaf costs its single-node price).

The modules: ``flat`` (trees in postorder with their prices), ``reference`` (the plain
recurrence, kept as the oracle), ``python`` (the same recurrence tuned for CPython),
``compiled`` (the binding to the C core `eed._zs`), ``script`` (the edit script, by a backtrace
through the reference tables). `fast_distance` uses the C core when it is built, else the tuned
Python; ``EED_TREE_DISTANCE=python|c|reference`` forces one.

Every cell is computed as one addition of a cost to one earlier cell, as in the official code, so
all implementations agree to the last bit, not just to a tolerance.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..config import Config
from ..tree import Node
from .compiled import compiled_distance
from .flat import DEFAULT_CONFIG, FlatTree, flatten
from .python import python_distance
from .reference import reference_distance, reference_flat_distance
from .script import EditOp, OpKind, tree_edit_script

__all__ = [
    "IMPLEMENTATION",
    "EditOp",
    "FlatTree",
    "OpKind",
    "compiled_distance",
    "fast_distance",
    "flatten",
    "python_distance",
    "reference_distance",
    "reference_flat_distance",
    "tree_distance",
    "tree_edit_script",
]


def _pick_implementation() -> tuple[str, Callable[[FlatTree, FlatTree, Config], float]]:
    wanted = os.environ.get("EED_TREE_DISTANCE", "auto").strip().lower()
    compiled = compiled_distance()
    if wanted == "c":
        if compiled is None:
            raise ImportError("EED_TREE_DISTANCE=c but the compiled extension eed._zs is missing")
        return "c", compiled
    if wanted == "reference":
        return "reference", reference_flat_distance
    if wanted in ("python", "pure"):
        return "python", python_distance
    if compiled is not None:
        return "c", compiled
    return "python", python_distance


IMPLEMENTATION, _IMPL = _pick_implementation()


def fast_distance(a: FlatTree, b: FlatTree, config: Config | None = None) -> float:
    """Distance between two flattened trees with the fastest available implementation."""
    return _IMPL(a, b, config or DEFAULT_CONFIG)


def tree_distance(a: Node, b: Node, config: Config | None = None) -> float:
    """Extended tree edit distance from tree ``a`` (source) to tree ``b`` (target)."""
    if not isinstance(a, Node) or not isinstance(b, Node):
        raise TypeError("tree_distance takes two eed.Node trees (see eed.to_tree)")
    config = config or DEFAULT_CONFIG
    return fast_distance(flatten(a, config), flatten(b, config), config)

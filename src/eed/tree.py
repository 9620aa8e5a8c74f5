"""Stage 4: SymPy expressions as labelled trees.

A label is ``kind_text``: ``number_1/2``, ``symbol_m``, ``operator_Add``, ``function_sin``.
Children follow SymPy's own argument order, so tree shapes depend on the pinned SymPy version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sympy

from .config import Config, NodeCosts
from .errors import UnsupportedError

__all__ = ["Node", "draw", "subtree_sizes", "to_tree", "tree_of", "tree_size"]

# Leaves that the official scorer counts as numbers beside Integer, Rational and Float.
_NUMBER_ATOMS = (
    sympy.pi,
    sympy.E,
    sympy.oo,
    -sympy.oo,
    sympy.I,
    sympy.zoo,
)


@dataclass(frozen=True)
class Node:
    """One node of an expression tree: a label and an ordered tuple of children."""

    label: str
    children: tuple[Node, ...] = ()

    @property
    def kind(self) -> str:
        return self.label.split("_", 1)[0]

    @property
    def text(self) -> str:
        return self.label.split("_", 1)[1] if "_" in self.label else self.label

    def __iter__(self) -> Iterator[Node]:
        """Nodes in postorder."""
        stack: list[tuple[Node, bool]] = [(self, False)]
        while stack:
            node, seen = stack.pop()
            if seen or not node.children:
                yield node
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.children))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __str__(self) -> str:
        return draw(self)


def to_tree(expr: Any, *, derivatives: bool = False) -> Node:
    """Turn a SymPy expression into a Node tree.

    Raises UnsupportedError for anything but numbers, symbols, Add/Mul/Pow and functions
    (relations, integrals, matrices, sets, ...). Derivatives, which the official scorer cannot
    build, are function nodes when ``derivatives`` is set: ``Derivative(u(x, y), x, x)`` is
    ``function_Derivative(u(x, y), x, x)``, each variable as often as its order.
    """
    # Deep expressions would otherwise hit Python's recursion limit; walk iteratively.
    if not isinstance(expr, sympy.Basic):
        raise UnsupportedError(f"not a SymPy expression: {type(expr).__name__}")
    built: dict[int, Node] = {}
    stack: list[tuple[Any, bool]] = [(expr, False)]
    while stack:
        e, ready = stack.pop()
        if derivatives and isinstance(e, sympy.Derivative):
            label = "function_Derivative"
            args = (e.expr, *(v for v, n in e.variable_count for _ in range(int(n))))
        else:
            label = _label(e)
            args = e.args if label.startswith(("operator_", "function_")) else ()
        if not args:
            built[id(e)] = Node(label)
        elif ready:
            built[id(e)] = Node(label, tuple(built[id(a)] for a in args))
        else:
            stack.append((e, True))
            stack.extend((a, False) for a in args)
    return built[id(expr)]


def tree_of(expr: Any, config: Config) -> Node:
    """The tree of an expression as a config reads it (derivatives as nodes if its dialect says)."""
    return to_tree(expr, derivatives=config.dialect.derivative_nodes)


def _label(e: Any) -> str:
    if isinstance(e, (sympy.Integer, sympy.Float, sympy.Rational)) or _is_number_atom(e):
        return f"number_{e}"
    if isinstance(e, sympy.Symbol):
        return f"symbol_{e}"
    if isinstance(e, (sympy.Add, sympy.Mul, sympy.Pow)):
        return f"operator_{type(e).__name__}"
    if isinstance(e, sympy.Function):
        return f"function_{e.func.__name__}"
    raise UnsupportedError(f"unsupported SymPy type {type(e).__name__}: {_short(e)}")


def _is_number_atom(e: Any) -> bool:
    return any(e == atom for atom in _NUMBER_ATOMS)


def _short(e: Any, limit: int = 80) -> str:
    s = str(e)
    return s if len(s) <= limit else s[: limit - 3] + "..."


def tree_size(node: Node, config: Config | None = None) -> float:
    """Size of a tree under a config's insert costs (the node count with unit costs)."""
    costs = config.insert_cost if config is not None else NodeCosts()
    return subtree_sizes(node, costs)[-1]


def subtree_sizes(node: Node, costs: NodeCosts) -> list[float]:
    """Each node's subtree size, in postorder (the root's is last)."""
    # Own cost first, then the children in order, as the official sum runs, so that totals are
    # bit-identical with non-integer costs.
    sizes: list[float] = []
    at: dict[int, float] = {}
    for n in node:
        total = costs.of(n.kind)
        for c in n.children:
            total += at[id(c)]
        at[id(n)] = total
        sizes.append(total)
    return sizes


def draw(node: Node) -> str:
    """The tree as indented text, one node a line."""
    lines: list[str] = []
    stack: list[tuple[Node, str, bool, bool]] = [(node, "", True, True)]
    while stack:
        n, prefix, last, root = stack.pop()
        if root:
            lines.append(n.label)
            child_prefix = ""
        else:
            lines.append(prefix + ("└─ " if last else "├─ ") + n.label)
            child_prefix = prefix + ("   " if last else "│  ")
        kids = n.children
        for i in range(len(kids) - 1, -1, -1):
            stack.append((kids[i], child_prefix, i == len(kids) - 1, False))
    return "\n".join(lines)

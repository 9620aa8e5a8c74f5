"""Functions defined with their variables: ``g(t) = t^2 + 1`` is ``g(s) = s^2 + 1``.

The variables of a definition are bound: renaming them changes nothing, and a value that does
not use them is a constant function. When both answers define the same function of the same
number of variables under different names, each side's variables are replaced, position by
position, by the same placeholders before the values are compared. Only the variables are
renamed, so ``g(s) = t^2 + 1`` (a constant in ``s``) is not ``g(t) = t^2 + 1``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from ..errors import SimplifyError
from .context import Context
from .side import Side, prepare_expr

__all__ = ["with_bound_variables"]


def _variables(name: Any) -> tuple[sympy.Symbol, ...] | None:
    """The variables of ``g(t, u)``: distinct symbols, or None for another kind of name."""
    if not isinstance(name, AppliedUndef):
        return None
    args: tuple[sympy.Symbol, ...] = tuple(name.args)
    if not all(isinstance(a, sympy.Symbol) for a in args) or len(set(args)) != len(args):
        return None
    return args


def _placeholder(i: int) -> sympy.Symbol:
    # Positive, as the default profile's canonical symbols are; the name cannot be typed.
    return sympy.Symbol(f"\u27e8variable {i + 1}\u27e9", positive=True)


def _bound(side: Side, variables: tuple[sympy.Symbol, ...], ctx: Context) -> Side | None:
    slots = {v.name: _placeholder(i) for i, v in enumerate(variables)}
    free = side.expr.free_symbols
    mapping = {s: slots[s.name] for s in free if getattr(s, "name", None) in slots}
    try:
        bound = prepare_expr(side.latex, side.expr.xreplace(mapping), ctx.config, ctx.budget)
    except SimplifyError:
        return None
    return dataclasses.replace(bound, name=side.name, unit=side.unit)


def with_bound_variables(gt: Side, pred: Side, ctx: Context) -> tuple[Side, Side] | None:
    """Both values with their definitions' variables renamed alike, when both answers define
    the same function under different variable names; None otherwise."""
    g, p = _variables(gt.name), _variables(pred.name)
    if g is None or p is None or g == p or len(g) != len(p):
        return None
    if gt.name.func != pred.name.func:
        return None
    if not (gt.ok and pred.ok) or gt.parts or pred.parts:
        return None
    gb, pb = _bound(gt, g, ctx), _bound(pred, p, ctx)
    return None if gb is None or pb is None else (gb, pb)

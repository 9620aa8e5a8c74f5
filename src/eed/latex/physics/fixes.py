"""Post-parse fixes: what latex2sympy reads one way and a physicist means another.

- Inside a derivative every symbol is a function of the variables of differentiation.
- In the exponent of Euler's number, ``i`` is the imaginary unit.
- ``k_B`` is Boltzmann's ``k`` when the answer has no other ``k``.
- A vector product (``vectors.vector_products``) has one written form: ``b \\times a`` is
  ``-(a \\times b)``, ``b \\cdot a`` is ``a \\cdot b`` and ``a \\cdot a`` is ``a^2``.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from ..convert import UNREADABLE
from .vectors import CROSS, is_vector_product

__all__ = ["fix"]


def fix(expr: sympy.Basic) -> sympy.Basic:
    """Apply every fix, in order, to a parsed reading."""
    return _vector_products(_boltzmann(_imaginary_exponents(_functions_of(expr))))


def _functions_of(expr: sympy.Basic) -> sympy.Basic:
    """Inside a derivative every symbol depends on the variables of differentiation:
    latex2sympy gives derivatives of bare symbols, which SymPy evaluates to 0 (so that
    ``\\partial_\\beta \\ln Z`` and any other such derivative would be equal). Each symbol
    becomes a function of all the variables of its (nested) derivative:
    ``Derivative(log(Z(beta)), beta)``."""
    if isinstance(expr, sympy.Derivative):
        variables = _derivative_variables(expr)
        names = sorted(variables, key=str)
        mapping = {
            s: sympy.Function(s.name)(*names)
            for s in expr.expr.free_symbols
            if isinstance(s, sympy.Symbol) and s not in variables and s != UNREADABLE
        }
        return expr.xreplace(mapping)
    if not expr.args or not isinstance(expr, sympy.Basic):
        return expr
    args = [_functions_of(a) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def _derivative_variables(expr: sympy.Basic) -> set[sympy.Basic]:
    """The variables of a derivative and of every derivative nested in it."""
    out: set[sympy.Basic] = set()
    for d in sympy.preorder_traversal(expr):
        if isinstance(d, sympy.Derivative):
            out.update(d.variables)
    return out


_IMAGINARY = sympy.Symbol("i")


def _imaginary_exponents(expr: sympy.Basic) -> sympy.Basic:
    """In the exponent of Euler's number, ``i`` is the imaginary unit (``e^{i\\pi} = -1``).
    Elsewhere it stays a symbol (an index, a current)."""
    return expr.replace(
        lambda e: isinstance(e, sympy.exp) and _IMAGINARY in e.args[0].free_symbols,
        lambda e: sympy.exp(e.args[0].xreplace({_IMAGINARY: sympy.I})),
    )


_K, _K_B = sympy.Symbol("k"), sympy.Symbol("k_B")


def _boltzmann(expr: sympy.Basic) -> sympy.Basic:
    """Boltzmann's constant is written ``k`` or ``k_B``: an answer that writes ``k_B`` and no
    other ``k`` has it read as ``k``. (One that uses both keeps them apart: ``k_B T / k`` may
    hold a spring constant.)"""
    free = expr.free_symbols
    if _K_B in free and _K not in free:
        return expr.xreplace({_K_B: _K})
    return expr


def _is_product_call(expr: sympy.Basic) -> bool:
    return is_vector_product(expr) and not any(
        s.name == "nabla" for s in expr.free_symbols if isinstance(s, sympy.Symbol)
    )


# How a symbol's name says it is a vector (``vec{v}``, ``hat{x}``): latex2sympy drops
# ``\mathbf``, so a bold vector's name says nothing.
_VECTOR_NAMES = ("vec{", "hat{", "overrightarrow{")


def _is_marked_vector(factor: sympy.Basic) -> bool:
    name = factor.name if isinstance(factor, sympy.Symbol) else ""
    return any(mark in name for mark in _VECTOR_NAMES)


def _scaled_terms(arg: sympy.Basic) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """An operand as a sum of (scalar, vector) terms: numbers always come out, and so do the
    other factors of a term with exactly one factor named as a vector (``m vec{v}``)."""
    terms = []
    for term in sympy.Add.make_args(arg):
        coefficient, rest = term.as_coeff_Mul()
        factors = sympy.Mul.make_args(rest)
        vectors = [f for f in factors if _is_marked_vector(f)]
        if len(vectors) == 1:
            scalars = [f for f in factors if f is not vectors[0]]
            terms.append((coefficient * sympy.Mul(*scalars), vectors[0]))
        else:
            terms.append((coefficient, rest))
    return terms


def _ordered_product(call: sympy.Basic) -> sympy.Basic:
    """The product as a sum of scaled products of single vectors (it is linear in each
    operand), each with its operands in SymPy's sort order: the cross product changes sign
    when they swap, the inner product does not. ``a \\cdot a`` is ``a^2``, as a bare product
    would read. An operand holding ``\\nabla`` is an operator and
    is not touched (``\\nabla \\times E`` is not ``-E \\times \\nabla``)."""
    cross = call.func.__name__ == CROSS
    if not cross and call.args[0] == call.args[1]:
        return call.args[0] ** 2  # ``(a - b) \cdot (a - b)`` is ``|a - b|^2``, unexpanded
    total = sympy.S.Zero
    for scale_a, a in _scaled_terms(call.args[0]):
        for scale_b, b in _scaled_terms(call.args[1]):
            total += scale_a * scale_b * _one_product(call.func, a, b, cross)
    return total


def _one_product(func: Any, a: sympy.Basic, b: sympy.Basic, cross: bool) -> sympy.Basic:
    # ``a \times a`` stays as written: it is 0 only for commuting components, and an
    # operator identity (``\vec L \times \vec L = i\hbar \vec L``) would else read 0 = X.
    if a == b and not cross:
        return a**2
    if sympy.default_sort_key(a) <= sympy.default_sort_key(b):
        return func(a, b)
    return -func(b, a) if cross else func(b, a)


def _vector_products(expr: sympy.Basic) -> sympy.Basic:
    """Each vector product in its one written form (see ``_ordered_product``)."""
    if not any(_is_product_call(c) for c in expr.atoms(AppliedUndef)):
        return expr
    return expr.replace(_is_product_call, _ordered_product)

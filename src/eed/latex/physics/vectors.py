"""Vector products: ``\\times`` and ``\\cdot`` between vectors are not multiplication.

latex2sympy reads both as the ordinary, commutative product, so ``\\vec r \\times \\vec F``,
``\\vec F \\times \\vec r`` (the opposite torque) and ``\\vec r \\cdot \\vec F`` (a scalar)
would all be one answer. Between two operands that are marked as vectors (``\\vec``,
``\\mathbf``, ``\\boldsymbol``, ``\\bm``, ``\\hat``, or a bracket holding one), or after
``\\nabla``, the product becomes a call that keeps its kind and order:
``\\mathrm{cross}(a, b)`` or ``\\mathrm{inner}(a, b)``. The post-parse fixes
(``fixes._vector_products``) then give each call one written form (``b \\times a`` is
``-(a \\times b)``).

- ``vector_products``: the rule.

Scalars written between the product sign and the vector (``\\vec r \\times m \\vec v``) are
factors of the product, moved in front of it. An operand shared by two products
(``\\vec a \\times \\vec b \\times \\vec c``) is ambiguous without brackets and is left as it
was, as is a product whose operands are not both marked (``r \\times F``, ``3 \\times 10^8``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sympy.core.function import AppliedUndef

from ..tokens import (
    COMMA,
    OPENERS,
    Kind,
    Token,
    is_char,
    is_cmd,
    is_comma,
    make_cmd,
    match_group,
    match_group_back,
    next_nonspace,
    prev_nonspace,
    read_argument,
    split_top_level,
    tokenize,
)
from .words import GREEK, command_set

__all__ = ["CROSS", "INNER", "is_vector_product", "vector_products"]

# The names the calls are given; the post-parse fixes know them by these.
CROSS = "cross"
INNER = "inner"

_PRODUCTS = {"\\times": CROSS, "\\cdot": INNER}
_INTEGRALS = command_set("int oint iint iiint oiint intop")
_VECTOR_MARKS = command_set("vec overrightarrow mathbf boldsymbol bm hat")
_NABLA = "\\nabla"
_CALLS = {sign: tokenize(f"\\mathrm{{{name}}}") for sign, name in _PRODUCTS.items()}
_OPEN_CALL = tokenize("\\left(")
_CLOSE_CALL = tokenize("\\right)")


def is_vector_product(expr: Any) -> bool:
    """Whether a parsed expression is a product call this rule made."""
    return (
        isinstance(expr, AppliedUndef)
        and expr.func.__name__ in (CROSS, INNER)
        and len(expr.args) == 2
    )


@dataclass(frozen=True)
class _Unit:
    """A run of tokens that is one factor or one product sign: ``start`` to ``end`` (not
    included), and what it is: ``vector``, ``nabla``, ``scalar``, ``product`` or ``other``."""

    start: int
    end: int
    kind: str


def vector_products(tokens: list[Token]) -> list[Token]:
    """``\\vec a \\times \\vec b`` -> ``\\mathrm{cross}\\left(\\vec a, \\vec b\\right)``, and
    ``\\cdot`` -> ``\\mathrm{inner}``, at every depth (inner groups first), element by element
    (top-level commas). An element with a product of a product (``\\vec a \\cdot (\\vec b
    \\times \\vec c)``, a product inside a fraction that is an operand) is left as it is
    whole: latex2sympy cannot read a call of two arguments inside another, and reading only
    the inner product would set the two readings of one triple product apart. So is an
    element with an integral, whose differential (``d\\vec r``) the rule cannot place."""
    if not any(is_cmd(t, *_PRODUCTS) for t in tokens):
        return tokens
    out: list[Token] = []
    for k, part in enumerate(split_top_level(tokens, is_comma)):
        if k:
            out.append(COMMA)
        out.extend(_element_products(part))
    return out


def _element_products(tokens: list[Token]) -> list[Token]:
    if not any(is_cmd(t, *_PRODUCTS) for t in tokens) or _nested(tokens):
        return tokens
    if any(is_cmd(t, *_INTEGRALS) for t in tokens):
        return tokens  # ``\\int \\vec F \\cdot d\\vec r``: the differential is the integral's
    rewritten = _rewrite(tokens)
    return tokens if _calls_nest(rewritten) else rewritten


def _calls_nest(tokens: Sequence[Token]) -> bool:
    """Whether a product call made by the rule holds another in its arguments."""
    starts = {i: n for i in range(len(tokens)) if (n := _call_at(tokens, i))}
    for i, length in starts.items():
        close = match_group(tokens, i + length)
        if close < 0 or any(i < j < close for j in starts):
            return True
    return False


def _call_at(tokens: Sequence[Token], i: int) -> int:
    """The length of the call's name at i, or 0 when no call starts there."""
    for call in _CALLS.values():
        if list(tokens[i : i + len(call)]) == call:
            return len(call)
    return 0


def _rewrite(tokens: list[Token]) -> list[Token]:
    return _top_level(_inside_groups(tokens))


def _nested(tokens: Sequence[Token]) -> bool:
    """Whether a product sign has a bracket beside it that holds another product sign."""
    for i, tok in enumerate(tokens):
        if not is_cmd(tok, *_PRODUCTS):
            continue
        after = next_nonspace(tokens, i + 1)
        if after < len(tokens) and _opens_bracket(tokens[after]):
            close = match_group(tokens, after)
            if close > 0 and any(is_cmd(t, *_PRODUCTS) for t in tokens[after:close]):
                return True
        before = prev_nonspace(tokens, i - 1)
        if before >= 0 and _closes_bracket(tokens, before):
            opening = _bracket_start(tokens, before)
            if opening >= 0 and any(is_cmd(t, *_PRODUCTS) for t in tokens[opening:before]):
                return True
    return False


def _opens_bracket(tok: Token) -> bool:
    return (tok.text in OPENERS and tok.kind is Kind.BRACKET) or is_cmd(tok, "\\left")


def _closes_bracket(tokens: Sequence[Token], j: int) -> bool:
    return tokens[j].kind is Kind.BRACKET and tokens[j].text in (")", "]")


def _bracket_start(tokens: Sequence[Token], j: int) -> int:
    """Where the bracket group closed at ``j`` opens (at its ``\\left``, if any), or -1."""
    k = prev_nonspace(tokens, j - 1)
    if k >= 0 and is_cmd(tokens[k], "\\right"):
        return match_group_back(tokens, k)
    return match_group_back(tokens, j)


def _inside_groups(tokens: list[Token]) -> list[Token]:
    """The rule applied inside every closed group of the list."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        end = match_group(tokens, i) if tok.text in OPENERS and tok.kind is not Kind.CHAR else -1
        if end < 0:
            out.append(tok)
            i += 1
            continue
        out.append(tok)
        inner = tokens[i + 1 : end]
        out.extend(_rewrite(inner) if any(is_cmd(t, *_PRODUCTS) for t in inner) else inner)
        out.append(tokens[end])
        i = end + 1
    return out


def _top_level(tokens: list[Token]) -> list[Token]:
    units = _units(tokens)
    out: list[Token] = []
    done = 0  # tokens before this index are in ``out``
    k = 0
    while k < len(units):
        found = _product_at(units, k)
        if found is None:
            k += 1
            continue
        left, sign, scalars, right = found
        out.extend(tokens[done : units[left].start])
        for s in scalars:
            out.extend(tokens[units[s].start : units[s].end])
        out.extend(_CALLS[tokens[units[sign].start].text])
        out.extend(_OPEN_CALL)
        out.extend(_arrowed(tokens[units[left].start : units[left].end]))
        out.append(COMMA)
        out.extend(_arrowed(tokens[units[right].start : units[right].end]))
        out.extend(_CLOSE_CALL)
        done = units[right].end
        k = right + 1
    out.extend(tokens[done:])
    return out


_OPERANDS = ("vector", "nabla")
_BOLD = command_set("mathbf boldsymbol bm")
_ARROW = make_cmd("\\vec")


def _arrowed(tokens: Sequence[Token]) -> list[Token]:
    """An operand with its bold vectors written with arrows: the fonts rule drops bold, and
    the post-parse fixes know a vector by its arrow, to take the scalars out of a product
    (``\\mathbf r \\times (m \\mathbf v)``)."""
    return [_ARROW if is_cmd(t, *_BOLD) else t for t in tokens]


def _product_at(units: Sequence[_Unit], k: int) -> tuple[int, int, list[int], int] | None:
    """A vector product whose left operand is unit ``k``: (left, sign, scalars moved out,
    right), or None."""
    left = units[k]
    if left.kind not in _OPERANDS or k + 2 >= len(units):
        return None
    sign = k + 1
    if units[sign].kind != "product":
        return None
    if k > 1 and units[k - 1].kind == "product" and units[k - 2].kind in _OPERANDS:
        return None  # ``a \times b \times c``: which product is first is not written
    right = sign + 1
    scalars: list[int] = []
    while right < len(units) and units[right].kind == "scalar" and left.kind == "vector":
        scalars.append(right)
        right += 1
    if right >= len(units):
        return None
    if units[right].kind != "vector" and not (left.kind == "nabla" and not scalars):
        return None
    if units[right].kind not in ("vector", "scalar"):
        return None
    after = right + 1
    if (
        after + 1 < len(units)
        and units[after].kind == "product"
        and units[after + 1].kind in _OPERANDS
    ):
        return None
    return k, sign, scalars, right


def _units(tokens: Sequence[Token]) -> list[_Unit]:
    """The factors and product signs of a token list, in order (spaces are no unit)."""
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind is Kind.SPACE:
            i += 1
            continue
        unit = _unit_at(tokens, i)
        units.append(unit)
        i = unit.end
    return units


# Decorations over a vector keep it a vector: ``\\dot{\\vec r}``, ``\\tilde{\\mathbf E}``.
_DECORATIONS = command_set("dot ddot dddot tilde widetilde bar overline check breve")
# A differential (``d\\vec r``, ``\\partial``) belongs to an integral or a derivative around the
# product, which the rule does not see: it is never moved out.
_DIFFERENTIALS = frozenset({"d", "\\partial", "\\mathrm", "\\delta"})


def _unit_at(tokens: Sequence[Token], i: int) -> _Unit:
    tok = tokens[i]
    if is_cmd(tok, *_PRODUCTS):
        return _Unit(i, i + 1, "product")
    if is_cmd(tok, _NABLA):
        end, powered = _scripts(tokens, i + 1)
        return _Unit(i, end, "other" if powered else "nabla")
    if is_cmd(tok, *_VECTOR_MARKS, *_DECORATIONS):
        arg = read_argument(tokens, i + 1)
        if arg is None or arg[2]:
            return _Unit(i, i + 1, "other")
        end, powered = _scripts(tokens, arg[1])
        named = any(t.kind is not Kind.NUMBER and t.kind is not Kind.SPACE for t in arg[0])
        marked = is_cmd(tok, *_VECTOR_MARKS) or _holds_mark(arg[0])
        return _Unit(i, end, "vector" if named and marked and not powered else "other")
    if is_cmd(tok, "\\frac"):
        return _fraction_at(tokens, i)
    if _opens_bracket(tok):
        close = match_group(tokens, i)
        if close < 0:
            return _Unit(i, i + 1, "other")
        # ``\right)``: the delimiter after ``\right`` belongs to the group.
        close += 1 if is_cmd(tokens[close], "\\right") else 0
        end, powered = _scripts(tokens, close + 1)
        marked = _holds_mark(tokens[i:close])
        return _Unit(i, end, "vector" if marked and not powered else "other")
    if tok.text in _DIFFERENTIALS or is_cmd(tok, *_DIFFERENTIALS):
        return _Unit(i, i + 1, "other")
    if tok.kind in (Kind.LETTER, Kind.NUMBER) or is_cmd(tok, *GREEK):
        end, _ = _scripts(tokens, i + 1)
        return _Unit(i, end, "scalar")
    return _Unit(i, i + 1, "other")


def _fraction_at(tokens: Sequence[Token], i: int) -> _Unit:
    """``\\frac{\\vec p}{m}`` is a vector, ``\\frac{1}{2}`` a scalar factor."""
    numerator = read_argument(tokens, i + 1)
    denominator = read_argument(tokens, numerator[1]) if numerator and not numerator[2] else None
    if numerator is None or denominator is None or denominator[2]:
        return _Unit(i, i + 1, "other")
    end, powered = _scripts(tokens, denominator[1])
    if powered or _holds_mark(denominator[0]):
        return _Unit(i, end, "other")
    return _Unit(i, end, "vector" if _holds_mark(numerator[0]) else "scalar")


def _holds_mark(tokens: Sequence[Token]) -> bool:
    """Whether the tokens hold a vector mark outside magnitude bars (``m|\\vec v|`` is a
    scalar)."""
    inside = False
    for t in tokens:
        if is_char(t, "|") or is_cmd(t, "\\vert", "\\|", "\\Vert", "\\lvert", "\\rvert"):
            inside = not inside
        elif not inside and is_cmd(t, *_VECTOR_MARKS):
            return True
    return False


# Superscripts that mark a vector rather than raise it to a power: a conjugate, an adjoint.
_CONJUGATES = frozenset({"*", "\\ast", "\\star", "\\dagger", "\\dag"})


def _scripts(tokens: Sequence[Token], j: int) -> tuple[int, bool]:
    """The index after the subscripts, superscripts and primes from ``j``, and whether a
    superscript other than primes or a conjugate's star was among them (``\\vec r^2`` is no
    vector)."""
    powered = False
    while True:
        k = next_nonspace(tokens, j)
        tok = tokens[k] if k < len(tokens) else None
        if tok is not None and tok.kind is Kind.PRIME:
            j = k + 1
            continue
        if not is_char(tok, "_", "^"):
            return j, powered
        arg = read_argument(tokens, k + 1)
        if arg is None:
            return j, powered
        marks = all(
            t.kind in (Kind.PRIME, Kind.SPACE) or t.text in _CONJUGATES or is_cmd(t, "\\prime")
            for t in arg[0]
        )
        if tok is not None and tok.text == "^" and not marks:
            powered = True
        j = arg[1]

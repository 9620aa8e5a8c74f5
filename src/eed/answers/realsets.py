"""Subsets of the real line: an answer read as one set of reals (`RealSet`).

Read, each to a SymPy set over the reals:

- interval notation ``[a, b)``, ``(a, b]``, ``(-\\infty, 1)``: ends that are real numbers, the
  lower below the upper, an infinite end open (``[2, \\infty]`` is not read);
- ``\\mathbb{R}`` (and ``\\R``), ``\\emptyset``;
- a minus sign before interval notation, ``-[0, 1)``: the reflected set ``(-1, 0]``;
- a relation chain in one variable, ``t \\geq 2``, ``1 < k \\leq 5``, ``x \\neq 0``, ``x^2 < 1``,
  solved over the reals with ``sympy.solveset`` (a chain with an ``=`` link, or with two
  symbols, is not a set: it stays a relation);
- membership, ``x \\in (0, 1)``, ``x \\notin [0, 1]``;
- set-builder notation, ``\\{x \\mid 0 < x < 2\\}``, ``\\{x : x > 0\\}``,
  ``\\{x \\in \\mathbb{R} \\mid \\ldots\\}`` (commas in the condition join its parts with "and");
  its variable is bound, so the set has no variable, as interval notation;
- unions and intersections of these: ``\\cup``, ``\\text{or}``, ``\\lor``; ``\\cap``,
  ``\\text{and}``, ``\\land``. All the parts constrain the same variable, or none.

A bare ``(a, b)`` with finite ends is a point as much as an open interval: it is read, marked
``weak``, and the scorer reads it as an interval only against a ground truth that is a set.
Anything else (symbolic ends, ``\\mathbb{Z}``, periodic solutions, two variables) is not read:
the general reading decides.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from ..config import Config
from ..errors import ParseError
from ..latex import physics
from .answer import RealSet
from .relations import element_form
from .sides import parse_single

__all__ = ["read_real_set"]

_W = r"(?![A-Za-z])"
_TEXT_WORD = r"\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{\s*{word}\s*\}"
_OR = re.compile(
    rf"\\cup{_W}|\\lor{_W}|\\vee{_W}|{_TEXT_WORD.replace('{word}', 'or')}|(?<=\s)or(?=\s)"
)
_AND = re.compile(
    rf"\\cap{_W}|\\land{_W}|\\wedge{_W}|{_TEXT_WORD.replace('{word}', 'and')}|(?<=\s)and(?=\s)"
)
_DECOR = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])|\$|\\displaystyle|\\[,;:! ]")
_BOXED = re.compile(r"^\s*\\boxed\s*\{(.*)\}\s*$", re.S)
_REALS = re.compile(r"\\mathbb\s*\{?\s*R\s*\}?|\\Bbb\s*\{?\s*R\s*\}?|\\R|\\mathbf\s*\{\s*R\s*\}|ℝ")
_EMPTY = re.compile(r"\\emptyset|\\varnothing|\\\{\s*\\\}|∅")
_IN = re.compile(rf"\\in{_W}|∈")
_NOTIN = re.compile(rf"\\notin{_W}|\\not\s*\\in{_W}|∉")
_BUILDER_SEP = re.compile(rf"\\mid{_W}|\\vert{_W}|\\colon{_W}|\||:")
_COMMA = re.compile(",")
# Words, units and closing conditions (``\\text{ K}``, ``\\quad (t > 1)``, ``\\text{ if }``):
# the general reading drops them from a relation, so a set read without them could equal a
# set stated in other units or under another condition. Such answers are not read.
_PROSE = re.compile(
    r"\\(?:text\w*|math(?:rm|it|bf|sf|tt)|mbox|operatorname|q?quad|hbox)(?![A-Za-z])"
)
_INEQUALITY = re.compile(r"[<>≤≥≠]|!=|\\(?:[lg][et]|ne|[lg]eq|neq|[lg]eqslant)(?![A-Za-z])")
_RELATION = re.compile(
    r"<=|>=|!=|[<>≤≥≠=]|\\(?:[lg][et]|ne|[lg]eq|neq|[lg]eqslant|approx|simeq|sim|equiv|cong"
    r"|gg|ll|gtrsim|lesssim|propto)(?![A-Za-z])"
)
# Implications and quantifiers: ``x > 0 \\Rightarrow y > 0`` is no set of reals.
_LOGIC = re.compile(
    r"\\(?:[Rr]ightarrow|[Ll]eftarrow|[Ll]eftrightarrow|[Ll]ongrightarrow|implies|impliedby|iff"
    r"|to|mapsto|therefore|because|forall|exists)(?![A-Za-z])|⇒|→|∀|∃"
)
_DOUBLED = re.compile(r"\\\\(?=[A-Za-z])")

# One part read: its set, the variable it constrains, whether it is a weak reading, and whether
# the general reading misreads it.
_Part = tuple[sympy.Set, Any, bool, bool]


def read_real_set(latex: str, config: Config) -> RealSet | None:
    """The subset of the reals an answer describes, or None when it is not read as one."""
    text = _clean(latex)
    if not text or len(text) > 400 or _PROSE.search(_AND.sub(" ", _OR.sub(" ", text))):
        return None
    try:
        part = _union(text, config)
        intervals = None if part is None else _intervals(part[0])
    except Exception:  # SymPy raises many kinds on odd input: not a set
        return None
    if part is None or intervals is None:
        return None
    _, variable, weak, replaces = part
    return RealSet(intervals, variable, weak, replaces)


def _clean(latex: str) -> str:
    text = _DOUBLED.sub(r"\\", latex)  # ``\\le`` written with a doubled backslash
    text = _DECOR.sub(" ", text).strip()
    boxed = _BOXED.match(text)
    return (boxed.group(1) if boxed else text).strip().rstrip(".").strip()


def _depths(text: str) -> list[int]:
    """The bracket depth before each character (any of ``([{`` opens, any of ``)]}`` closes)."""
    out, depth = [], 0
    for c in text:
        out.append(depth)
        depth += c in "([{"
        depth -= c in ")]}"
    return out


def _split(text: str, pattern: re.Pattern[str]) -> list[str] | None:
    """``text`` split at the top-level matches of ``pattern``; None when brackets dip below 0."""
    depths = _depths(text)
    if min(depths, default=0) < 0:
        return None
    pieces, start = [], 0
    for m in pattern.finditer(text):
        if depths[m.start()] == 0:
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def _combine(parts: list[_Part], union: bool) -> _Part | None:
    variables = {v for _, v, _, _ in parts if v is not None}
    if len(variables) > 1:
        return None  # two variables: a region of the plane, or two answers
    sets = [s for s, _, _, _ in parts]
    values = sympy.Union(*sets) if union else sympy.Intersection(*sets)
    variable = next(iter(variables), None)
    return values, variable, False, any(r for _, _, _, r in parts)


def _union(text: str, config: Config, *, commas: bool = False) -> _Part | None:
    pieces = _split(text, _OR)
    if pieces is None or not all(pieces):
        return None
    parts = [_intersection(p, config, commas=commas) for p in pieces]
    if any(p is None for p in parts):
        return None
    read = [p for p in parts if p is not None]
    if len(read) == 1:
        return read[0]
    combined = _combine(read, union=True)
    if combined is None:
        return None
    # ``\\cup`` of interval notation is read by the general reading too; words are not.
    words = any(not m.group(0).startswith("\\cup") for m in _OR.finditer(text))
    values, variable, _, replaces = combined
    return values, variable, False, replaces or words or variable is not None


def _intersection(text: str, config: Config, *, commas: bool) -> _Part | None:
    pieces = _split(text, _AND)
    if pieces is None or not all(pieces):
        return None
    if commas:  # ``\\{x \\mid x > 0, x < 1\\}``: the condition's parts all hold
        split = [_split(p, _COMMA) for p in pieces]
        if any(q is None for q in split):
            return None
        pieces = [q for qs in split if qs is not None for q in qs]
        if not all(pieces):
            return None
    parts = [_piece(p, config) for p in pieces]
    if any(p is None for p in parts):
        return None
    read = [p for p in parts if p is not None]
    if len(read) == 1:
        return read[0]
    combined = _combine(read, union=False)
    if combined is None:
        return None
    values, variable, _, _ = combined
    return values, variable, False, True


def _piece(text: str, config: Config) -> _Part | None:
    """One part: a named set, interval notation, set-builder, membership or a relation."""
    text = text.strip()
    if _REALS.fullmatch(text):
        return sympy.S.Reals, None, False, True
    if _EMPTY.fullmatch(text):
        return sympy.S.EmptySet, None, False, True
    reflected = _interval(text[1:].strip(), config) if text.startswith("-") else None
    if reflected is not None:  # ``-[0, 1)``: the reflected set ``(-1, 0]``
        values = reflected[0]
        assert isinstance(values, sympy.Interval)
        a, b, lo, ro = values.args
        return sympy.Interval(-b, -a, bool(ro), bool(lo)), None, False, True
    interval = _interval(text, config)
    if interval is not None:
        return interval
    builder = _builder(text, config)
    if builder is not None:
        return builder
    for pattern, negate in ((_NOTIN, True), (_IN, False)):
        pieces = _split(text, pattern)
        if pieces is not None and len(pieces) > 1:
            return _membership(pieces, negate, config)
    return _relation(text, config)


def _interval(text: str, config: Config) -> _Part | None:
    """``[a, b)`` and friends, with real-number ends."""
    if len(text) < 5 or text[0] not in "[(" or text[-1] not in "])":
        return None
    inner = text[1:-1]
    if min(_depths(inner + "\0"), default=0) < 0:
        return None
    pieces = _split(inner, _COMMA)
    if pieces is None or len(pieces) != 2:
        return None
    a, b = (parse_single(p, config) for p in pieces)
    if a is None or b is None or not (_real_end(a) and _real_end(b)):
        return None
    lo, ro = text[0] == "(", text[-1] == ")"
    if (a.is_infinite and not lo) or (b.is_infinite and not ro):
        return None  # ``[2, \\infty]``: an infinite end is open
    if a == sympy.oo or b == -sympy.oo or (b - a).is_extended_positive is not True:
        return None  # ``(2, 1)`` would be empty, ``[1, 1]`` a point: not interval notation
    weak = lo and ro and a.is_finite and b.is_finite
    return sympy.Interval(a, b, lo, ro), None, bool(weak), False


def _real_end(e: Any) -> bool:
    if not isinstance(e, sympy.Expr) or e.free_symbols:
        return False
    return e in (sympy.oo, -sympy.oo) or (e.is_real is True and e.is_finite is True)


def _builder(text: str, config: Config) -> _Part | None:
    """``\\{x \\mid cond\\}``, ``\\{x : cond\\}``, ``\\{x \\in \\mathbb{R} \\mid cond\\}``."""
    for opener, closer in (("\\{", "\\}"), ("\\lbrace", "\\rbrace")):
        if text.startswith(opener) and text.endswith(closer):
            inner = text[len(opener) : -len(closer)].strip()
            break
    else:
        return None
    depths = _depths(inner)
    sep = next((m for m in _BUILDER_SEP.finditer(inner) if depths[m.start()] == 0), None)
    if sep is None:
        return None
    head, cond = inner[: sep.start()].strip(), inner[sep.end() :].strip()
    head_parts = _split(head, _IN)
    if head_parts is None or len(head_parts) > 2:
        return None
    if len(head_parts) == 2 and not _REALS.fullmatch(head_parts[1]):
        return None  # ``\\{n \\in \\mathbb{Z} \\mid ...\\}``: not a set of reals we read
    variable = parse_single(head_parts[0], config)
    if not isinstance(variable, sympy.Symbol) or not cond:
        return None
    read = _union(cond, config, commas=True)
    if read is None or read[1] != variable:
        return None
    # The builder's variable is bound: ``\\{x \\mid x > 0\\}`` is ``\\{y \\mid y > 0\\}``, a set.
    return read[0], None, False, True


def _membership(pieces: list[str], negate: bool, config: Config) -> _Part | None:
    """``x \\in S`` (``x \\notin S``): the set ``S`` (its complement), constraining ``x``."""
    if len(pieces) != 2:
        return None
    variable = parse_single(pieces[0], config)
    if not isinstance(variable, sympy.Symbol):
        return None
    read = _union(pieces[1], config)
    if read is None or read[1] is not None:
        return None
    values = sympy.Complement(sympy.S.Reals, read[0]) if negate else read[0]
    return values, variable, False, True


_SOLVABLE = {">": sympy.StrictGreaterThan, ">=": sympy.GreaterThan, "!=": sympy.Ne}


def _relation(text: str, config: Config) -> _Part | None:
    """A relation chain of inequalities in one variable, solved over the reals."""
    if not _INEQUALITY.search(text) or _LOGIC.search(text):
        return None
    try:
        elements = physics.elements(text)
    except (ParseError, ValueError, TypeError, RecursionError):
        return None
    if len(elements) != 1 or len(_RELATION.findall(text)) != len(elements[0].relations):
        return None  # the reading keeps the last chain of relations: none may be dropped
    if any(unit is not None for unit in elements[0].units):
        return None  # ``T < 10^6\\,\\mathrm{K}``: a bound with a unit (see `_PROSE`)
    name, _, statement = element_form(elements[0], config)
    if statement is None or name is not None:
        return None
    if any(op not in _SOLVABLE for op in statement.ops):
        return None  # an ``=`` link, ``\\gg``: a relation, not a set
    exprs = _value_of_function(tuple(sympy.sympify(e) for e in statement.exprs))
    symbols = set().union(*(e.free_symbols for e in exprs))
    if len(symbols) != 1:
        return None
    statement = dataclasses.replace(statement, exprs=exprs)
    (variable,) = symbols
    if not isinstance(variable, sympy.Symbol):
        return None
    if not all(_monotone(e, variable) for e in statement.exprs):
        return None
    sets = [
        sympy.solveset(_SOLVABLE[op](expr, 0), variable, sympy.S.Reals)
        for expr, op in zip(statement.exprs, statement.ops, strict=True)
    ]
    return sympy.Intersection(*sets), variable, False, False


def _value_of_function(exprs: tuple[Any, ...]) -> tuple[Any, ...]:
    """``0 < f(x) < 1`` bounds the values of ``f(x)``: when one application of an unknown
    function holds every symbol of the chain, it is the chain's variable (a symbol named
    ``f(x)``); else the expressions as they are."""
    applied = set().union(*(e.atoms(AppliedUndef) for e in exprs))
    if len(applied) != 1:
        return exprs
    (call,) = applied
    stand_in = sympy.Symbol(str(call))
    replaced = tuple(e.xreplace({call: stand_in}) for e in exprs)
    if set().union(*(e.free_symbols for e in replaced)) != {stand_in}:
        return exprs
    return replaced


# Functions whose inequalities solveset solves over the whole line. A periodic function's are
# solved over one period only (``\\sin x > 0`` gives ``(0, \\pi)``), so they are not read.
_SOLVED_WHOLE = (sympy.Abs, sympy.exp, sympy.log)


def _monotone(expr: Any, variable: sympy.Symbol) -> bool:
    """Built from arithmetic, powers, ``|.|``, exp and log (no periodic or special function),
    and small: ``solveset`` runs inside the parse budget of an answer that the general reading
    reads anyway, so it is given only what it solves at once: no polynomial part of degree
    above 2, at most 30 operations)."""
    if sympy.count_ops(expr) > 30:
        return False
    if not all(isinstance(f, _SOLVED_WHOLE) for f in expr.atoms(sympy.Function)):
        return False
    if expr.has(sympy.Piecewise, sympy.Derivative, sympy.Integral):
        return False
    return not any(
        node.has(variable) and node.is_polynomial(variable) and sympy.degree(node, variable) > 2
        for node in sympy.preorder_traversal(sympy.together(expr))
        if isinstance(node, (sympy.Add, sympy.Pow, sympy.Mul))
    )


def _intervals(values: sympy.Set) -> tuple[tuple[Any, Any, bool, bool], ...] | None:
    """Disjoint sorted intervals with real-number ends, or None for any other set."""
    if values is sympy.S.EmptySet:
        return ()
    items = values.args if isinstance(values, sympy.Union) else (values,)
    out: list[tuple[Any, Any, bool, bool]] = []
    for item in items:
        if isinstance(item, sympy.Interval):
            a, b = item.start, item.end
            if not (_real_end(a) and _real_end(b)):
                return None
            out.append((a, b, bool(item.left_open), bool(item.right_open)))
        elif isinstance(item, sympy.FiniteSet):
            for point in item.args:
                if not _real_end(point) or point.is_infinite:
                    return None
                out.append((point, point, False, False))
        else:
            return None  # ImageSet, ConditionSet, Integers...
    try:
        out.sort(key=lambda t: (float(t[0]), float(t[1])))
    except TypeError:
        return None
    return tuple(out)

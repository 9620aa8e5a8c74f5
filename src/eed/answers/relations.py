"""What one element states, and where an answer holds.

An element (``v = 3``, ``a + 3z = 0``, ``x > 0``, ``5``) defines a name, states a relation, or
gives a value (`element_form`). Its left side is a *name* when it is a symbol, a function of
symbols or a product of them (`is_name`). The conditions of an answer (``\\quad (r > R)``, the
conditions of a ``cases`` environment) are statements too (`condition`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

import sympy
from sympy.core.function import AppliedUndef

from ..config import Config
from ..errors import ParseError
from ..latex import physics
from .answer import RealSet, RelationOp, Statement
from .brackets import depth_dips
from .names import is_unread, unread_name
from .sides import parse_single

__all__ = ["condition", "element_form", "is_name", "worded_relations"]

_RELATION_OPS: dict[str, tuple[RelationOp, bool]] = {
    **dict.fromkeys(physics.EQUALITY_RELATIONS, ("=", False)),
    **dict.fromkeys(("\\neq", "\\ne"), ("!=", False)),
    **dict.fromkeys((">", "\\gt"), (">", False)),
    **dict.fromkeys(("\\ge", "\\geq", "\\geqslant"), (">=", False)),
    **dict.fromkeys(("<", "\\lt"), (">", True)),
    **dict.fromkeys(("\\le", "\\leq", "\\leqslant"), (">=", True)),
    "\\gg": (">>", False),
    "\\ll": (">>", True),
    "\\gtrsim": (">~", False),
    "\\lesssim": (">~", True),
}

# A parenthesised inequality closing an answer, after a separator: ``E = ... \\quad (r > R)``.
_CONDITION = re.compile(
    r"(?:\\q?quad|[,;~]|\\[,;:! ]|\s)+(?:\\left\s*)?\(([^()]*)(?:\\right\s*)?\)[\s.$]*$"
)


# The words that open a closing condition inside its parentheses (``\\text{at }``).
_OPENING_TEXT = re.compile(r"\s*\\text\{([^{}]*)\}\s*")
_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)
_TEXT_WORDS = re.compile(r"\\text\{[^{}]*\}|\\q?quad")
# A ``cases`` row that holds wherever the others do not.
_OTHERWISE = re.compile(r"\\text\{\s*(?:otherwise|else|elsewhere)\s*[.,;]?\s*\}", re.I)


def condition(
    latex: str, config: Config, read_set: Callable[[str, Config], RealSet | None] | None = None
) -> Statement | None:
    """The conditions under which an answer holds (``\\quad (r > r_3)``, the relations after a
    condition in words, and the conditions of a ``cases`` environment), which the reading drops
    from the value: two answers stated under different conditions are different answers. None
    when there are none, or when a closing or ``cases`` condition cannot be read; a relation
    after words that cannot be read is left out (the words around it may be anything).
    ``read_set`` reads a membership (``x \\in (0, 1)``) as a set of reals, which states the
    same links as ``0 < x < 1``."""
    worded = physics.condition_math(_CASES.sub(" ", latex))
    found = _condition_texts(latex, worded)
    negated_either = [math.either for math in worded if math.negated]
    mixed = len(negated_either) != len(worded)
    exprs: list[Any] = []
    ops: list[RelationOp] = []
    sets = False
    negated_links = 0
    for item in found:
        if not item.text.strip():
            continue
        statement = _read_condition(item, found, config, read_set, mixed)
        if statement is None:
            if item.strict:
                return None
            continue
        exprs.extend(statement.exprs)
        ops.extend(statement.ops)
        sets = sets or item.sets or item.negated or _is_unread(statement)
        negated_links += len(statement.ops) if item.negated else 0
    # Equalities alone are definitions (``\\quad (c = 3 \\times 10^8)``), unless words set
    # them as a condition (``\\text{at } t = 0``).
    if not ops or not (set(ops) - {"="} or sets):
        return None
    if not _CASES.search(latex):
        # Conditions are compared link by link in order, as a ``cases`` row's belong to its
        # row; other conditions have no order (``for $y < 1$ and $t > 0$``), so they are put
        # in one.
        links = sorted(
            zip(exprs, ops, strict=True),
            key=lambda link: (sympy.default_sort_key(link[0]), link[1]),
        )
        exprs, ops = [e for e, _ in links], [op for _, op in links]
    either = any(math.either for math in worded if not math.negated)
    if negated_either and not mixed:
        # Negation turns "or" into "and" and the other way round: ``unless n = 1 or n = 2`` is
        # ``n \\neq 1`` and ``n \\neq 2``; ``unless -a < x < a`` is ``x \\leq -a`` or
        # ``x \\geq a``.
        either = not any(negated_either) and negated_links > 1
    return Statement(tuple(exprs), tuple(ops), either=either)


class _Found(NamedTuple):
    """A condition's text as found: whether it must be read (a closing condition, a ``cases``
    row), whether an equality in it sets a condition, whether ``unless`` negates it."""

    text: str
    strict: bool
    sets: bool
    negated: bool = False


def _condition_texts(latex: str, worded: list[physics.ConditionMath]) -> list[_Found]:
    """The texts of an answer's conditions: closing, in words, and of ``cases`` rows."""
    found = []
    closing = _CONDITION.search(latex)
    if closing is not None and latex[: closing.start()].rstrip().endswith(physics.MEMBERSHIP):
        closing = None  # ``x \\in (0, 1)``: the interval of a membership, read below
    if closing is not None:
        # ``\\quad (\\text{at } t = 1)``: words that set the condition, inside its parentheses.
        text = closing.group(1)
        opening = _OPENING_TEXT.match(text)
        words = opening.group(1) if opening is not None else ""
        sets, negated = physics.sets_condition(words), physics.negates_condition(words)
        if opening is not None and (sets or negated):
            text = text[opening.end() :]
        found.append(_Found(text, True, sets, negated))
    # ``\\text{ where } \\Delta T > 0``; a ``cases`` row's conditions are read below.
    found.extend(_Found(math.text, False, math.sets, math.negated) for math in worded)
    for body in _CASES.findall(latex):
        found.extend(_Found(text, True, True) for text in _row_conditions(body))
    return found


def _read_condition(
    item: _Found,
    found: list[_Found],
    config: Config,
    read_set: Callable[[str, Config], RealSet | None] | None,
    mixed: bool,
) -> Statement | None:
    """What one condition's text states, negated after ``unless``; a condition that is plainly
    one but cannot be read (``unless x \\gg 1``, a row's ``x \\in (0, 1) \\cup (2, 3)``) is kept
    as its text, so that only the same text matches it."""
    statement = _row_complement(item.text, found, config) or _statement_of(
        item.text, config, item.sets
    )
    if statement is None and read_set is not None:
        statement = _membership(read_set(item.text, config))
    if statement is not None and item.negated:
        statement = _negation(statement, mixed=mixed)
    if statement is None and (item.negated or (item.strict and physics.writes_relation(item.text))):
        prefix = "unless " if item.negated else ""
        statement = Statement((unread_name(prefix + item.text),), ("=",))
    return statement


def _is_unread(statement: Statement) -> bool:
    return any(is_unread(e) for e in statement.exprs)


def _row_conditions(body: str) -> list[str]:
    """The condition of each row of a ``cases`` environment that has one, its words and
    closing punctuation dropped; ``\\text{otherwise}`` is kept as ``otherwise``."""
    out = []
    for row in body.split("\\\\"):
        if "&" not in row:
            continue
        text = row.split("&", 1)[1]
        if _OTHERWISE.search(text):
            out.append(_OTHERWISE_ROW)
            continue
        text = _TEXT_WORDS.sub(" ", text).strip().rstrip(",;.").strip()
        if text.startswith("(") and text.endswith(")") and not depth_dips(text[1:-1]):
            text = text[1:-1]  # ``(x > 0)``, not the interval's bracket in ``x \\in (0, 1)``
        out.append(text)
    return out


_OTHERWISE_ROW = "otherwise"


def _row_complement(text: str, found: list[_Found], config: Config) -> Statement | None:
    """An ``otherwise`` row's condition: the negation of the one other row's single link
    (``1 & x = 0 \\\\ 0 & \\text{otherwise}`` is ``x \\neq 0``); with more rows, the word
    itself (only another ``otherwise`` matches it)."""
    if text != _OTHERWISE_ROW:
        return None
    others = [f.text for f in found if f.strict and f.text != _OTHERWISE_ROW and f.text.strip()]
    if len(others) == 1:
        other = _statement_of(others[0], config, True)
        if other is not None and len(other.ops) == 1:
            negated = _negation(other)
            if negated is not None:
                return negated
    return Statement((unread_name(_OTHERWISE_ROW),), ("=",))


def _negation(statement: Statement, mixed: bool = False) -> Statement | None:
    """What ``unless`` states of its links, each negated: ``x = 1`` becomes ``x \\neq 1``,
    ``e > 0`` becomes ``-e \\geq 0`` (a chain's links become alternatives: see `condition`).
    None for a link with no negation here (``\\gg``, a limit), or for a chain among other,
    unnegated conditions (``mixed``), whose alternatives would mix with them."""
    if mixed and len(statement.ops) > 1:
        return None
    turned: dict[RelationOp, RelationOp] = {"=": "!=", "!=": "=", ">": ">=", ">=": ">"}
    exprs: list[Any] = []
    ops: list[RelationOp] = []
    for expr, op in zip(statement.exprs, statement.ops, strict=True):
        if op not in turned:
            return None
        exprs.append(expr if op in ("=", "!=") else -expr)
        ops.append(turned[op])
    return Statement(tuple(exprs), tuple(ops))


def _membership(reals: RealSet | None) -> Statement | None:
    """A variable's membership in one interval as the links of the chain it states:
    ``x \\in (0, 1]`` is ``x > 0`` and ``1 - x \\geq 0``, as ``0 < x \\leq 1`` is read."""
    if reals is None or reals.variable is None or len(reals.intervals) != 1:
        return None
    start, end, left_open, right_open = reals.intervals[0]
    links: list[tuple[Any, RelationOp] | None] = [
        (reals.variable - start, ">" if left_open else ">=") if start.is_finite else None,
        (end - reals.variable, ">" if right_open else ">=") if end.is_finite else None,
    ]
    stated = [link for link in links if link is not None]
    if not stated:
        return None
    return Statement(tuple(e for e, _ in stated), tuple(op for _, op in stated))


def _statement_of(text: str, config: Config, sets: bool = False) -> Statement | None:
    """What a condition's text states; a name's value (``t = 0``) only when its words set a
    condition (``sets``: ``at t = 0``)."""
    try:
        elements = physics.elements(text)
    except (ParseError, ValueError, TypeError, RecursionError):
        return None
    if len(elements) != 1:
        return None
    _, equation, statement = element_form(elements[0], config)
    if statement is None and sets and equation is not None:
        return Statement((equation,), ("=",))
    return statement if statement is not None else _limit(elements[0], config)


_LIMIT_ARROWS = frozenset(("\\to", "\\rightarrow", "\\longrightarrow"))


def _limit(element: physics.Element, config: Config) -> Statement | None:
    """A variable's limit (``r \\to \\infty``, ``x \\to 0``) as one link ``e -> 0``: ``x - a``
    for a finite point, ``1/x`` for ``+\\infty`` and ``-1/x`` for ``-\\infty``, so that two
    limits at different points never match, and a limit is no value (``x = 0``)."""
    if len(element.relations) != 1 or element.relations[0] not in _LIMIT_ARROWS:
        return None
    side = _ONE_SIDED.search(element.sides[1])
    point_text = element.sides[1][: side.start()] if side is not None else element.sides[1]
    variable, point = parse_single(element.sides[0], config), parse_single(point_text, config)
    if not isinstance(variable, sympy.Expr) or not variable.free_symbols:
        return None  # ``v/c \\to 0`` is a limit of v/c; a constant tends nowhere
    if not isinstance(point, sympy.Basic):
        return None
    if point.has(sympy.zoo, sympy.nan):
        return None
    if point in (sympy.oo, -sympy.oo):
        return Statement((sympy.sign(point) / variable,), ("->",))
    if point.has(sympy.oo, -sympy.oo):
        return None
    if side is None:
        return Statement((variable - point,), ("->",))
    # ``x \to 0^+``: from one side, the link ``x > 0`` (or ``x < 0``) beside the limit.
    above = variable - point if side.group(1) == "+" else point - variable
    return Statement((variable - point, above), ("->", ">"))


# A one-sided limit's point: ``0^+``, ``a^{-}``.
_ONE_SIDED = re.compile(r"\^\s*\{?\s*([+-])\s*\}?\s*$")


def element_form(
    element: physics.Element, config: Config
) -> tuple[Any | None, Any | None, Statement | None]:
    """What one element states: (the name it defines, its lhs - rhs, the relation that is the
    answer). ``v = 3`` defines ``v``; ``a + 3z = 0`` and ``x > 0`` state relations; ``5``
    states a value only."""
    if len(element.sides) < 2 or not element.relations or element.chosen == 0:
        return None, None, None
    ops = [_RELATION_OPS.get(r) for r in element.relations]
    if not element.sides[0].strip() and ops[0] != ("=", False):
        # ``> 3``, ``\\neq 3``, ``\\propto 3``: a bound or a claim about no stated quantity,
        # which is not the value 3.
        raise ParseError(
            element.sides[-1], f"a relation ({element.relations[0]}) with nothing on its left"
        )
    parsed = [parse_single(text, config) for text in element.sides]
    if any(op is None for op in ops) or len(ops) != len(element.sides) - 1:
        # \propto, \to...: the chosen side is the value; a name before it still names it.
        first = parsed[0]
        return (first if first is not None and is_name(first) else None), None, None
    sides = [side for side in parsed if side is not None]
    equalities = all(op == ("=", False) for op in ops)
    if parsed[0] is None and ops[0] == ("=", False) and None not in parsed[1:]:
        # A left side we cannot read (``(\\partial C_v/\\partial V)_T``) still names what
        # the value is of: it is kept as its text, so that two different ones never match.
        if len(parsed) == 2 or equalities:
            return unread_name(element.sides[0]), None, None
        sides = [unread_name(element.sides[0]), *sides]
    if len(sides) != len(parsed):
        if len(parsed) == 2 and equalities and parsed[0] is not None and is_name(parsed[0]):
            # ``P = (1, 2)``: a name whose value is no single expression (a point, a set) still
            # names it, so that ``P = (3, 4), Q = (1, 2)`` does not answer it swapped.
            return parsed[0], None, None
        return None, None, None
    lhs = sides[0]
    computation = not _NUMBER_TEXT.fullmatch(element.sides[0].strip())
    if equalities and computation and _agree(sides):
        return None, None, None  # ``4800/2 = 2400``: a computation, whose result is the value
    if equalities and (is_name(lhs) or _is_function_text(element.sides[0], config)):
        equation = sympy.Add(lhs, -sides[1]) if len(sides) == 2 else None
        return lhs, equation, None
    if equalities and len(sides) > 2:
        return None, None, None  # a chain of values: its sides are alternatives
    name = None
    if len(sides) > 2 and ops[0] == ("=", False) and (is_name(lhs) or is_unread(lhs)):
        # ``\\Delta S = C_p(...) > 0``: the name labels the value; the rest is the statement.
        name, ops, sides = lhs, ops[1:], sides[1:]
    exprs: list[Any] = []
    kinds: list[RelationOp] = []
    for link, left, right in zip(ops, sides, sides[1:], strict=False):
        assert link is not None
        op, turned = link
        exprs.append(sympy.Add(right, -left) if turned else sympy.Add(left, -right))
        kinds.append(op)
    return name, None, Statement(tuple(exprs), tuple(kinds))


# How a relation reads left to right, its synonyms (``\\ge``, ``\\geq``) folded.
_WRITTEN = {">": ">", ">=": ">=", ">>": ">>", ">~": ">~", "!=": "!="}
_TURNED = {">": "<", ">=": "<=", ">>": "<<", ">~": "<~", "!=": "!="}


def worded_relations(element: physics.Element) -> tuple[str, ...]:
    """The links of an element's chain that relate it to words the reading dropped
    (``E_{so} > \\text{Lamb shift}``), each as ``_>x``-like text: its relation, with ``_``
    for the side in words and ``x`` for math. The value is read without them, so two answers
    whose such links differ (``>`` against ``\\geq``) must not be equal. Equalities are not
    counted: a value equal to words is a value named."""
    out = []
    for rel, left, right in zip(element.relations, element.sides, element.sides[1:], strict=False):
        known = _RELATION_OPS.get(rel)
        if (left.strip() and right.strip()) or known is None or known[0] == "=":
            continue  # an equality with nothing on a side says "is about" (``\\sim 10^9``)
        written = (_TURNED if known[1] else _WRITTEN)[known[0]]
        out.append(f"{'x' if left.strip() else '_'}{written}{'x' if right.strip() else '_'}")
    return tuple(out)


def _agree(sides: list[Any]) -> bool:
    """Numbers that agree to 0.5% (a computation and its rounded result)."""
    try:
        values = [complex(side.evalf(20)) for side in sides if not side.free_symbols]
    except (TypeError, ValueError):
        return False
    if len(values) != len(sides) or not values:
        return False
    scale = max(abs(v) for v in values)
    return all(abs(v - values[-1]) <= 0.005 * scale for v in values)


_NUMBER_TEXT = re.compile(r"[-+]?\d+(?:\.\d*)?")


_CALL = re.compile(r"(.+?)\s*(?:\\left\s*)?\(([^()]*)(?:\\right\s*)?\)\s*")


def _is_function_text(text: str, config: Config) -> bool:
    """``E(t)``, ``\\mathbf{B}(x, t)``: a name applied to variables, which latex2sympy reads as
    a product unless the letter is f, g or h."""
    match = _CALL.fullmatch(text.strip())
    if match is None:
        return False
    head = parse_single(match.group(1), config)
    args = [parse_single(a, config) for a in match.group(2).split(",")]
    return isinstance(head, sympy.Symbol) and all(isinstance(a, sympy.Symbol) for a in args)


def is_name(expr: Any) -> bool:
    """A quantity's name: ``v``, ``v_0``, ``T(t)``, ``\\Delta E``, ``dv/dt``, ``|AB|``.

    Sums and anything with a number are not names: ``a + 3z = 0``, ``y + 1 = ...`` and
    ``x + y = 1`` state relations."""
    if isinstance(expr, sympy.Symbol):
        return True
    if isinstance(expr, sympy.Abs):
        return _is_monomial(expr.args[0])  # |AB|, a length
    if physics.is_vector_product(expr):
        return False  # ``\\nabla \\times E``: an operation, not a quantity's name
    if isinstance(expr, (AppliedUndef, sympy.Function)):
        return all(isinstance(a, (sympy.Symbol, sympy.Number)) for a in expr.args)
    if isinstance(expr, sympy.Derivative):
        return True  # the rate of change of a quantity is a quantity: dv/dt, d<x>/dt
    # ``\\Delta E``, ``AB`` (a segment), ``NO/BO`` and ``V_1 : V_2`` (ratios): products and
    # quotients of names, with no number and no sum, name one quantity.
    return _is_monomial(expr)


def _is_monomial(expr: Any) -> bool:
    """A product or quotient of symbols, each to the power 1 or -1, with no number."""
    if isinstance(expr, sympy.Symbol):
        return True
    if isinstance(expr, sympy.Mul):
        return all(_is_monomial(a) for a in expr.args)
    if isinstance(expr, sympy.Pow):
        return expr.exp in (1, -1) and _is_monomial(expr.base)
    return False

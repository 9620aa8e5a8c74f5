"""Answer forms: what kind of answer a LaTeX string is, and its parts as SymPy expressions.

The ``phybench`` dialect knows one form, a single expression. The ``physics`` dialect reads:

- ``expression``: one expression (a relation's chosen side, see `eed.latex.physics`);
- ``tuple``: top-level elements in order, ``(a, b)``, ``a; b``, ``x = 1 \\quad y = 2``;
- ``set``: ``\\pm``/``\\mp`` branches (``a \\pm b`` is the set ``{a + b, a - b}``);
- ``interval``: two elements between brackets of which at least one is square, ``[a, b)``.

An answer written as an equation also keeps ``lhs - rhs``, so that an equation whose both sides
matter (``x^2 + y^2 = R^2``) can be compared as one (see `eed.scoring`). Its left side counts as
a *name* when it is a symbol or a function of symbols (``v``, ``v_0``, ``T(t)``): then only the
right side is the answer.

Each element also keeps what the scorer needs to read it as a physicist would:

- ``names``: the name its equation defines (``B_z`` in ``B_z = q\\beta\\gamma y/\\chi``), so that
  a prediction listing several quantities is compared quantity by quantity;
- ``units``: the unit written after its number (``\\text{MeV}``), for unit conversion;
- ``alternatives`` (single expressions): the other sides of an equality chain, which state the
  same value (``145`` in ``E = m c^2 (1 + x) = 145\\,\\text{MeV}``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.core.function import AppliedUndef

from .config import Config
from .errors import ParseError
from .latex import parse_latex, physics

__all__ = [
    "Answer",
    "AnswerKind",
    "Option",
    "RelationOp",
    "Statement",
    "option",
    "prose",
    "read_answer",
    "unread_name",
]

AnswerKind = Literal["expression", "tuple", "set", "interval"]

# A stated relation reads ``expr OP 0`` with OP one of these; ``<``-type relations are turned
# round (``a < b`` is ``b - a > 0``) so that one statement has one form whichever way it is
# written. ``>>`` and ``>~`` (``\\gg``, ``\\gtrsim``) are kept apart from ``>``: "much greater"
# is not "greater".
RelationOp = Literal["=", "!=", ">", ">=", ">>", ">~"]

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

# Outer decorations that do not belong to an interval's brackets.
_DECOR = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])|\$|\\displaystyle|\s")
_BOXED = re.compile(r"^\\boxed\{(.*)\}$", re.S)
MAX_PARTS = 12
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class Statement:
    """A relation that is itself the answer: ``expr OP 0`` for each link of its chain.

    ``a + 3z = 0`` is ``(a + 3z, "=")``; ``0 < x < 2`` is ``(x, ">"), (2 - x, ">")``.
    """

    exprs: tuple[Any, ...]
    ops: tuple[RelationOp, ...]


@dataclass(frozen=True)
class Answer:
    """An answer's form and parts."""

    kind: AnswerKind
    parts: tuple[Any, ...]
    brackets: str | None = None  # the outer brackets as written: "[)", "()", "{}"; None if bare
    names: tuple[Any | None, ...] = ()  # per part, or empty when unknown
    units: tuple[str | None, ...] = ()  # per part, or empty when unknown
    # Per part (or empty): lhs - rhs of a part written ``name = value``, kept for comparing it
    # with an answer that is an equation.
    equations: tuple[Any | None, ...] = ()
    # Per part (or empty): the relation the part states, when the relation is the answer.
    statements: tuple[Statement | None, ...] = ()
    alternatives: tuple[tuple[Any, str | None], ...] = ()  # (expression, unit)
    prose: str | None = None  # the claims it makes in words (see `prose`)
    condition: Statement | None = None  # where it holds: ``\\quad (r > R)``


def read_answer(latex: str, config: Config) -> Answer:
    """Read an answer in the config's dialect. Raises ParseError."""
    if not config.dialect.reads_forms:
        return Answer("expression", (parse_latex(latex, config),))
    return dataclasses.replace(
        _read_physics(latex, config), prose=prose(latex), condition=_condition(latex, config)
    )


# A parenthesised inequality closing an answer, after a separator: ``E = ... \\quad (r > R)``.
_CONDITION = re.compile(
    r"(?:\\q?quad|[,;~]|\\[,;:! ]|\s)+(?:\\left\s*)?\(([^()]*)(?:\\right\s*)?\)[\s.$]*$"
)


_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)
_TEXT_WORDS = re.compile(r"\\text\{[^{}]*\}|\\q?quad|[,;.]")


def _condition(latex: str, config: Config) -> Statement | None:
    """The conditions under which an answer holds (``\\quad (r > r_3)``, and the conditions
    of a ``cases`` environment), which the reading drops from the value: two answers stated
    under different conditions are different answers. None when there are none, or when one
    cannot be read."""
    texts = [m.group(1) for m in [_CONDITION.search(latex)] if m is not None]
    for body in _CASES.findall(latex):
        for row in body.split("\\\\"):
            if "&" in row:
                texts.append(_TEXT_WORDS.sub(" ", row.split("&", 1)[1]).strip().strip("()"))
    exprs: list[Any] = []
    ops: list[RelationOp] = []
    for text in (t for t in texts if t.strip()):
        statement = _statement_of(text, config)
        if statement is None:
            return None
        exprs.extend(statement.exprs)
        ops.extend(statement.ops)
    return Statement(tuple(exprs), tuple(ops)) if ops and set(ops) - {"="} else None


def _statement_of(text: str, config: Config) -> Statement | None:
    try:
        elements = physics.elements(text)
    except (ParseError, ValueError, TypeError, RecursionError):
        return None
    if len(elements) != 1:
        return None
    _, _, statement = _form(elements[0], config)
    return statement


# A text command's content; prose is a sentence of at least three words in one of them.
_TEXT_GROUP = re.compile(r"\\(?:text|textbf|textit|textrm|textsf|mathrm|mbox)\s*\{([^{}]*)\}")
_PROSE_WORDS = 3


def prose(latex: str) -> str | None:
    """The sentences an answer writes in text commands (``\\text{violates lepton number}``),
    normalised (lower case, letters and digits), or None when it writes none. Units, labels and
    short words (``\\text{ m/s}``, ``\\text{(a)}``, ``\\text{ if }``) are not prose."""
    found = []
    for match in _TEXT_GROUP.finditer(latex):
        raw = match.group(1).strip()
        words = re.findall(r"[A-Za-z]+", re.sub(r"\\[A-Za-z]+", " ", raw))
        if len(words) >= _PROSE_WORDS and not physics.is_unit_text(raw):
            found.append(" ".join(w.lower() for w in re.findall(r"[A-Za-z0-9]+", raw)))
    return " / ".join(found) or None


def _read_physics(latex: str, config: Config) -> Answer:
    interval = _read_interval(latex, config)
    if interval is not None:
        return interval
    readings = physics.parse(latex, config)
    if len(readings) > 1:
        parts: list[Any] = []
        for r in readings:
            parts.extend(r.args if isinstance(r, sympy.Tuple) else [r])
        answer = _checked(Answer("set", tuple(parts)), latex)
        elements = physics.elements(latex)
        if len(elements) == 1 and not isinstance(readings[0], sympy.Tuple):
            # ``\frac{dr}{d\theta} = \pm\sqrt{..}``: both branches are values of one name.
            answer = dataclasses.replace(
                answer, names=(_pm_name(elements[0], config),) * len(parts)
            )
        return answer
    (reading,) = readings
    elements = physics.elements(latex)
    if isinstance(reading, sympy.Tuple):
        brackets = _outer_brackets(latex)
        kind: AnswerKind = "set" if brackets == "{}" else "tuple"
        answer = _checked(Answer(kind, tuple(reading.args), brackets=brackets), latex)
        if len(elements) != len(answer.parts):
            return answer  # the elements were split differently: no names or units
        return _with_elements(answer, elements, config)
    answer = Answer("expression", (reading,))
    if len(elements) != 1:
        return answer
    answer = _with_elements(answer, elements, config)
    if answer.statements[0] is None and prose(latex) is None:
        # (A chain interleaved with sentences is no chain of one value's forms.)
        answer = dataclasses.replace(answer, alternatives=_alternatives(elements[0], config))
    return answer


def _pm_name(element: physics.Element, config: Config) -> Any | None:
    """The name a ``\\pm`` answer's equation defines (its value has two readings)."""
    if len(element.sides) != 2 or element.relations[:1] != ("=",):
        return None
    lhs = _parse_single(element.sides[0], config)
    return lhs if lhs is not None and _is_name(lhs) else None


def _with_elements(answer: Answer, elements: list[physics.Element], config: Config) -> Answer:
    """Names, units, equations and statements, one per part."""
    forms = [_form(e, config) for e in elements]
    return dataclasses.replace(
        answer,
        names=tuple(name for name, _, _ in forms),
        units=tuple(e.units[e.chosen] for e in elements),
        equations=tuple(eq for _, eq, _ in forms),
        statements=tuple(st for _, _, st in forms),
    )


def _form(
    element: physics.Element, config: Config
) -> tuple[Any | None, Any | None, Statement | None]:
    """What one element states: (the name it defines, its lhs - rhs, the relation that is the
    answer). ``v = 3`` defines ``v``; ``a + 3z = 0`` and ``x > 0`` state relations; ``5``
    states a value only."""
    if len(element.sides) < 2 or not element.relations or element.chosen == 0:
        return None, None, None
    ops = [_RELATION_OPS.get(r) for r in element.relations]
    parsed = [_parse_single(text, config) for text in element.sides]
    if any(op is None for op in ops) or len(ops) != len(element.sides) - 1:
        # \propto, \to...: the chosen side is the value; a name before it still names it.
        first = parsed[0]
        return (first if first is not None and _is_name(first) else None), None, None
    sides = [side for side in parsed if side is not None]
    equalities = all(op == ("=", False) for op in ops)
    if parsed[0] is None and ops[0] == ("=", False) and None not in parsed[1:]:
        # A left side we cannot read (``(\\partial C_v/\\partial V)_T``) still names what
        # the value is of: it is kept as its text, so that two different ones never match.
        if len(parsed) == 2 or equalities:
            return unread_name(element.sides[0]), None, None
        sides = [unread_name(element.sides[0]), *sides]
    if len(sides) != len(parsed):
        return None, None, None
    lhs = sides[0]
    computation = not _NUMBER_TEXT.fullmatch(element.sides[0].strip())
    if equalities and computation and _agree(sides):
        return None, None, None  # ``4800/2 = 2400``: a computation, whose result is the value
    if equalities and (_is_name(lhs) or _is_function_text(element.sides[0], config)):
        equation = sympy.Add(lhs, -sides[1]) if len(sides) == 2 else None
        return lhs, equation, None
    if equalities and len(sides) > 2:
        return None, None, None  # a chain of values: its sides are alternatives
    name = None
    if len(sides) > 2 and ops[0] == ("=", False) and (_is_name(lhs) or _is_unread(lhs)):
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
UNREAD_NAME_PREFIX = "\u27e8unread name\u27e9 "


def _is_unread(expr: Any) -> bool:
    return isinstance(expr, sympy.Symbol) and expr.name.startswith(UNREAD_NAME_PREFIX)


def unread_name(text: str) -> sympy.Symbol:
    """A name whose LaTeX could not be read, as a symbol holding its text (spaces folded)."""
    return sympy.Symbol(UNREAD_NAME_PREFIX + " ".join(text.split()))


def _outer_brackets(latex: str) -> str | None:
    """The brackets around a whole list answer: "()", "[]", "{}", or None when it is bare."""
    text = _strip_decor(latex)
    opener = next((o for o in ("\\{", "\\lbrace", "(", "[") if text.startswith(o)), None)
    if opener is None:
        return None
    closer = {"\\{": "\\}", "\\lbrace": "\\rbrace", "(": ")", "[": "]"}[opener]
    if not text.endswith(closer) or _depth_dips(text[len(opener) : -len(closer)]):
        return None
    return "{}" if opener in ("\\{", "\\lbrace") else opener + closer


def _strip_decor(latex: str) -> str:
    text = _DECOR.sub("", latex)
    boxed = _BOXED.match(text)
    return boxed.group(1) if boxed else text


def _parse_single(text: str, config: Config) -> Any | None:
    """One expression from a side's text, or None when it does not read as exactly one."""
    try:
        readings = physics.parse(text, config)
    except (ParseError, ValueError, TypeError):
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Expr):
        return None
    if readings[0].has(physics.UNREADABLE):
        return None
    return readings[0]


def _alternatives(element: physics.Element, config: Config) -> tuple[tuple[Any, str | None], ...]:
    """The other right-hand sides of an equality chain, each with its unit."""
    if len(element.sides) < 3 or not element.equalities:
        return ()
    out = []
    for i, text in enumerate(element.sides[1:], start=1):
        if i == element.chosen or not text:
            continue
        expr = _parse_single(text, config)
        if expr is not None:
            out.append((expr, element.units[i]))
    return tuple(out[:MAX_ALTERNATIVES])


@dataclass(frozen=True)
class Option:
    """A multiple-choice answer: its letter, and whether it was written as a label."""

    letter: str
    labelled: bool  # "(b)", "b)" or "(b) the wave function is unchanged"; not a bare "b"


# Formatting that never changes which option an answer names.
_OPTION_NOISE = re.compile(
    r"\\(?:text(?:bf|rm|it)?|mathrm|mathbf|textsf|boxed|fbox|quad|qquad|left|right)\b"
    r"|\\[,;:! ]|[${}~]|\\\(|\\\)|\\\[|\\\]"
)
_OPTION = re.compile(r"\(\s*([A-Za-z])\s*\)|([A-Za-z])\s*\)")
_PROSE = re.compile(r"[A-Za-z][A-Za-z\s,.;:'\-]*")
_BARE_OPTION = re.compile(r"[A-Ea-e]")
_VERDICTS = frozenset({"true", "false", "yes", "no", "correct", "incorrect"})


def option(latex: str) -> Option | None:
    """The option an answer names: a label alone (``(a)``, ``\\text{B)}``), a label opening
    a sentence of prose (``(b) the wave function is unchanged``), or a bare letter A-E."""
    text = " ".join(_OPTION_NOISE.sub(" ", latex).split())
    if _BARE_OPTION.fullmatch(text):
        return Option(text.lower(), labelled=False)
    match = _OPTION.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest and not (_PROSE.fullmatch(rest) and re.search(r"[A-Za-z]{2}", rest)):
        return None  # math after the label: an answer to part (b), not option (b)
    if rest.strip(" .").lower() in _VERDICTS:
        return None  # "(a) True": part (a)'s verdict
    return Option((match.group(1) or match.group(2)).lower(), labelled=True)


def _checked(answer: Answer, latex: str) -> Answer:
    if len(answer.parts) > MAX_PARTS:
        raise ParseError(latex, f"{len(answer.parts)} elements; at most {MAX_PARTS} are scored")
    return answer


def _read_interval(latex: str, config: Config) -> Answer | None:
    """``[a, b)`` and friends: two elements between brackets, at least one of them square."""
    text = _strip_decor(latex)
    if len(text) < 2 or text[0] not in "[(" or text[-1] not in "])" or text[0] + text[-1] == "()":
        return None
    inner = text[1:-1]
    if inner.count(",") != 1 or _depth_dips(inner):
        return None
    try:
        readings = physics.parse(inner, config)
    except ParseError:
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Tuple) or len(readings[0]) != 2:
        return None
    return Answer("interval", tuple(readings[0].args), brackets=text[0] + text[-1])


def _depth_dips(text: str) -> bool:
    """True when the brackets of ``text`` close below its start (so the outer pair was not one)."""
    depth = 0
    for c in text:
        depth += c in "([{"
        depth -= c in ")]}"
        if depth < 0:
            return True
    return False


_CALL = re.compile(r"(.+?)\s*(?:\\left\s*)?\(([^()]*)(?:\\right\s*)?\)\s*")


def _is_function_text(text: str, config: Config) -> bool:
    """``E(t)``, ``\\mathbf{B}(x, t)``: a name applied to variables, which latex2sympy reads as
    a product unless the letter is f, g or h."""
    match = _CALL.fullmatch(text.strip())
    if match is None:
        return False
    head = _parse_single(match.group(1), config)
    args = [_parse_single(a, config) for a in match.group(2).split(",")]
    return isinstance(head, sympy.Symbol) and all(isinstance(a, sympy.Symbol) for a in args)


def _is_name(expr: Any) -> bool:
    """A quantity's name: ``v``, ``v_0``, ``T(t)``, ``\\Delta E``, ``dv/dt``, ``|AB|``.

    Sums and anything with a number are not names: ``a + 3z = 0``, ``y + 1 = ...`` and
    ``x + y = 1`` state relations."""
    if isinstance(expr, sympy.Symbol):
        return True
    if isinstance(expr, sympy.Abs):
        return _is_monomial(expr.args[0])  # |AB|, a length
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

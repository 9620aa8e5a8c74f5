"""The fast reader: latex2sympy's normalisation and lexer, then a parser of our own.

The parser follows the rules of latex2sympy's grammar (``math``, ``relation``, ``additive``,
``mp``, ``unary``, ``postfix``, ``exp``, ``comp``, ``atom_expr``, ...) for a subset of its
tokens, and converts as its visitor does. Wherever the grammar lets one input be read two ways
and ANTLR's choice between them is not plain, the reader declines rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy
import sympy.functions.elementary.hyperbolic as hyperbolic
import sympy.functions.elementary.trigonometric as trigonometric
from antlr4 import InputStream
from antlr4.error.ErrorListener import ErrorListener
from latex2sympy2_extended.antlr_parser import PSLexer
from latex2sympy2_extended.latex2sympy2 import comma_number_regex
from latex2sympy2_extended.math_normalization import NormalizationConfig, normalize_latex
from latex2sympy2_extended.sets import FiniteSet
from latex2sympy2_extended.symbols import get_symbol

__all__ = ["Accepted", "read"]


@dataclass(frozen=True)
class Accepted:
    """The reading of a text the fast reader is sure of."""

    value: Any


class _Decline(Exception):
    """The text is outside the subset, or read two ways by the grammar: not sure."""


class _RaisingListener(ErrorListener):  # type: ignore[misc]
    def syntaxError(
        self, recognizer: Any, offendingSymbol: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        raise _Decline("lexer error")


_LISTENER = _RaisingListener()

T = PSLexer
_ADDITIVE = {T.ADD, T.SUB}
_PRODUCT = {T.MUL, T.CMD_TIMES, T.CMD_CDOT}
_QUOTIENT = {T.DIV, T.CMD_DIV, T.COLON}
_RELATIONS: dict[int, Callable[..., Any]] = {
    T.ASSIGNMENT: sympy.Eq,
    T.EQUAL: sympy.Eq,
    T.LT: sympy.StrictLessThan,
    T.LTE: sympy.LessThan,
    T.GT: sympy.StrictGreaterThan,
    T.GTE: sympy.GreaterThan,
    T.UNEQUAL: sympy.Ne,
}
_OPEN_CLOSE = {T.L_PAREN: T.R_PAREN, T.L_BRACKET: T.R_BRACKET, T.L_BRACE: T.R_BRACE}
_ATOM_EXPR = {T.LETTER_NO_E, T.GREEK_CMD, T.OTHER_SYMBOL_CMD, T.ACCENT}
_ATOM = _ATOM_EXPR | {
    T.NUMBER,
    T.E_NOTATION,
    T.E_NOTATION_E,
    T.PERCENT_NUMBER,
    T.SYMBOL,
    T.DIFFERENTIAL,
}
# The single-argument functions read here, by token; their sympy names as latex2sympy maps them.
_TRIG = {"sin", "cos", "tan", "csc", "sec", "cot"}
_HYPERBOLIC = {"sinh", "cosh", "tanh"}
_ARC = {"arcsin", "arccos", "arctan", "arccsc", "arcsec", "arccot"}
_AR_HYPERBOLIC = {"arsinh", "arcosh", "artanh"}
_ARC_HYPERBOLIC = {"arcsinh", "arccosh", "arctanh"}
_FUNCTIONS = {
    T.FUNC_LOG,
    T.FUNC_LN,
    T.FUNC_EXP,
    T.FUNC_SIN,
    T.FUNC_COS,
    T.FUNC_TAN,
    T.FUNC_CSC,
    T.FUNC_SEC,
    T.FUNC_COT,
    T.FUNC_ARCSIN,
    T.FUNC_ARCCOS,
    T.FUNC_ARCTAN,
    T.FUNC_ARCCSC,
    T.FUNC_ARCSEC,
    T.FUNC_ARCCOT,
    T.FUNC_SINH,
    T.FUNC_COSH,
    T.FUNC_TANH,
    T.FUNC_ARSINH,
    T.FUNC_ARCOSH,
    T.FUNC_ARTANH,
    T.FUNC_ARCSINH,
    T.FUNC_ARCCOSH,
    T.FUNC_ARCTANH,
}
# What can start a ``comp`` that is a ``func`` (not allowed after the first factor of an
# argument written without parentheses).
_FUNC_START = _FUNCTIONS | {T.FUNC_SQRT, T.EXP_E}
_POSTFIX_START = _ATOM | set(_OPEN_CLOSE) | {T.CMD_FRAC, T.BAR, T.L_VERT} | _FUNC_START
# ``^\circ`` and its spellings: a postfix that changes nothing (latex2sympy is not asked to
# convert degrees).
_DEGREE = {T.T__4, T.T__5, T.T__6, T.T__7, T.T__8, T.T__9, T.T__10, T.T__11}
_ALLOWED = (
    _ADDITIVE
    | _PRODUCT
    | _QUOTIENT
    | set(_RELATIONS)
    | set(_OPEN_CLOSE)
    | set(_OPEN_CLOSE.values())
    | _ATOM
    | _FUNC_START
    | {T.CARET, T.UNDERSCORE, T.CMD_FRAC, T.BAR, T.L_VERT, T.R_VERT}
    | _DEGREE
    | {T.BANG, T.COMMA}
)
_CLOSERS = set(_OPEN_CLOSE.values())
_OPERAND_START = _POSTFIX_START | _ADDITIVE
_OPERAND_END = _ATOM | set(_OPEN_CLOSE.values()) | _DEGREE | {T.BANG, T.R_VERT}
_DECIMAL = re.compile(r"[0-9]*\.[0-9]+")
_ACCENT_NAMES = {"bar": "bar", "overline": "bar", "vec": "vec", "overrightarrow": "vec"}
_ACCENT_NAMES.update({"tilde": "tilde", "widetilde": "tilde"})


def read(text: str, normalization: NormalizationConfig) -> Accepted | None:
    """latex2sympy's reading of ``text`` (normalised with ``normalization``, as latex2sympy does
    it), or None when the fast reader is not sure: then only latex2sympy can say."""
    try:
        normalized = normalize_latex(text, normalization)
        tokens = _tokens(normalized)
        if any(kind == T.COMMA for kind, _ in tokens):
            # ``1,000`` is a number to latex2sympy, checked on the text itself.
            if comma_number_regex.match(normalized):
                raise _Decline("a number with commas")
            if _bracketed_whole(tokens):
                return Accepted(_bracketed(tokens))
            return Accepted(_elements(tokens))
        return Accepted(_Parser(tokens).math())
    except (_Decline, RecursionError):
        return None
    except Exception:
        return None


def _tokens(text: str) -> list[tuple[int, str]]:
    lexer = PSLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(_LISTENER)
    out = [(t.type, t.text) for t in lexer.getAllTokens()]
    if not out or any(kind not in _ALLOWED for kind, _ in out):
        raise _Decline("outside the subset")
    _check_bars(out)
    return out


def _elements(tokens: list[tuple[int, str]]) -> Any:
    """A list ``a, b, c`` of plain expressions, which latex2sympy reads as a finite set."""
    return FiniteSet(*_split(tokens))


def _split(tokens: list[tuple[int, str]]) -> list[Any]:
    """The plain expressions of a comma-separated list, in order."""
    depth = 0
    parts: list[list[tuple[int, str]]] = [[]]
    for token in tokens:
        kind = token[0]
        if kind in _RELATIONS:
            raise _Decline("a relation in a list")
        if kind in _OPEN_CLOSE:
            depth += 1
        elif kind in _CLOSERS:
            depth -= 1
        if kind == T.COMMA:
            if depth:
                raise _Decline("a comma inside brackets")
            parts.append([])
        else:
            parts[-1].append(token)
    values = []
    for part in parts:
        if not part:
            raise _Decline("an empty element")
        parser = _Parser(part)
        # A bracketed element may be an interval or a tuple to the grammar.
        if part[0][0] in _OPEN_CLOSE and parser.closer(0) == len(part) - 1:
            raise _Decline("a bracketed element")
        values.append(parser.expr())
        if parser.pos != len(part):
            raise _Decline("trailing tokens in an element")
    return values


# Brackets that open the grammar's ``interval`` or ``ordered_tuple`` when the whole text is a
# bracketed list: ``(a, b)``, ``[a, b)``, ``(a, b, c)``.
_SET_ATOM_OPENERS = {T.L_PAREN, T.L_BRACKET}
_SET_ATOM_CLOSERS = {T.R_PAREN, T.R_BRACKET}


def _bracketed_whole(tokens: list[tuple[int, str]]) -> bool:
    """Whether the first token opens a bracket (of any kind) that the last token closes."""
    if tokens[0][0] not in _SET_ATOM_OPENERS or tokens[-1][0] not in _SET_ATOM_CLOSERS:
        return False
    depth = 0
    for i, (kind, _) in enumerate(tokens):
        if kind in _OPEN_CLOSE:
            depth += 1
        elif kind in _CLOSERS:
            depth -= 1
            if depth == 0:
                return i == len(tokens) - 1
    return False


def _bracketed(tokens: list[tuple[int, str]]) -> Any:
    """The whole text as one bracketed list of plain expressions. With two elements the grammar
    reads an interval (its first choice); latex2sympy makes it a tuple where the interval would
    be empty. With more, an ordered tuple, whose brackets must match."""
    opening, closing = tokens[0][0], tokens[-1][0]
    values = _split(tokens[1:-1])
    if len(values) != 2:
        if _OPEN_CLOSE[opening] != closing:
            raise _Decline("a tuple whose brackets do not match")
        return sympy.Tuple(*values)
    left, right = values
    left_open, right_open = opening == T.L_PAREN, closing == T.R_PAREN
    try:
        empty = (left_open and right_open and right <= left) or (
            not (left_open or right_open) and right < left
        )
    except Exception:  # an order SymPy cannot decide: latex2sympy keeps the interval
        empty = False
    if empty:
        return sympy.Tuple(left, right)
    return sympy.Interval(left, right, left_open=left_open, right_open=right_open)


def _check_bars(tokens: list[tuple[int, str]]) -> None:
    """Declines bars that may pair up in more than one way, or be an evaluation ``f|_{a}``.

    The first bar opens and the last closes; a bar between them must be one or the other by its
    neighbours (only a bar before the start of an operand may open, only a bar after the end of
    one may close), and they must alternate.
    """
    bars = [i for i, (kind, _) in enumerate(tokens) if kind == T.BAR]
    if not bars:
        return
    if len(bars) % 2:
        raise _Decline("odd bars")
    for n, i in enumerate(bars):
        after = tokens[i + 1][0] if i + 1 < len(tokens) else -1
        after2 = tokens[i + 2][0] if i + 2 < len(tokens) else -1
        may_open = n == 0 or (n != len(bars) - 1 and after in _OPERAND_START)
        may_close = n == len(bars) - 1 or (n != 0 and tokens[i - 1][0] in _OPERAND_END)
        if may_open == may_close or may_open != (n % 2 == 0):
            raise _Decline("bars that may pair up two ways")
        if may_close and (after == T.UNDERSCORE or (after == T.CARET and after2 == T.L_BRACE)):
            raise _Decline("an evaluation bar")


def _is(expr: Any, flag: str) -> bool:
    return bool(getattr(expr, flag, False))


def _add_flat(lh: Any, rh: Any) -> Any:
    if _is(lh, "is_Add") or _is(rh, "is_Add"):
        args = [
            *(lh.args if _is(lh, "is_Add") else [lh]),
            *(rh.args if _is(rh, "is_Add") else [rh]),
        ]
        return sympy.Add(*args, evaluate=False)
    return sympy.Add(lh, rh, evaluate=False)


def _mul_flat(lh: Any, rh: Any) -> Any:
    if _is(lh, "is_Mul") or _is(rh, "is_Mul"):
        args = [
            *(lh.args if _is(lh, "is_Mul") else [lh]),
            *(rh.args if _is(rh, "is_Mul") else [rh]),
        ]
        return sympy.Mul(*args, evaluate=False)
    return sympy.Mul(lh, rh, evaluate=False)


def _is_number_kind(expr: Any) -> bool:
    return bool(getattr(getattr(expr, "func", None), "is_Number", False))


def _quotient(lh: Any, rh: Any) -> Any:
    if _is(lh, "is_Integer") and _is(rh, "is_Integer"):
        return sympy.Rational(lh, rh)
    return sympy.Mul(lh, sympy.Pow(rh, -1, evaluate=False), evaluate=False)


def _number(text: str) -> Any:
    """``sympy.Number(text)`` as latex2sympy calls it, without its trip through the SymPy
    parser (which turns digits into ``Integer(text)`` and a decimal into ``Float(text)``)."""
    text = text.replace(",", "")
    if text.isdigit():
        return sympy.Integer(int(text.lstrip("0") or "0"))
    if _DECIMAL.fullmatch(text):
        return sympy.Float(text)
    return sympy.Number(text)


class _Parser:
    """One pass over the tokens; each method reads one grammar rule and converts it."""

    def __init__(self, tokens: list[tuple[int, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.in_bars = False

    # -- token access -------------------------------------------------------------------
    def kind(self, ahead: int = 0) -> int:
        i = self.pos + ahead
        return self.tokens[i][0] if i < len(self.tokens) else -1

    def take(self, kind: int | None = None) -> str:
        if self.pos >= len(self.tokens):
            raise _Decline("unexpected end")
        got, text = self.tokens[self.pos]
        if kind is not None and got != kind:
            raise _Decline("unexpected token")
        self.pos += 1
        return text

    def closer(self, start: int) -> int:
        """The index of the token closing the bracket at ``start``, by nesting of that kind."""
        opening = self.tokens[start][0]
        closing = _OPEN_CLOSE[opening]
        depth = 0
        for i in range(start, len(self.tokens)):
            kind = self.tokens[i][0]
            if kind == opening:
                depth += 1
            elif kind == closing:
                depth -= 1
                if depth == 0:
                    return i
        raise _Decline("unbalanced")

    # -- rules ----------------------------------------------------------------------------
    def math(self) -> Any:
        # The whole text in braces would be a finite set, not a group.
        if self.kind() == T.L_BRACE and self.closer(0) == len(self.tokens) - 1:
            raise _Decline("a set in braces")
        lh = self.expr()
        if self.pos == len(self.tokens):
            return lh
        relation = _RELATIONS.get(self.kind())
        if relation is None:
            raise _Decline("trailing tokens")
        self.take()
        if self.kind() == T.L_BRACE and self.closer(self.pos) == len(self.tokens) - 1:
            raise _Decline("a set in braces")
        rh = self.expr()
        if self.pos != len(self.tokens):
            raise _Decline("more than one relation")
        return relation(lh, rh, evaluate=False)

    def expr(self) -> Any:
        lh = self.mp(nofunc=False)
        while self.kind() in _ADDITIVE:
            minus = self.kind() == T.SUB
            self.take()
            rh = self.mp(nofunc=False)
            if minus:
                rh = -rh if _is_number_kind(rh) else _mul_flat(-1, rh)
            lh = _add_flat(lh, rh)
        return lh

    def mp(self, nofunc: bool) -> Any:
        lh = self.unary(nofunc)
        while True:
            kind = self.kind()
            if kind in _PRODUCT:
                self.take()
                lh = _mul_flat(lh, self.unary(nofunc))
            elif kind in _QUOTIENT:
                self.take()
                lh = _quotient(lh, self.unary(nofunc))
            else:
                return lh

    def unary(self, nofunc: bool) -> Any:
        kind = self.kind()
        if kind == T.ADD:
            self.take()
            return self.unary(nofunc)
        if kind == T.SUB:
            self.take()
            inner = self.unary(nofunc)
            if _is_number_kind(inner) or _is(inner, "is_Number"):
                return -inner
            return _mul_flat(-1, inner)
        factors = [self.postfix(nofunc=False, first=True)]
        while self.kind() in _POSTFIX_START:
            if (nofunc and self.starts_func()) or (self.in_bars and self.kind() == T.BAR):
                break
            factors.append(self.postfix(nofunc))
        return self.postfix_list(factors)

    def postfix(self, nofunc: bool, first: bool = False) -> Any:
        value = self.exp(nofunc, first)
        while self.kind() in _DEGREE or self.kind() == T.BANG:
            if self.take() == "!":
                value = sympy.factorial(value, evaluate=False)
        return value

    def starts_func(self) -> bool:
        return self.kind() in _FUNC_START

    @staticmethod
    def postfix_list(factors: list[Any]) -> Any:
        result = factors[-1]
        for res in reversed(factors[:-1]):
            if not isinstance(res, sympy.Expr):
                raise _Decline("not an expression")
            rh = result
            # latex2sympy reads an integer before a positive rational as a mixed number.
            if _is(res, "is_Integer") and _is(rh, "is_Rational") and rh.p > 0 and rh.q > 0:
                if res < 0:
                    result = sympy.Rational(res * rh.q - rh.p, rh.q)
                else:
                    result = sympy.Rational(res * rh.q + rh.p, rh.q)
            else:
                result = _mul_flat(res, rh)
        return result

    def exp(self, nofunc: bool, first: bool = False) -> Any:
        base = self.comp(nofunc and not first)
        if self.kind() == T.CARET:
            self.take()
            exponent = self.script()
            if self.kind() in (T.CARET, T.UNDERSCORE):
                raise _Decline("script after a power")
            base = sympy.Pow(base, exponent, evaluate=False)
        return base

    def script(self) -> Any:
        """A superscript's value: an atom, or an expression in braces."""
        if self.kind() == T.L_BRACE:
            self.take()
            value = self.expr()
            self.take(T.R_BRACE)
            return value
        self.check_lone_atom()
        return self.atom(call=None)

    def check_lone_atom(self) -> None:
        """An unbraced script is one atom, which takes no script of its own."""
        if self.kind() not in _ATOM:
            raise _Decline("not an atom")

    def comp(self, nofunc: bool) -> Any:
        kind = self.kind()
        if kind in _OPEN_CLOSE:
            self.take()
            value = self.expr()
            self.take(_OPEN_CLOSE[kind])
            return value
        if kind == T.CMD_FRAC:
            self.take()
            self.take(T.L_BRACE)
            upper = self.expr()
            self.take(T.R_BRACE)
            self.take(T.L_BRACE)
            if self.kind() == T.DIFFERENTIAL and self.kind(1) == T.R_BRACE:
                raise _Decline("a derivative")
            lower = self.expr()
            self.take(T.R_BRACE)
            return _quotient(upper, lower)
        if kind in _FUNC_START:
            if nofunc:
                raise _Decline("function where none may stand")
            return self.func()
        if kind == T.BAR and not self.in_bars:
            self.take()
            self.in_bars = True
            value = self.expr()
            self.take(T.BAR)
            self.in_bars = False
            return sympy.Abs(value, evaluate=False)
        if kind == T.L_VERT:
            self.take()
            value = self.expr()
            self.take(T.R_VERT)
            return sympy.Abs(value, evaluate=False)
        if kind in _ATOM:
            return self.atom(call=not nofunc)
        raise _Decline("unexpected token")

    def func(self) -> Any:
        kind = self.kind()
        text = self.take()
        if kind == T.EXP_E:
            power: Any = 1
            if self.kind() == T.CARET:
                self.take()
                power = self.script()
                if self.kind() in (T.CARET, T.UNDERSCORE):
                    raise _Decline("script after a power")
            return sympy.exp(power)
        if kind == T.FUNC_SQRT:
            root = None
            if self.kind() == T.L_BRACKET:
                self.take()
                root = self.expr()
                self.take(T.R_BRACKET)
            self.take(T.L_BRACE)
            base = self.expr()
            self.take(T.R_BRACE)
            if root is None:
                return sympy.Pow(base, sympy.S.Half, evaluate=False)
            return sympy.Pow(base, 1 / root, evaluate=False)
        return self.named_function(text[1:])

    def named_function(self, name: str) -> Any:
        sub = sup = None
        seen: set[int] = set()
        while self.kind() in (T.UNDERSCORE, T.CARET) and self.kind() not in seen:
            which = self.kind()
            seen.add(which)
            self.take()
            lone = self.kind() in _ATOM_EXPR
            if which == T.UNDERSCORE:
                sub = self.script()
            else:
                sup = self.script()
            if lone and self.kind() in (T.UNDERSCORE, T.CARET):
                # ``\log_a^2 x``: the grammar lets the lone ``a`` take the ``^2`` itself.
                raise _Decline("a script after an unbraced script of a function")
        if self.kind() in (T.UNDERSCORE, T.CARET):
            raise _Decline("repeated script on a function")
        if self.kind() == T.L_PAREN:
            self.take()
            arg = self.expr()
            self.take(T.R_PAREN)
        else:
            arg = self.mp(nofunc=True)
        return _apply(name, arg, sub, sup)

    def atom(self, call: bool | None = None) -> Any:
        """An atom; ``call`` says whether a symbol may be a function called here (None: the
        atom is a script, and takes no scripts itself)."""
        kind = self.kind()
        text = self.take()
        if kind in _ATOM_EXPR:
            if call is None:
                return self.symbol(kind, text, "")
            return self.atom_expr(kind, text, call)
        if kind == T.NUMBER:
            if self.kind() == T.UNDERSCORE:
                raise _Decline("a number with a subscript")
            return _number(text)
        if kind == T.E_NOTATION:
            return _number(text)
        if kind == T.E_NOTATION_E:
            return sympy.Symbol("E", real=None)
        if kind == T.PERCENT_NUMBER:
            digits = text.replace("\\%", "").replace("%", "").replace(",", "")
            return sympy.Mul(_number(digits), sympy.Rational(1, 100), evaluate=False)
        if kind == T.SYMBOL and text == "\\infty":
            return sympy.oo
        if kind == T.DIFFERENTIAL:
            variable = text[1:].lstrip(" \t\r\n")
            variable = variable[1:] if variable.startswith("\\") else variable
            return sympy.Symbol("d" + variable, real=None)
        raise _Decline("unsupported atom")

    def atom_expr(self, kind: int, text: str, call: bool) -> Any:
        start = self.pos - 1
        subscript = ""
        power = None
        order: list[int] = []
        caret = -1
        while self.kind() in (T.UNDERSCORE, T.CARET) and self.kind() not in order:
            which = self.kind()
            order.append(which)
            caret = self.pos if which == T.CARET else caret
            self.take()
            if which == T.UNDERSCORE:
                subscript = self.subscript_text()
            else:
                power = self.script()
        if self.kind() in (T.UNDERSCORE, T.CARET):
            raise _Decline("repeated script")
        argument = self.call_argument()
        if argument is not None:
            # ``f(x)`` with one atom inside is a call of f, whose name is its text.
            if not call or order == [T.CARET, T.UNDERSCORE]:
                raise _Decline("a call where the grammar allows none")
            if order == [T.UNDERSCORE, T.CARET] and self.tokens[start + 2][0] != T.L_BRACE:
                # ``f_x^a(y)``: read as a call, the unbraced subscript takes the power along.
                raise _Decline("a call with an unbraced subscript and a power")
            end = caret if caret >= 0 else self.pos - len(argument) - 2
            name = "".join(t for _, t in self.tokens[start:end])
            value = sympy.Function(name)(_Parser(_tokens("".join(argument))).math())
            return value if power is None else sympy.Pow(value, power, evaluate=False)
        if kind == T.LETTER_NO_E and text == "I":
            return sympy.I
        symbol = self.symbol(kind, text, subscript)
        if power is not None:
            return sympy.Pow(symbol, power, evaluate=False)
        return symbol

    @staticmethod
    def symbol(kind: int, text: str, subscript: str) -> Any:
        name = _accent_name(text) if kind == T.ACCENT else text
        return get_symbol(name.strip() + subscript, None, False)

    def call_argument(self) -> list[str] | None:
        """The texts of the tokens of a lone atom in brackets after a symbol, ``f(x)`` or
        ``f[x]``, which the grammar reads as a call; None (nothing read) if there is none."""
        kind = self.kind()
        if kind == T.L_BRACE and self.kind(1) in (T.L_PAREN, T.L_BRACKET):
            raise _Decline("a call in braces")
        if kind not in (T.L_PAREN, T.L_BRACKET):
            return None
        end = self.closer(self.pos)
        inner = _Parser(self.tokens[self.pos + 1 : end])
        if inner.kind() not in _ATOM:
            return None
        try:
            inner.atom(call=False)
        except _Decline:
            raise _Decline("not sure whether this is a call") from None
        if inner.pos != len(inner.tokens):
            return None
        texts = [t for _, t in inner.tokens]
        self.pos = end + 1
        return texts

    def subscript_text(self) -> str:
        start = self.pos
        if self.kind() == T.L_BRACE:
            end = self.closer(start)
            inner = _Parser(self.tokens[start + 1 : end])
            inner.expr()  # the grammar must read it as an expression
            if inner.pos != len(inner.tokens):
                raise _Decline("subscript is not one expression")
            self.pos = end + 1
            text = "".join(t for _, t in self.tokens[start + 1 : end])
        else:
            self.check_lone_atom()
            self.atom(call=None)
            text = "".join(t for _, t in self.tokens[start : self.pos])
        text = text.strip()
        return "_{" + text + "}" if len(text) > 1 else "_" + text


def _accent_name(text: str) -> str:
    """The symbol name latex2sympy gives an accent token such as ``\\bar{x}``."""
    start = text.index("{")
    command = text[1:start]
    content = text[start + 1 : -1]
    if "{" in content or "\\}" in text:
        raise _Decline("nested braces in an accent")
    content = content.replace(" ", "")
    if command in _ACCENT_NAMES:
        command = _ACCENT_NAMES[command]
    elif "text" in command or "mbox" in command:
        return content.replace("(", "").replace(")", "")
    elif "math" in command:
        command = "math"
    return f"{command}{{{content}}}"


def _apply(name: str, arg: Any, sub: Any, sup: Any) -> Any:
    """A single-argument function applied as latex2sympy applies it."""
    power = sup
    expr: Any
    if name in _ARC:
        expr = getattr(trigonometric, "a" + name[3:])(arg, evaluate=False)
    elif name in _AR_HYPERBOLIC:
        expr = getattr(hyperbolic, "a" + name[2:])(arg, evaluate=False)
    elif name in _ARC_HYPERBOLIC:
        expr = getattr(hyperbolic, "a" + name[3:])(arg, evaluate=False)
    elif name in ("log", "ln"):
        if sub is not None:
            base = sub
        elif name == "log":
            base = 10
        else:
            base = sympy.E
        expr = sympy.log(arg, base, evaluate=False)
    elif name == "exp":
        expr = sympy.exp(arg, evaluate=False)
    elif name in _TRIG or name in _HYPERBOLIC:
        module = trigonometric if name in _TRIG else hyperbolic
        if power == -1:
            name = "a" + name
            power = None
        expr = getattr(module, name)(arg, evaluate=False)
    else:
        raise _Decline("unsupported function")
    if power:
        expr = sympy.Pow(expr, power, evaluate=False)
    return expr

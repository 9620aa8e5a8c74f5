"""Rules for the answer's structure: its elements, relation chains and grouping brackets.

- ``separators``: ``;``, ``\\quad``, ``\\qquad`` and ``\\\\`` at top level become ``,``, empty
  elements are dropped, and the brackets around a whole tuple (``(a, b)``) go.
- ``relations``: in each element, the chosen side of the last top-level relation chain is
  kept (see ``choose_side``): the last side, except that when it is a bare number (its unit
  already gone) and an earlier side other than the first is symbolic, the last symbolic side
  wins: ``T = 2\\pi\\sqrt{L/g} \\approx 2.0\\,\\mathrm{s}`` is ``2\\pi\\sqrt{L/g}``. The first side
  is what the answer defines (``v`` in ``v = 3``) and is only kept when it is all there is.
  ``\\Rightarrow``, ``\\implies`` and ``\\iff`` start a new chain.
- ``delimiters``: ``[..]`` and ``\\{..\\}`` used for grouping become ``(..)`` (not the
  ``[n]`` of ``\\sqrt[n]``); ``\\langle x\\rangle`` becomes one symbol named ``<x>`` (an
  expectation value is a quantity of its own, not ``x``), and so do a ket ``|a\\rangle`` and
  a bra ``\\langle a|``. ``|x|`` and ``\\lvert x\\rvert`` are left as latex2sympy reads them,
  Abs.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tokens import (
    COMMA,
    LPAREN,
    RPAREN,
    SPACE,
    Kind,
    Token,
    depths,
    is_char,
    is_cmd,
    is_comma,
    is_tuple_separator,
    match_group,
    plain_text,
    prev_nonspace,
    split_top_level,
    strip_spaces,
    token_at,
)
from .units import numeric_tokens
from .words import BRACKETS, CHAIN_BREAKERS, is_relation

__all__ = [
    "chain_sides",
    "choose_index",
    "choose_side",
    "delimiters",
    "last_chain",
    "relations",
    "separators",
]


def separators(tokens: list[Token]) -> list[Token]:
    """Top-level ``;``, ``\\quad``, ``\\\\`` become commas; empty elements go; brackets around a
    whole tuple go."""
    levels = depths(tokens)
    marked = [
        COMMA if (levels[i] == 0 and is_tuple_separator(t)) else t for i, t in enumerate(tokens)
    ]
    parts = [strip_spaces(p) for p in split_top_level(marked, is_comma)]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        inner = _tuple_inside(parts[0])
        if inner is not None:
            return inner
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([COMMA, SPACE])
        out.extend(part)
    return out


def _tuple_inside(tokens: list[Token]) -> list[Token] | None:
    """The elements of ``(a, b)``, or None when the tokens are not one bracketed tuple."""
    if len(tokens) < 2 or tokens[0].text not in BRACKETS:
        return None
    if match_group(tokens, 0) != len(tokens) - 1:
        return None
    inner = tokens[1:-1]
    parts = [strip_spaces(p) for p in split_top_level(inner, is_comma)]
    if len(parts) < 2 or not all(parts):
        return None
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([COMMA, SPACE])
        out.extend(part)
    return out


def last_chain(tokens: list[Token]) -> list[Token]:
    """The last relation chain of one element: ``c = d`` in ``a = b \\Rightarrow c = d``."""
    levels = depths(tokens)
    breaks = [i for i, t in enumerate(tokens) if levels[i] == 0 and is_cmd(t, *CHAIN_BREAKERS)]
    if breaks and strip_spaces(tokens[breaks[-1] + 1 :]):
        return tokens[breaks[-1] + 1 :]
    return tokens


def chain_sides(tokens: list[Token]) -> list[list[Token]]:
    """The sides of the last relation chain of one element (one side when no relation)."""
    sides = split_top_level(last_chain(tokens), is_relation)
    return [strip_spaces(s) for s in sides]


def _is_numeric_side(tokens: Sequence[Token]) -> bool:
    return numeric_tokens(tokens)


def choose_side(sides: Sequence[Sequence[Token]]) -> list[Token]:
    """The side of a relation chain that is the answer (see ``choose_index``)."""
    return list(sides[choose_index(sides)])


def choose_index(sides: Sequence[Sequence[Token]]) -> int:
    """Which side of a relation chain is the answer.

    The last non-empty side, except the first side, which is what the answer defines (``v`` in
    ``v = 3``). When that last side is a bare number (after units were removed) and an earlier
    side other than the first is symbolic, the last symbolic side wins: in
    ``T = 2\\pi\\sqrt{L/g} \\approx 2.0\\,\\mathrm{s}`` the answer is ``2\\pi\\sqrt{L/g}``.
    """
    candidates = [i for i in range(1, len(sides)) if sides[i]]
    if not candidates:
        return 0
    last = candidates[-1]
    if _is_numeric_side(sides[last]):
        symbolic = [i for i in candidates if not _is_numeric_side(sides[i])]
        if symbolic:
            return symbolic[-1]
    return last


def _unbrace(tokens: list[Token]) -> list[Token]:
    """Braces around a whole element go (latex2sympy would read ``{x}`` as a set)."""
    tokens = strip_spaces(tokens)
    while tokens and tokens[0].kind is Kind.BEGIN and match_group(tokens, 0) == len(tokens) - 1:
        tokens = strip_spaces(tokens[1:-1])
    return tokens


def relations(tokens: list[Token]) -> list[Token]:
    """In each element, keep the chosen side of the last top-level relation chain."""
    parts = split_top_level(tokens, is_comma)
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([COMMA, SPACE])
        sides = chain_sides(part)
        if len(sides) == 1:
            out.extend(_unbrace(part))
            continue
        chosen = _unbrace(choose_side(sides))
        # ``(v_1, v_2) = (3, 4)``: when it is the whole answer, a chosen side that is a tuple
        # lists the answer's elements.
        out.extend((_tuple_inside(chosen) if len(parts) == 1 else None) or chosen)
    return out


_GROUPING = {
    "\\{": "(",
    "\\}": ")",
    "\\lbrace": "(",
    "\\rbrace": ")",
    "\\lbrack": "(",
    "\\rbrack": ")",
    "\\lgroup": "(",
    "\\rgroup": ")",
}


def delimiters(tokens: list[Token]) -> list[Token]:
    """Grouping brackets become parentheses; ``\\langle x\\rangle`` is a symbol ``<x>``."""
    tokens = list(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.BRACKET and tok.text == "[":
            if not is_cmd(token_at(tokens, prev_nonspace(tokens, i - 1)), "\\sqrt"):
                end = match_group(tokens, i)
                if end > 0:
                    tokens[i], tokens[end] = LPAREN, RPAREN
        elif tok.text in _GROUPING and tok.kind in (Kind.CONTROL, Kind.COMMAND):
            tokens[i] = Token(Kind.BRACKET, _GROUPING[tok.text])
        elif is_cmd(tok, "\\lVert", "\\rVert", "\\Vert"):
            tokens[i] = Token(Kind.CONTROL, "\\|")
        elif is_cmd(tok, "\\langle"):
            end = match_group(tokens, i)
            if end < 0:  # a bra, <a|
                end = _next_bar(tokens, i + 1)
                if end > 0:
                    name = "<" + plain_text(tokens[i + 1 : end]) + "|"
                    tokens[i : end + 1] = [Token(Kind.SYMBOL, name)]
            else:
                name = "<" + plain_text(tokens[i + 1 : end]) + ">"
                tokens[i : end + 1] = [Token(Kind.SYMBOL, name)]
        elif is_cmd(tok, "\\rangle"):  # a ket, |a>; a matched one went with its \langle
            start = _previous_bar(tokens, i - 1)
            if start >= 0:
                name = "|" + plain_text(tokens[start + 1 : i]) + ">"
                tokens[start : i + 1] = [Token(Kind.SYMBOL, name)]
                i = start
        i += 1
    return tokens


def _is_bar(tok: Token) -> bool:
    return is_char(tok, "|") or is_cmd(tok, "\\lvert", "\\rvert", "\\vert", "\\mid")


def _previous_bar(tokens: Sequence[Token], i: int) -> int:
    """The bar that opens a ket ending before i, at the same depth, or -1."""
    level = 0
    while i >= 0:
        tok = tokens[i]
        if tok.text in (")", "}", "]"):
            level += 1
        elif tok.text in ("(", "{", "["):
            level -= 1
            if level < 0:
                return -1
        elif level == 0 and _is_bar(tok):
            return i
        i -= 1
    return -1


def _next_bar(tokens: Sequence[Token], i: int) -> int:
    """The bar that closes a bra starting at i, at the same depth, or -1."""
    level = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in ("(", "{", "["):
            level += 1
        elif tok.text in (")", "}", "]"):
            level -= 1
            if level < 0:
                return -1
        elif level == 0 and _is_bar(tok):
            return i
        i += 1
    return -1

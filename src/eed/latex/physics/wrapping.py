"""Rules for what surrounds the math: delimiters of the answer, spacing, sizing.

- ``wrappers``: ``$..$``, ``\\[..\\]``, ``\\(..\\)``, ``\\boxed{..}``, ``\\displaystyle``,
  display environments (``align``, ``equation``, ``array``...), outer braces, trailing
  ``.``/``,``/``;`` and a ``}`` that closes nothing are removed, and a brace left open at the
  end (a truncated answer) is closed. Outside a matrix, ``&`` goes and
  ``\\\\`` separates elements. A ``cases`` environment that is the whole answer (or the right-hand
  side ending it) becomes the list of its values, conditions dropped.
- ``spacing``: ``\\,``, ``\\;``, ``~``, ``\\ ``... become space tokens (which keep their
  text); ``\\hspace{..}``, ``\\phantom{..}`` and ``\\ldots`` go, and so does a condition
  closing the answer: the range of an integer index (``, n = 0, \\pm 1, \\ldots`` or
  ``n \\in \\mathbb{Z}``) or a domain in parentheses (``\\quad (r_2 > r > r_1)``).
- ``sizing``: ``\\left``, ``\\right``, ``\\bigl``, ``\\Big``... are dropped; ``\\left|``
  and ``\\right|`` become ``\\lvert``/``\\rvert`` (which latex2sympy reads as Abs) and
  ``\\left.``/``\\right.`` vanish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..tokens import (
    LPAREN,
    RBRACE,
    SPACE,
    Kind,
    Token,
    depths,
    detokenize,
    is_char,
    is_cmd,
    is_tuple_separator,
    make_cmd,
    match_group,
    next_nonspace,
    plain_text,
    read_argument,
    split_top_level,
    strip_spaces,
    token_at,
)
from .words import ORDER_RELATIONS, command_set, is_relation, split_words

__all__ = ["sizing", "spacing", "wrappers"]


_DISPLAY_ENVS = frozenset(
    split_words(
        "equation equation* align align* aligned alignat alignat* gather gather* gathered split"
        " multline multline* displaymath math array eqnarray eqnarray*"
    )
)
_DROP_COMMANDS = command_set("displaystyle textstyle scriptstyle nonumber notag noindent")
_DROP_WITH_ARGUMENT = command_set("label tag")
_BOXES = command_set("boxed fbox framebox bbox")


def _env_name(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """After ``\\begin``/``\\end`` at i: the environment's name and the index after it."""
    j = next_nonspace(tokens, i + 1)
    if j < len(tokens) and tokens[j].kind is Kind.BEGIN:
        end = match_group(tokens, j)
        if end > 0:
            return plain_text(tokens[j + 1 : end]), end + 1
    return None


def wrappers(tokens: list[Token]) -> list[Token]:
    """Remove math delimiters, boxes, display environments, outer braces and final punctuation."""
    tokens = _close_open_groups(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_char(tok, "$") or (
            tok.kind is Kind.CONTROL and tok.text in ("\\[", "\\]", "\\(", "\\)")
        ):
            i += 1
            continue
        if is_cmd(tok, *_DROP_COMMANDS):
            i += 1
            continue
        if is_cmd(tok, *_DROP_WITH_ARGUMENT):
            arg = read_argument(tokens, i + 1)
            i = arg[1] if arg is not None else i + 1
            continue
        if is_cmd(tok, *_BOXES):
            j = next_nonspace(tokens, i + 1)
            if j < len(tokens) and tokens[j].kind is Kind.BEGIN:
                end = match_group(tokens, j)
                if end > 0:
                    # The box's content is rewritten in place; its braces go.
                    tokens = [*tokens[:i], *tokens[j + 1 : end], *tokens[end + 1 :]]
                    continue
            i += 1
            continue
        if is_cmd(tok, "\\begin") and _env_name(tokens, i) is not None:
            cases = _cases(
                tokens, i, next((t for t in reversed(out) if t.kind is not Kind.SPACE), None)
            )
            if cases is not None:
                tokens = [*tokens[:i], *cases[0], *tokens[cases[1] :]]
                i += len(cases[0])
                out.extend(cases[0])
                continue
        if is_cmd(tok, "\\begin", "\\end"):
            env = _env_name(tokens, i)
            if env is not None and env[0] in _DISPLAY_ENVS:
                i = env[1]
                if env[0] == "array" and tok.text == "\\begin":
                    spec = read_argument(tokens, i)  # the column spec, {ll}
                    if spec is not None:
                        i = spec[1]
                continue
        out.append(tok)
        i += 1
    if not any(is_cmd(t, "\\begin") for t in out):
        # Outside a matrix, alignment marks go and line breaks separate elements.
        out = _line_breaks(out)
    return _trim_outer(_drop_unmatched_closers(_drop_final_backslash(out)))


def _drop_final_backslash(tokens: list[Token]) -> list[Token]:
    """A lone backslash at the very end (``185\\``, a line break cut in half) escapes nothing."""
    end = len(tokens)
    while end and tokens[end - 1].kind is Kind.SPACE:
        end -= 1
    if end and is_char(tokens[end - 1], "\\"):
        return tokens[: end - 1]
    return tokens


def _line_breaks(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_char(tok, "&"):
            i += 1
            continue
        if _is_backslash_break(tok):
            out.append(Token(Kind.CHAR, ";"))
            j = next_nonspace(tokens, i + 1)
            if token_at(tokens, j) is not None and tokens[j].text == "[":
                end = match_group(tokens, j)  # \\[6pt]: a spacing argument
                if end > 0:
                    i = end + 1
                    continue
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _close_open_groups(tokens: list[Token]) -> list[Token]:
    """A brace group left open at the end (a truncated answer, ``\\frac{a}{\\sqrt{b}``) is
    closed there, as a reader would close it."""
    depth = 0
    for tok in tokens:
        if tok.kind is Kind.BEGIN:
            depth += 1
        elif tok.kind is Kind.END and depth > 0:
            depth -= 1
    return [*tokens, *([RBRACE] * depth)] if depth else tokens


def _drop_unmatched_closers(tokens: list[Token]) -> list[Token]:
    """A ``}`` that closes nothing (a typo, as in ``\\boxed{x}}``) is dropped."""
    out: list[Token] = []
    depth = 0
    for tok in tokens:
        if tok.kind is Kind.BEGIN:
            depth += 1
        elif tok.kind is Kind.END:
            if depth == 0:
                continue
            depth -= 1
        out.append(tok)
    return out


def _cases(tokens: Sequence[Token], i: int, before: Token | None) -> tuple[list[Token], int] | None:
    """A ``cases`` environment at i that is a whole answer, or the right-hand side that ends it,
    as the list of its values (conditions dropped): ``a, & r<R \\\\ b, & r>R`` is ``a; b``.
    ``before`` is the token kept before it."""
    env = _env_name(tokens, i)
    if env is None or env[0] != "cases":
        return None
    depth = 0
    j = env[1]
    while j < len(tokens):
        if is_cmd(tokens[j], "\\begin"):
            depth += 1
        elif is_cmd(tokens[j], "\\end"):
            if depth == 0:
                break
            depth -= 1
        j += 1
    end = _env_name(tokens, j) if j < len(tokens) else None
    if end is None or end[0] != "cases":
        return None
    after = token_at(tokens, next_nonspace(tokens, end[1]))
    alone_before = before is None or is_relation(before) or before.kind is Kind.BEGIN
    alone_after = (
        after is None
        or is_char(after, ".", ",", "$")
        or after.kind is Kind.END
        or after.text in ("\\]", "\\)")
    )
    if not (alone_before and alone_after):
        return None  # a piecewise factor inside an expression: no honest reading
    rows = split_top_level(tokens[env[1] : j], _is_backslash_break)
    values: list[list[Token]] = []
    for row in rows:
        value = strip_spaces(split_top_level(row, lambda t: is_char(t, "&"))[0])
        while value and is_char(value[-1], ",", ";", "."):
            value = strip_spaces(value[:-1])
        if value:
            values.append(value)
    out: list[Token] = []
    for n, value in enumerate(values):
        if n:
            out.extend([Token(Kind.CHAR, ";"), SPACE])
        out.extend(value)
    return out, end[1]


def _trim_outer(tokens: list[Token]) -> list[Token]:
    while True:
        before = len(tokens)
        tokens = strip_spaces(tokens)
        while tokens and (is_char(tokens[-1], ".", ",", ";") or _is_backslash_break(tokens[-1])):
            tokens = strip_spaces(tokens[:-1])
        while tokens and (is_char(tokens[0], ",", ";") or _is_backslash_break(tokens[0])):
            tokens = strip_spaces(tokens[1:])
        if tokens and tokens[0].kind is Kind.BEGIN and match_group(tokens, 0) == len(tokens) - 1:
            tokens = tokens[1:-1]
        if len(tokens) == before:
            return tokens


def _is_backslash_break(tok: Token) -> bool:
    return tok.kind is Kind.CONTROL and tok.text == "\\\\"


_SPACE_CONTROLS = frozenset({"\\,", "\\;", "\\:", "\\!", "\\ ", "\\>"})
_SPACE_COMMANDS = command_set(
    "thinspace medspace thickspace enspace negthinspace negmedspace negthickspace space hfill"
)
_SPACE_WITH_ARGUMENT = command_set("hspace vspace phantom hphantom vphantom kern mkern")
_DOTS = command_set("ldots cdots dots dotsc dotsb vdots")


# An index range closing an answer: "n = 0, \pm 1, \pm 2, \ldots", "(n = 1, 2, 3, ...)" or
# "n \in \mathbb{Z}" (spaces and spacing commands already removed from the text).
_INDEX = r"[A-Za-z](?:_\{?\w+\}?)?"
_INTEGER = r"(?:\\pm|\\mp|[+-])?\d+"
_DOTS_TEXT = r"(?:\\[lc]?dots[bc]?|\\ldotp|\.\.\.|…)"
_INDEX_RANGE = re.compile(
    rf"\(?(?:{_INDEX}=(?:{_INTEGER},)+(?:{_INTEGER},)*{_DOTS_TEXT}(?:,{_INTEGER})?"
    rf"|{_INDEX}\\in\\mathbb\{{[ZN]\}}(?:\^\{{?[+*]\}}?)?)\)?"
)
_BLANKS = re.compile(r"\s+|\\[,;:! ]|~|\\q?quad")
_MAX_RANGE_ITEMS = 12


def _drop_index_range(tokens: list[Token]) -> list[Token]:
    """The range of an integer index closing the answer (``k = \\frac{(2n+1)\\pi}{a},\\ (n = 0,
    \\pm 1, \\ldots)``) is a condition on the answer, not an element of it: it goes."""
    levels = depths(tokens)
    separators = [i for i, t in enumerate(tokens) if levels[i] == 0 and is_tuple_separator(t)]
    # A range lists a few integers: only the tails after the last few separators can be one
    # (and a long list is not read quadratically).
    for i in separators[-_MAX_RANGE_ITEMS:]:
        tail = _BLANKS.sub("", detokenize(tokens[i + 1 :]))
        if _INDEX_RANGE.fullmatch(tail) or _domain(tokens[i + 1 :]):
            return tokens[:i]
    return tokens


def _domain(tail: Sequence[Token]) -> bool:
    """A parenthesised inequality closing the answer, ``(r_2 > r > r_1)``: where it holds."""
    body = [t for t in tail if t.kind is not Kind.SPACE and t.text not in _SPACE_CONTROLS]
    body = [t for t in body if not is_cmd(t, *_SPACE_COMMANDS)]
    if len(body) < 3 or body[0] != LPAREN or match_group(body, 0) != len(body) - 1:
        return False
    inner = body[1:-1]
    levels = depths(inner)
    return any(
        levels[k] == 0 and (is_char(t, "<", ">") or is_cmd(t, *ORDER_RELATIONS))
        for k, t in enumerate(inner)
    )


def spacing(tokens: list[Token]) -> list[Token]:
    """Spacing commands become space tokens (keeping their text); sized spaces, phantoms and
    dots go, and so does an index range closing the answer (``n = 1, 2, \\ldots``)."""
    tokens = _drop_index_range(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.CONTROL and tok.text in _SPACE_CONTROLS:
            out.append(Token(Kind.SPACE, tok.text))
        elif is_char(tok, "~"):
            out.append(Token(Kind.SPACE, "~"))
        elif is_cmd(tok, *_SPACE_COMMANDS):
            out.append(Token(Kind.SPACE, " "))
        elif is_cmd(tok, *_SPACE_WITH_ARGUMENT):
            j = i + 1
            if is_char(token_at(tokens, j), "*"):
                j += 1
            arg = read_argument(tokens, j)
            i = arg[1] if arg is not None else j
            out.append(SPACE)
            continue
        elif is_cmd(tok, *_DOTS):
            pass
        else:
            out.append(tok)
        i += 1
    return out


_SIZERS = command_set(
    "big Big bigg Bigg bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm middle"
)


def sizing(tokens: list[Token]) -> list[Token]:
    """Drop \\left, \\right and \\big-style sizes; their bars become \\lvert/\\rvert."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_cmd(tok, "\\left", "\\right", *_SIZERS):
            j = next_nonspace(tokens, i + 1)
            delim = token_at(tokens, j)
            opening = tok.text == "\\left" or tok.text.endswith("l")
            closing = tok.text == "\\right" or tok.text.endswith("r")
            if delim is None:
                i += 1
                continue
            if is_char(delim, "."):
                i = j + 1
                continue
            if is_char(delim, "|") or is_cmd(delim, "\\vert"):
                if opening:
                    out.append(make_cmd("\\lvert"))
                elif closing:
                    out.append(make_cmd("\\rvert"))
                else:
                    out.append(Token(Kind.CHAR, "|"))
                i = j + 1
                continue
            if is_cmd(delim, "\\Vert") or (delim.kind is Kind.CONTROL and delim.text == "\\|"):
                out.append(Token(Kind.CONTROL, "\\|"))
                i = j + 1
                continue
            i = j  # the delimiter itself stays
            continue
        out.append(tok)
        i += 1
    return out

"""A small LaTeX tokenizer and helpers for rewriting token lists.

The physics dialect rewrites answers as token lists, never as raw strings, so that a rule about
``\\le`` cannot fire inside ``\\left`` and a rule about ``e`` cannot fire inside ``\\sec``.

Tokens:

- ``COMMAND``: ``\\name`` (a backslash and letters);
- ``CONTROL``: a backslash and one other character (``\\,``, ``\\{``, ``\\|``, ``\\\\``, ``\\ ``);
- ``BEGIN``/``END``: the TeX group braces ``{`` and ``}``;
- ``BRACKET``: ``(``, ``)``, ``[``, ``]``;
- ``SPACE``: a run of whitespace;
- ``NUMBER``: digits with at most one decimal point (``12``, ``0.5``, ``.5``);
- ``LETTER``: one ASCII letter (TeX reads ``ab`` as two symbols);
- ``PRIME``: ``'``;
- ``CHAR``: any other single character, unicode included;
- ``SYMBOL``: never produced by the tokenizer; rewrite rules use it for a finished symbol whose
  ``text`` is the symbol's final name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CLOSERS",
    "COMMA",
    "LBRACE",
    "LPAREN",
    "OPENERS",
    "RBRACE",
    "RPAREN",
    "SPACE",
    "Kind",
    "Token",
    "depths",
    "detokenize",
    "in_braces",
    "is_char",
    "is_cmd",
    "is_comma",
    "is_int",
    "is_tuple_separator",
    "make_cmd",
    "match_group",
    "match_group_back",
    "next_nonspace",
    "plain_text",
    "prev_nonspace",
    "read_argument",
    "split_top_level",
    "strip_spaces",
    "token_at",
    "tokenize",
]


class Kind(enum.Enum):
    COMMAND = "command"
    CONTROL = "control"
    BEGIN = "begin"
    END = "end"
    BRACKET = "bracket"
    SPACE = "space"
    NUMBER = "number"
    LETTER = "letter"
    PRIME = "prime"
    CHAR = "char"
    SYMBOL = "symbol"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str

    def __repr__(self) -> str:
        return f"{self.kind.name}({self.text!r})"


# Openers and their closers, for every kind of grouping that decides what is "top level".
OPENERS: dict[str, str] = {
    "{": "}",
    "(": ")",
    "[": "]",
    "\\{": "\\}",
    "\\lbrace": "\\rbrace",
    "\\lbrack": "\\rbrack",
    "\\langle": "\\rangle",
    "\\lvert": "\\rvert",
    "\\lVert": "\\rVert",
    "\\lfloor": "\\rfloor",
    "\\lceil": "\\rceil",
    "\\lgroup": "\\rgroup",
    "\\left": "\\right",
}
CLOSERS: dict[str, str] = {v: k for k, v in OPENERS.items()}


def tokenize(text: str) -> list[Token]:
    """Split LaTeX source into tokens; concatenating their texts gives the input back."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            j = i + 1
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            if j > i + 1:
                out.append(Token(Kind.COMMAND, text[i:j]))
                i = j
            elif j < n:
                out.append(Token(Kind.CONTROL, text[i : j + 1]))
                i = j + 1
            else:  # a lone trailing backslash
                out.append(Token(Kind.CHAR, c))
                i = j
        elif c.isspace():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            out.append(Token(Kind.SPACE, text[i:j]))
            i = j
        elif c.isascii() and (c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit())):
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            if j < n and text[j] == "." and j + 1 < n and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isascii() and text[j].isdigit():
                    j += 1
            out.append(Token(Kind.NUMBER, text[i:j]))
            i = j
        else:
            if c == "{":
                kind = Kind.BEGIN
            elif c == "}":
                kind = Kind.END
            elif c in "()[]":
                kind = Kind.BRACKET
            elif c == "'":
                kind = Kind.PRIME
            elif c.isascii() and c.isalpha():
                kind = Kind.LETTER
            else:
                kind = Kind.CHAR
            out.append(Token(kind, c))
            i += 1
    return out


def detokenize(tokens: Iterable[Token], symbol: Callable[[Token], str] | None = None) -> str:
    """Join tokens back into LaTeX.

    A space is put after a command when the next token starts with a letter, so that ``\\pi`` and
    ``r`` do not fuse into ``\\pir``. ``symbol`` renders SYMBOL tokens (default: their name).
    """
    parts: list[str] = []
    prev: Token | None = None
    for tok in tokens:
        text = symbol(tok) if (symbol is not None and tok.kind is Kind.SYMBOL) else tok.text
        if prev is not None and prev.kind is Kind.COMMAND and text[:1].isalpha():
            parts.append(" ")
        parts.append(text)
        prev = tok
    return "".join(parts)


def is_cmd(tok: Token | None, *names: str) -> bool:
    """Whether ``tok`` is one of the given commands (names with their backslash)."""
    return tok is not None and tok.kind is Kind.COMMAND and tok.text in names


def is_tuple_separator(tok: Token) -> bool:
    """Whether ``tok`` separates the elements of a tuple or list: ``,``, ``;``, ``\\quad``,
    ``\\qquad`` or a line break ``\\\\`` (meaningful at top level only)."""
    if tok.kind is Kind.CHAR:
        return tok.text in (",", ";")
    if tok.kind is Kind.COMMAND:
        return tok.text in ("\\quad", "\\qquad")
    return tok.kind is Kind.CONTROL and tok.text == "\\\\"


def _opens(tok: Token) -> bool:
    return tok.text in OPENERS and tok.kind is not Kind.CHAR


def _closes(tok: Token) -> bool:
    return tok.text in CLOSERS and tok.kind is not Kind.CHAR


def match_group(tokens: Sequence[Token], i: int) -> int:
    """Index of the token that closes the group opened at ``i``, or -1.

    Only the opener's own kind is counted, and brace groups inside are skipped whole, so the
    ``)`` in ``( {)} )`` does not close the paren.
    """
    opener = tokens[i].text
    closer = OPENERS.get(opener)
    if closer is None:
        return -1
    depth = 0
    j = i
    while j < len(tokens):
        t = tokens[j].text
        if opener != "{" and t == "{" and j != i:
            end = match_group(tokens, j)
            if end < 0:
                return -1
            j = end + 1
            continue
        if t == opener:
            depth += 1
        elif t == closer:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def match_group_back(tokens: Sequence[Token], j: int) -> int:
    """Index of the token that opens the group closed at ``j``, or -1 (the mirror of
    ``match_group``)."""
    closer = tokens[j].text
    opener = CLOSERS.get(closer)
    if opener is None:
        return -1
    depth = 0
    i = j
    while i >= 0:
        t = tokens[i].text
        if closer != "}" and t == "}" and i != j:
            start = match_group_back(tokens, i)
            if start < 0:
                return -1
            i = start - 1
            continue
        if t == closer:
            depth += 1
        elif t == opener:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return -1


def _matched_pairs(tokens: Sequence[Token]) -> dict[int, int]:
    """Opener index -> closer index, for the groups that are closed. An opener that is never
    closed (a lone ``\\lvert`` in ``|x\\rangle``) and a closer that closes nothing are not
    groups, so they do not push the rest of the text down a level."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if _closes(tok):
            opener = CLOSERS[tok.text]
            for k in range(len(stack) - 1, -1, -1):
                if tokens[stack[k]].text == opener:
                    pairs[stack[k]] = i
                    del stack[k:]
                    break
            else:
                if stack and _half_open(tokens, stack[-1], tok):
                    pairs[stack.pop()] = i
        elif _opens(tok):
            stack.append(i)
    return pairs


# A half-open interval's brackets, opener to closer.
_HALF_OPEN = {"(": "]", "[": ")"}


def _half_open(tokens: Sequence[Token], opener: int, closer: Token) -> bool:
    """Whether the opener at ``opener`` and ``closer`` bound a half-open interval that a
    membership states (``x \\in (0, 1]``, ``t \\notin [0, 1)``): a group, though its brackets
    differ."""
    if _HALF_OPEN.get(tokens[opener].text) != closer.text:
        return False
    k = opener - 1
    while k >= 0 and (tokens[k].kind is Kind.SPACE or tokens[k].text == "\\left"):
        k -= 1
    return k >= 0 and tokens[k].kind is Kind.COMMAND and tokens[k].text in ("\\in", "\\notin")


def depths(tokens: Sequence[Token]) -> list[int]:
    """Nesting depth of every token (an opener and its closer are at the outer depth)."""
    pairs = _matched_pairs(tokens)
    closers = set(pairs.values())
    out: list[int] = []
    depth = 0
    for i in range(len(tokens)):
        if i in closers:
            depth -= 1
            out.append(depth)
        elif i in pairs:
            out.append(depth)
            depth += 1
        else:
            out.append(depth)
    return out


def split_top_level(
    tokens: Sequence[Token], is_separator: Callable[[Token], bool]
) -> list[list[Token]]:
    """Split at depth-0 separators (the separators are dropped). Always returns >= 1 part."""
    parts: list[list[Token]] = [[]]
    for tok, d in zip(tokens, depths(tokens), strict=True):
        if d == 0 and is_separator(tok):
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def strip_spaces(tokens: Sequence[Token]) -> list[Token]:
    """Drop leading and trailing SPACE tokens."""
    lo, hi = 0, len(tokens)
    while lo < hi and tokens[lo].kind is Kind.SPACE:
        lo += 1
    while hi > lo and tokens[hi - 1].kind is Kind.SPACE:
        hi -= 1
    return list(tokens[lo:hi])


def next_nonspace(tokens: Sequence[Token], i: int) -> int:
    """First index >= i that is not a SPACE (len(tokens) if none)."""
    while i < len(tokens) and tokens[i].kind is Kind.SPACE:
        i += 1
    return i


def prev_nonspace(tokens: Sequence[Token], i: int) -> int:
    """Last index <= i that is not a SPACE (-1 if none)."""
    while i >= 0 and tokens[i].kind is Kind.SPACE:
        i -= 1
    return i


def read_argument(tokens: Sequence[Token], i: int) -> tuple[list[Token], int, list[Token]] | None:
    """Read one TeX argument starting at ``i`` (spaces skipped).

    Returns the argument's tokens (a brace group's content, or one token), the index just after
    it, and the tokens left over when the argument was cut from a longer token: a multi-digit
    number gives only its first digit, as TeX does (``\\frac12`` is one half), and its other
    digits are left over. Returns None at the end or before a closing token.
    """
    j = next_nonspace(tokens, i)
    if j >= len(tokens):
        return None
    tok = tokens[j]
    if tok.kind is Kind.BEGIN:
        end = match_group(tokens, j)
        if end < 0:
            return None
        return list(tokens[j + 1 : end]), end + 1, []
    if tok.kind is Kind.END or _closes(tok):
        return None
    if tok.kind is Kind.NUMBER and len(tok.text) > 1:
        rest = tokenize(tok.text[1:])
        return [Token(Kind.NUMBER, tok.text[0])], j + 1, rest
    return [tok], j + 1, []


# --------------------------------------------------------------------------------------------
# Building and testing single tokens: the small vocabulary every rewrite rule shares.

COMMA = Token(Kind.CHAR, ",")
SPACE = Token(Kind.SPACE, " ")
LBRACE = Token(Kind.BEGIN, "{")
RBRACE = Token(Kind.END, "}")
LPAREN = Token(Kind.BRACKET, "(")
RPAREN = Token(Kind.BRACKET, ")")


def make_cmd(name: str) -> Token:
    """A command token, ``name`` with its backslash."""
    return Token(Kind.COMMAND, name)


def in_braces(inner: Sequence[Token]) -> list[Token]:
    return [LBRACE, *inner, RBRACE]


def is_char(tok: Token | None, *chars: str) -> bool:
    return tok is not None and tok.kind is Kind.CHAR and tok.text in chars


def is_comma(tok: Token) -> bool:
    return is_char(tok, ",")


def is_int(tok: Token | None) -> bool:
    """A number token that is a non-negative integer literal."""
    return tok is not None and tok.kind is Kind.NUMBER and tok.text.isdigit()


def token_at(tokens: Sequence[Token], i: int) -> Token | None:
    """The token at i, or None when i is out of range (rules look around freely)."""
    return tokens[i] if 0 <= i < len(tokens) else None


def plain_text(tokens: Sequence[Token]) -> str:
    """Source text of tokens with spaces dropped, for names and vocabulary checks."""
    return "".join(t.text for t in tokens if t.kind is not Kind.SPACE)

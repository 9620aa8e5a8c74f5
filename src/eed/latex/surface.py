"""The written form of an answer with its typography removed, for a cheap sameness test.

Two answers whose surface keys are equal are the same text up to changes that no reading of
ours can see: the math delimiters around the whole answer, one ``\\boxed{...}`` around the whole
answer, ``\\dfrac`` or ``\\tfrac`` for ``\\frac``, and leading or trailing whitespace. Everything
else is kept token for token, spaces and line breaks included: spaces decide thousands
separators (``1 000``), and line breaks separate a condition from its answer.

Comparing keys costs microseconds, and it lets a pair whose prediction is the ground truth
retyped skip parsing and simplification, which for a long answer can take longer than its
budget.
"""

from __future__ import annotations

from .tokens import Kind, Token, match_group, tokenize

__all__ = ["surface_key"]

_SAME_AS_FRAC = frozenset({"\\dfrac", "\\tfrac"})
# Delimiters that may wrap a whole answer: (opening, closing).
_MATH_WRAPPERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))


def _unwrap_math(text: str) -> str:
    for opening, closing in _MATH_WRAPPERS:
        if len(text) < len(opening) + len(closing):
            continue
        if not (text.startswith(opening) and text.endswith(closing)):
            continue
        inner = text[len(opening) : len(text) - len(closing)]
        # ``$a$ and $b$`` is not one formula: the wrapper must be the only one.
        if "$" in inner or opening in inner or closing in inner:
            continue
        return inner.strip()
    return text


def _unbox(tokens: list[Token]) -> list[Token]:
    """The content of one ``\\boxed{...}`` that is the whole answer, else the tokens."""
    start = 0
    while start < len(tokens) and tokens[start].kind is Kind.SPACE:
        start += 1
    if start >= len(tokens) or tokens[start] != Token(Kind.COMMAND, "\\boxed"):
        return tokens
    brace = start + 1
    if brace >= len(tokens) or tokens[brace].kind is not Kind.BEGIN:
        return tokens
    end = match_group(tokens, brace)
    if end < 0 or any(t.kind is not Kind.SPACE for t in tokens[end + 1 :]):
        return tokens
    return _trim(tokens[brace + 1 : end])


def _trim(tokens: list[Token]) -> list[Token]:
    lo, hi = 0, len(tokens)
    while lo < hi and tokens[lo].kind is Kind.SPACE:
        lo += 1
    while hi > lo and tokens[hi - 1].kind is Kind.SPACE:
        hi -= 1
    return tokens[lo:hi]


def surface_key(latex: str) -> tuple[tuple[str, str], ...]:
    """A key equal for two answers only when they differ in typography alone."""
    tokens = _trim(tokenize(_unwrap_math(latex.strip())))
    tokens = _unbox(tokens)
    return tuple(
        (t.kind.value, "\\frac" if t.kind is Kind.COMMAND and t.text in _SAME_AS_FRAC else t.text)
        for t in tokens
    )

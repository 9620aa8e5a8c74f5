"""Answers spelled out in words that name one value: ``two``, ``\\text{twenty-five}``,
``one hundred and five``, ``infinity``, and ``no solution`` (the empty set).

Only a whole answer is read so: the words must be the answer and nothing else (a final period
and text commands aside). ``two of them``, ``one solution`` and ``\\text{the first one}`` stay
words, and a number word inside a formula stays letters.
"""

from __future__ import annotations

import re

import sympy

from ..config import Config
from .answer import Answer

__all__ = ["read_spelled_number", "read_spelled_set", "spelled_value"]

_ONES = {
    name: value
    for value, name in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    name: 10 * (i + 2)
    for i, name in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Text commands and math delimiters around the words; they change nothing.
_WRAPPER = re.compile(r"\\(?:text|textbf|textit|textrm|textnormal|mathrm|mbox)\s*\{([^{}]*)\}")
_EMPTY_SET = frozenset(["no solution", "no solutions", "empty set", "the empty set"])
_INFINITY = frozenset(["infinity", "positive infinity", "plus infinity"])
_NEGATIVE_INFINITY = frozenset(["negative infinity", "minus infinity"])


def _words(latex: str) -> str | None:
    """The answer's words, lower case and single-spaced, when it is nothing but words."""
    text = _WRAPPER.sub(r" \1 ", latex).replace("$", " ")
    text = " ".join(text.split()).rstrip(".").strip().lower()
    if not text or not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", text):
        return None
    return " ".join(text.replace("-", " ").split())


def spelled_value(words: str) -> int | None:
    """The whole number that ``words`` spell (``twenty five``, ``one hundred and five``,
    ``two thousand twenty``), or None when they spell none."""
    if words == "zero":
        return 0
    total, current, scale = 0, 0, None  # scale: the last thousand/million/billion, if any
    last = ""  # what the previous word was: "one", "ten", "hundred", "scale" or "and"
    for word in words.split():
        if word in _ONES and word != "zero" and last != "one":
            if last == "ten" and _ONES[word] >= 10:
                return None  # "twenty twelve"
            current += _ONES[word]
            last = "one"
        elif word in _TENS and last not in ("one", "ten"):
            current += _TENS[word]
            last = "ten"
        elif word == "hundred" and last == "one" and current < 10:
            current *= 100
            last = "hundred"
        elif word in _SCALES and word != "hundred" and last in ("one", "ten", "hundred"):
            if scale is not None and _SCALES[word] >= scale:
                return None  # "one thousand two thousand"
            scale = _SCALES[word]
            total += current * scale
            current = 0
            last = "scale"
        elif word == "and" and last in ("hundred", "scale"):
            last = "and"
        else:
            return None
    if last in ("", "and"):
        return None
    return total + current


def read_spelled_number(latex: str, config: Config) -> Answer | None:
    """A whole answer that spells a number (or infinity) in words, as that number."""
    words = _words(latex)
    if words is None:
        return None
    if words in _INFINITY:
        return Answer("expression", (sympy.oo,))
    if words in _NEGATIVE_INFINITY:
        return Answer("expression", (-sympy.oo,))
    if "infinit" in words:
        # Any other words about infinity ("not infinity", "infinity squared", "infinite") are
        # words, not infinity: a text answer.
        return Answer("expression", (sympy.Symbol(f'"{words}"'),))
    value = spelled_value(words)
    return None if value is None else Answer("expression", (sympy.Integer(value),))


def read_spelled_set(latex: str, config: Config) -> Answer | None:
    """A whole answer that says there is no solution, as the empty set."""
    words = _words(latex)
    if words is None or words not in _EMPTY_SET:
        return None
    return Answer("expression", (sympy.EmptySet,))

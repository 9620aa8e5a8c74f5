"""The checks on the raw strings, before any parsing."""

from __future__ import annotations

import re
from typing import NamedTuple

from .. import units
from ..config import Config
from ..extract import Located, bound_statement, bound_words, locate, message_text, outside_math
from ..latex.surface import surface_key
from ..result import Result, Status
from .outcomes import equivalent, fail

__all__ = ["Screened", "answer_text", "guards", "screen"]


# Math syntax in what surrounds an answer: it is part of the answer, not words around it.
_MATH_AROUND = re.compile(r"[\\^_{}=+*/<>|×÷·−–‰√]|(?<![A-Za-z])-|-(?![A-Za-z])")
# What touches an answer and changes it: a percent sign, digits, a lone variable letter
# (``x $5$``, ``$5$ .5``, ``$5$%``).
_TOUCHING_BEFORE = re.compile(r"(?:\d\s*\.?|(?:^|\s)(?![aAI]\b)[A-Za-z])\s*$")
# The number of a list item at the start of its line: ``1. \\boxed{5}``.
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*\d+\.[ \t]*(?:\$\$?|\\[(\[])?[ \t]*$")
_TOUCHING_AFTER = re.compile(r"^\s*(?:[‰'%]|\.?\d)")
_PERCENT_AFTER = re.compile(r"^\s*%")
# Operators that would apply to a box from outside it: ``-\\boxed{x}``, ``\\boxed{x}^2``.
_BEFORE_BOX = re.compile(
    r"(?:[-+*/^_(\\[×·÷−–√]"
    r"|\\left\s*[(\\[]|\\(?:cdot|times|frac))\s*$"
)
# (Notes after it are not: ``\\boxed{9} \\pmod{11}``, ``\\boxed{3} \\text{ cm}``, spacing.)
_AFTER_BOX = re.compile(
    r"^\s*(?:[\^_*/%‰×·÷|)]|[-+−–]\s*[\d\\({]"
    r"|\\(?!(?:pmod|bmod|text|quad|qquad)(?![A-Za-z])|[,;:! ]))"
)
# Markdown bold around a label or an answer (``**Final Answer:** \\boxed{5}``) is no product;
# ``2**\\boxed{5}`` and ``\\boxed{5}**2`` are powers.
# A bold label is an answer word: ``**Final Answer:**``, ``**Answer**``, ``**Result:**``.
_BOLD_LABEL = re.compile(
    r"(?:^|(?<=\s))\*\*\s*(?:(?:the\s+)?(?:final\s+)?(?:answer|solution|result)s?\s*:?)\s*\*\*",
    re.IGNORECASE,
)
# Bold that opens right before the answer (after a space or at the start, before its math).
_BOLD_OPENS = re.compile(r"(?:^|(?<![\s$})\]\d\\])\s+)\*\*\s*(?:\$\$?|\\[(\[])?\s*$")
# A lone variable letter right after an answer (``$5$ x``); a unit letter (``m``) is a unit.
_LETTER_AFTER = re.compile(r"^\s*(?![aAI]\b)([A-Za-z])(?![A-Za-z])")
_OPENING_MATH = re.compile(r"(?:\s|\$|(?<!\\)\\[(\[])*$")
_CLOSING_MATH = re.compile(r"^(?:\s|\$|\\[)\]])*")


_LONE_LETTER = re.compile(r"[A-Za-z](?![A-Za-z])")


def _unbolded(before: str, after: str, raw_before: str) -> tuple[str, str]:
    """The text before and after an answer without a bold label before it and without bold
    stars that wrap it, touching it on both sides (``**$5$**``); other stars stay, as in
    ``$2$**$5$**`` (``raw_before``, the text before with its math, ends in math there)."""
    before = _BOLD_LABEL.sub(" ", before)
    raw_before = _BOLD_LABEL.sub(" ", raw_before)
    opens = _BOLD_OPENS.search(raw_before)
    if opens and before.endswith("**") and after.startswith("**"):
        before, after = before[:-2], after[2:]
    return before, after


def _touched(before: str, after: str, unit: str) -> bool:
    """Whether digits, a percent sign or a variable letter touch the answer (``x $5$``,
    ``$5$ .5``, ``$5$ x``): then they are part of it. A unit letter after it is its unit."""
    letter = _LETTER_AFTER.match(after)
    return bool(
        _TOUCHING_BEFORE.search(before)
        or _TOUCHING_AFTER.match(after)
        or (letter and not unit.startswith(letter.group(1)))
    )


def _words_around(found: Located, unit: str) -> tuple[str, bool]:
    """The words around the answer, its math taken out, without bold that labels or wraps
    it, and whether a percent sign follows the answer (``$5$%``: it is the answer's)."""
    before, after = _unbolded(outside_math(found.before), outside_math(found.after), found.before)
    percent = _PERCENT_AFTER.match(after) is not None
    after = _PERCENT_AFTER.sub(" ", after, count=1)
    if _touched(before, after, unit):
        return "*", percent  # read whole: what touches the answer is part of it
    return before + " " + after, percent


def _unit_prefix(words: str) -> str:
    """The longest run of words that ``words`` starts with and that is a unit."""
    parts = words.split()
    for n in range(min(len(parts), 3), 0, -1):
        candidate = " ".join(parts[:n]).rstrip(",:")
        if units.is_unit(candidate):
            return candidate
    return ""


def answer_text(pred: str, config: Config) -> str:
    """The prediction as it is read: its final answer when the config extracts one.

    Words around the answer are dropped; math around it is not: in ``-\\left($$x$$\\right)``
    or ``-\\boxed{x}`` the sign belongs to the answer, so the text is read whole. A unit
    written after the extracted math (``the speed is $5$ m/s.``) belongs to the answer too:
    without it, ``5`` would be compared as a bare number."""
    return _read(pred, config)[0]


def _read(pred: str, config: Config) -> tuple[str, str | None]:
    """`answer_text`, and the words that make the answer a bound or a negation, if any, from
    one extraction."""
    if not config.extract:
        return pred, None
    found = locate(pred)
    bound = bound_statement(message_text(pred))
    answer, rule = found.extraction
    if rule in ("whole", "empty"):
        return answer, bound
    bound = bound or bound_words(found.before, found.after)
    if bound:
        return pred, bound  # "at least $3$", "not \\boxed{3}": the words are part of the answer
    return _extracted_text(pred, found, config), None


def _extracted_text(pred: str, found: Located, config: Config) -> str:
    """The extracted answer with its unit, or the whole prediction when math around the
    answer belongs to it."""
    answer, rule = found.extraction
    unit = found.tail if found.tail and config.units and units.is_unit(found.tail) else ""
    if rule == "concluded":
        # Words after a number in prose: the unit they start with is the number's; a lone
        # letter that is no unit is a variable (``5 x``), so the number is no answer.
        unit = _unit_prefix(found.tail) if config.units else ""
        if not unit and _LONE_LETTER.match(found.tail):
            return pred
    elif rule == "stated":
        # The words that state it say where it starts; a variable letter after it goes on
        # with it (``The answer is **$5$ x**``), a unit does not.
        letter = _LETTER_AFTER.match(found.tail.replace("*", " "))
        if letter and not unit.startswith(letter.group(1)):
            return pred
    elif rule.startswith("boxed"):
        # Math delimiters around a box are no operators on it: ``\\[\\boxed{x}\\]``.
        before = _OPENING_MATH.sub("", found.before)
        before, after = _unbolded(before, _CLOSING_MATH.sub("", found.after), before)
        before, after = _OPENING_MATH.sub("", before), _CLOSING_MATH.sub("", after)
        if _BEFORE_BOX.search(before) or _AFTER_BOX.search(after):
            return pred
        # Digits or a variable touching the box are part of it (``1 \\boxed{5}``,
        # ``x \\boxed{5}``, ``\\boxed{5}.5``); a list item's number (``1.``) is not.
        numbered = _LIST_NUMBER.search(found.before) is not None
        if _touched(" " if numbered else before, after, unit):
            return pred
    else:
        words, percent = _words_around(found, unit)
        if unit:
            words = words.replace(unit, " ", 1)
        if _MATH_AROUND.search(words):
            return pred
        if percent:
            return f"{answer}\\%"  # ``$5$%``: the percent sign is the answer's
    if unit:
        written = unit if "\\" in unit else "\\text{" + unit + "}"
        return f"{answer}\\,{written}"
    return answer


class Screened(NamedTuple):
    """What the checks before parsing found: the prediction's text as it is read (its
    `answer_text`; empty for an input that is not a str), and the Result that decides the
    pair already, if any."""

    pred: str
    early: Result | None


def screen(gt: object, pred: object, config: Config) -> Screened:
    """Every check that runs before parsing, the same on every path: the input types, then the
    guards on the raw ground truth and the prediction's answer text."""
    for value, who in ((gt, "ground truth"), (pred, "prediction")):
        if not isinstance(value, str):
            kind = "None" if value is None else type(value).__name__
            return Screened(
                "", fail(Status.INVALID_INPUT, f"the {who} is {kind}, not a str", config)
            )
    assert isinstance(gt, str) and isinstance(pred, str)
    text, bound = _read(pred, config)
    if bound is not None:
        # Read whole, the words would be dropped as prose and the value alone would remain.
        reason = (
            "the prediction's answer follows words that make it a bound or a negation "
            f"(...{bound!r})"
        )
        return Screened(text, fail(Status.SCORED, reason, config, method="prose"))
    return Screened(text, guards(gt, text, config))


def guards(gt: str, pred: str, config: Config) -> Result | None:
    """The checks that run on the raw strings, before any parsing."""
    if not pred.strip():
        return fail(Status.EMPTY, "the prediction is empty", config)
    if not gt.strip():
        return fail(Status.EMPTY, "the ground truth is empty", config)
    if "\x00" in gt:
        return fail(Status.GT_PARSE_ERROR, "the ground truth contains a NUL character", config)
    if "\x00" in pred:
        return fail(Status.PRED_PARSE_ERROR, "the prediction contains a NUL character", config)
    if config.reject_int_sum:
        if "\\int" in pred or "\\int" in gt:
            side = "prediction" if "\\int" in pred else "ground truth"
            return fail(
                Status.UNSUPPORTED, f"the {side} contains \\int", config, method="guard_int"
            )
        if "\\sum" in pred or "\\sum" in gt:
            side = "prediction" if "\\sum" in pred else "ground truth"
            return fail(
                Status.UNSUPPORTED, f"the {side} contains \\sum", config, method="guard_sum"
            )
    if gt == pred:
        return equivalent("the two strings are identical", config, method="identical")
    if config.dialect.typography_blind and surface_key(gt) == surface_key(pred):
        return equivalent(
            "the two answers differ in typography only (delimiters, \\boxed, \\dfrac)",
            config,
            method="identical",
        )
    if config.length_guard is not None and len(pred) > config.length_guard * len(gt):
        return fail(
            Status.TOO_LONG,
            f"the prediction is {len(pred)} characters, more than "
            f"{config.length_guard:g}x the ground truth's {len(gt)}",
            config,
            method="guard_length",
        )
    return None

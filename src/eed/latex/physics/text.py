"""Rules for characters and words: unicode, prose, labels, conditions and verbal answers.

- ``unicode``: unicode Greek letters (``α``..``ω``, ``Α``..``Ω``), ``×``, ``·``, ``−``,
  ``√``, ``∞``, ``±``, ``≈``, ``≤``, ``°``, ``′``, superscript digits... become LaTeX, and the
  escapes ``\\_`` and ``\\*`` are ``_`` and ``*``.
- ``text_units``: units after a number are removed (``9.8\\,\\mathrm{m/s^2}``,
  ``3\\text{ m/s}``, ``\\text{5 kg}``, ``278.5 K``, ``25^\\circ C``), and so is a unit-like text
  at the end of an expression after a space (``\\sqrt{2gh}\\ \\mathrm{m/s}``). A bare unit (not
  in a text command) is only removed when it cannot be read as a product of variables:
  ``2 mg`` stays ``2mg`` and ``2\\,m`` stays ``2m``, but ``5 kg``, ``9.8 m/s^2``, ``278.5 K``
  and ``2.2 microseconds`` lose their units. Prose in text commands (``\\text{(a)}``,
  ``\\text{ (upward)}``) and labels (``a)``, ``(ii)``, ``(a):``) are removed, a condition
  (``\\text{if}``, ``\\text{for}``, ``\\text{where}``...) is removed with the rest of its
  element, and ``\\text{and}``/``\\text{or}`` become commas. An answer that is nothing but
  words becomes one symbol named by its words, quoted and in lower case (``\\text{No
  Violation}`` is ``"no violation"``), so that two verbal answers compare as equal or
  different instead of as products of letters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..tokens import (
    COMMA,
    SPACE,
    Kind,
    Token,
    depths,
    detokenize,
    in_braces,
    is_char,
    is_cmd,
    is_tuple_separator,
    make_cmd,
    match_group,
    match_group_back,
    next_nonspace,
    read_argument,
    strip_spaces,
    token_at,
    tokenize,
)
from .units import numeric_end, remove_units, unit_tail
from .words import (
    ASCII_MUCH,
    ASCII_RELATIONS,
    CONDITION_WORDS,
    EQUALITY_RELATIONS,
    FONT_SWITCHES,
    MEMBERSHIP,
    SCALE_WORDS,
    TEXT_FONTS,
    is_relation,
    is_unit_text,
    split_words,
)

__all__ = [
    "ConditionMath",
    "condition_math",
    "negates_condition",
    "sets_condition",
    "text_units",
    "unicode",
    "writes_relation",
]


_UNICODE_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωϵϑϕϱςϖ",
        split_words(
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi"
            " rho sigma tau upsilon phi chi psi omega epsilon theta phi rho sigma varpi"
        ),
        strict=True,
    )
)
_UNICODE_CAPITALS = dict(
    zip(
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
        split_words(
            "A B \\Gamma \\Delta E Z H \\Theta I K \\Lambda M N \\Xi O \\Pi P \\Sigma T"
            " \\Upsilon \\Phi X \\Psi \\Omega"
        ),
        strict=True,
    )
)
_UNICODE: dict[str, str] = {
    **{k: "\\" + v for k, v in _UNICODE_GREEK.items()},
    **_UNICODE_CAPITALS,
    "µ": "\\mu",
    "ħ": "\\hbar",
    "ℏ": "\\hbar",
    "×": "\\times",
    "·": "\\cdot",
    "⋅": "\\cdot",
    "∙": "\\cdot",
    "•": "\\cdot",
    "∗": "*",
    "Ω": "\\Omega",
    "−": "-",
    "–": "-",
    "‐": "-",
    "÷": "\\div",
    "√": "\\sqrt",
    "∛": "\\sqrt[3]",
    "∞": "\\infty",
    "±": "\\pm",
    "∓": "\\mp",
    "≈": "\\approx",
    "≃": "\\simeq",
    "≅": "\\cong",
    "∼": "\\sim",
    "≤": "\\le",
    "⩽": "\\le",
    "≥": "\\ge",
    "⩾": "\\ge",
    "≠": "\\neq",
    "≡": "\\equiv",
    "∝": "\\propto",
    "→": "\\to",
    "⟶": "\\to",
    "⇒": "\\Rightarrow",
    "⟹": "\\Rightarrow",
    "≪": "\\ll",
    "≫": "\\gg",
    "⟨": "\\langle",
    "⟩": "\\rangle",
    "°": "^{\\circ}",
    "′": "'",
    "″": "''",
    "‴": "'''",
    "∂": "\\partial",
    "∇": "\\nabla",
    "∑": "\\sum",
    "∫": "\\int",
    "…": "\\ldots",
    "⋯": "\\cdots",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-", strict=True))


def unicode(tokens: list[Token]) -> list[Token]:
    """Read unicode math characters as their LaTeX equivalents."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.CHAR and (tok.text in _SUPERSCRIPTS or tok.text in _SUBSCRIPTS):
            table, mark = (_SUPERSCRIPTS, "^") if tok.text in _SUPERSCRIPTS else (_SUBSCRIPTS, "_")
            j = i
            digits = ""
            while j < len(tokens) and tokens[j].kind is Kind.CHAR and tokens[j].text in table:
                digits += table[tokens[j].text]
                j += 1
            out.extend(tokenize(mark + "{" + digits + "}"))
            i = j
            continue
        nxt = token_at(tokens, i + 1)
        if is_char(tok, *ASCII_RELATIONS) and is_char(nxt, "="):
            out.extend(tokenize(ASCII_RELATIONS[tok.text]))  # x >= 5 is x \geq 5
            i += 2
            continue
        if is_char(tok, *ASCII_MUCH) and is_char(nxt, tok.text):
            out.extend(tokenize(ASCII_MUCH[tok.text]))  # x << 1 is x \ll 1
            i += 2
            continue
        if tok.kind is Kind.CONTROL and tok.text in ("\\_", "\\*"):
            out.append(Token(Kind.CHAR, tok.text[1]))  # m\_e is m_e, 5\*10^3 is 5*10^3
        elif tok.kind is Kind.CHAR and tok.text in _UNICODE:
            out.extend(tokenize(_UNICODE[tok.text]))
        else:
            out.append(tok)
        i += 1
    return out


def _font_group(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """A text or font command at i and its argument: (argument tokens, index after)."""
    if not is_cmd(tokens[i], *TEXT_FONTS):
        return None
    arg = read_argument(tokens, i + 1)
    if arg is None or arg[2]:
        return None
    return arg[0], arg[1]


def _font_switches(tokens: list[Token]) -> list[Token]:
    """``{\\rm MeV}`` as ``\\mathrm{MeV}``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.BEGIN:
            j = next_nonspace(tokens, i + 1)
            sw = token_at(tokens, j)
            end = match_group(tokens, i)
            if sw is not None and sw.text in FONT_SWITCHES and end > 0:
                out.append(make_cmd(FONT_SWITCHES[sw.text]))
                out.extend(in_braces(strip_spaces(_font_switches(tokens[j + 1 : end]))))
                i = end + 1
                continue
        if tok.text in FONT_SWITCHES and tok.kind is Kind.COMMAND:
            j = next_nonspace(tokens, i + 1)
            if token_at(tokens, j) is not None and tokens[j].kind is Kind.BEGIN:
                out.append(make_cmd(FONT_SWITCHES[tok.text]))  # \rm {Newton}
            i += 1  # elsewhere a switch changes nothing we read
            continue
        out.append(tok)
        i += 1
    return out


_LABEL_RE = re.compile(r"\(?\s*(?:[a-zA-Z]|[ivx]+|\d+)\s*\)")


def _is_prose(text: str) -> bool:
    s = text.strip()
    if _LABEL_RE.fullmatch(s):
        return True  # a label, ``(c)``, even where its letter could be a unit
    if not s or is_unit_text(s):
        return False
    if s.startswith("(") and s.endswith(")"):
        return True
    if any(c in s for c in ":?!;,"):
        return True
    words = re.findall(r"[A-Za-z]+", re.sub(r"\\[A-Za-z]+", " ", s))  # command names are not words
    return len(words) >= 2 and any(len(w) >= 2 for w in words)


def _next_separator(tokens: Sequence[Token], levels: Sequence[int], i: int) -> int:
    while i < len(tokens) and not (levels[i] == 0 and is_tuple_separator(tokens[i])):
        i += 1
    return i


def _quantity_in_text(content: Sequence[Token]) -> list[Token] | None:
    """The number of a text that is a number and its unit (``5 kg``), or None."""
    toks = strip_spaces(content)
    k = 1 if is_char(token_at(toks, 0), "-", "+") else 0
    end = numeric_end(toks, k, len(toks))
    if end == k or end == len(toks) or not unit_tail(toks[end:], toks[k:end]):
        return None
    return toks[:end]


# Words in a text after a number that change the quantity it counts (``6\\text{ more apples}``,
# ``6\\text{ meters each}``): such text is never dropped as prose, so the number does not stand
# alone for another quantity.
_QUALIFIERS = frozenset(
    [
        "more",
        "fewer",
        "less",
        "extra",
        "additional",
        "each",
        "apiece",
        "per",
        "missing",
        "short",
        "of",
    ]
)


def _after_number(out: list[Token]) -> bool:
    """Whether the last token written, spaces aside, is a number."""
    for tok in reversed(out):
        if tok.kind is not Kind.SPACE:
            return tok.kind is Kind.NUMBER
    return False


def _drop_prose(tokens: list[Token]) -> list[Token]:
    """Remove prose and labels in text commands; a condition goes with the rest of its element;
    ``\\text{and}``, and ``and`` or ``or`` with spaces around them, become commas."""
    levels = depths(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        group = _font_group(tokens, i)
        if group is not None and levels[i] == 0:
            content, end = group
            raw = detokenize(content).strip()
            words = raw.lower().split()
            if raw.lower() in ("and", "or", "&", "\\&"):
                out.append(COMMA)
                i = end
                continue
            condition = _condition_at(tokens, levels, i)
            if condition is not None:
                i = condition[1]
                continue
            quantity = _quantity_in_text(content)
            if quantity is not None:  # \text{5 kg}: the number stays, its unit goes
                out.extend(quantity)
                i = end
                continue
            kept = SCALE_WORDS | (_QUALIFIERS if _after_number(out) else frozenset())
            if not raw or (_is_prose(raw) and not kept & set(words)):
                out.append(SPACE)
                i = end
                continue
        if levels[i] == 0 and _spaced_conjunction(tokens, i):
            out.append(COMMA)
            i += len("and") if tokens[i].text == "a" else len("or")
            continue
        out.append(tokens[i])
        i += 1
    return out


class ConditionMath(NamedTuple):
    """The math of one condition in words, as written. ``sets``: its words set a condition
    (``for``, ``at``), so an equality in it says where the answer holds (``at t = 0``), not
    what a symbol stands for (``where k = 1/4\\pi\\varepsilon_0``). ``either``: its parts are
    joined by ``or``, so the answer holds where any of them does."""

    text: str
    sets: bool = False
    either: bool = False
    negated: bool = False  # opened by ``unless``: the answer holds where it does not


def condition_math(latex: str) -> list[ConditionMath]:
    """The relations in the math that a condition in words removes with the rest of its element
    (``A \\geq 150`` and ``-\\varepsilon < 0`` in ``E > 0 \\text{ for } \\alpha\\text{-decay (for }
    A \\geq 150\\text{); } -\\varepsilon < 0``), each as written: the reading drops them from the
    value, but two answers that state different ones are different answers."""
    tokens = _font_switches(unicode(tokenize(latex)))
    levels = depths(tokens)
    found: list[ConditionMath] = []
    i = 0
    while i < len(tokens):
        group = _font_group(tokens, i) if levels[i] == 0 else None
        words = detokenize(group[0]) if group is not None else ""
        if _opens_condition(words.lstrip(" ,;:(")):
            # ``\text{ where $E < 0$}``, ``\text{, for \(t > 0\)}``: the condition's math
            # written inside its words, which the reading drops with them; ``\text{for t > 0}``:
            # a relation written as plain words.
            sets, negated = sets_condition(words), negates_condition(words)
            texts = _math_in_words(words, sets, negated) or _plain_relation(words, sets, negated)
            either = _joined_by_or(words)
            found.extend(m._replace(either=m.either or either) for m in texts)
        condition = _condition_at(tokens, levels, i)
        if condition is None:
            i += 1
            continue
        found.extend(
            _relations_between_words(
                tokens[condition[0] : condition[1]],
                sets_condition(words),
                negates_condition(words),
            )
        )
        i = condition[1]
    return found


# Condition words after which an equality says where the answer holds (``for t = 0``,
# ``at x = L``, ``when n = 1``); after the others (``where``, ``with``, ``given``) it says what
# a symbol stands for.
_SETTING_WORDS = frozenset(split_words("if for when whenever at unless"))


def _opening_word(words: str) -> str:
    """The first word of words, after punctuation and any validity words (``valid for``)."""
    split = words.lower().strip(" ,;:(").split()
    while len(split) > 1 and split[0] in _VALIDITY_WORDS:
        split = split[1:]
    return split[0] if split else ""


def sets_condition(words: str) -> bool:
    """Whether words open a condition with a word that sets one (``_SETTING_WORDS``)."""
    return _opening_word(words) in _SETTING_WORDS


def negates_condition(words: str) -> bool:
    """Whether words open a condition with ``unless``: the answer holds where it does not."""
    return _opening_word(words) == "unless"


# Words after ``or`` that restate a condition rather than give an alternative to it.
_RESTATING = frozenset(split_words("equivalently rather alternatively simply i.e. ie written"))


def _joined_by_or(words: str) -> bool:
    """Whether words join the parts of a condition with ``or`` (``for $t<0$ or $t>1$``), not
    to restate it (``or equivalently``)."""
    split = [w for w in re.split(r"[^a-z.]+", _INLINE_MATH.sub(" ", words).lower()) if w]
    return any(
        w == "or" and (k + 1 == len(split) or split[k + 1] not in _RESTATING)
        for k, w in enumerate(split)
    )


# Words that may stand before a condition word without changing it: ``valid for``, ``only if``.
_VALIDITY_WORDS = frozenset(("valid", "only", "holds", "true", "applies", "applicable"))


def _opens_condition(words: str, validity: bool = True) -> bool:
    """Whether a text command's words open with a condition word (``where``, ``for``), after
    words that only say the answer holds there (``valid for``, ``only if``) when
    ``validity``."""
    split = words.lower().split()
    while validity and len(split) > 1 and split[0] in _VALIDITY_WORDS:
        split = split[1:]
    return bool(split) and split[0] in CONDITION_WORDS


_INLINE_MATH = re.compile(r"\$([^$]+)\$|\\\((.+?)\\\)")


def writes_relation(text: str) -> bool:
    """Whether a text writes a relation or a membership, read or not (``<``, ``≥``,
    ``\\geq``, ``\\to``, ``\\in``)."""
    return any(is_relation(t) or is_cmd(t, *MEMBERSHIP) for t in unicode(tokenize(text)))


def _label_holds_no_other(words: str) -> bool:
    """Whether a label's words (``For small angles:``) hold no relation, or only one that
    `condition_math` reads as the condition (``For $r > R$:``, ``For r > R:``): a relation it
    cannot read leaves the words a condition on what follows, as before any label."""
    if not writes_relation(words):
        return True
    sets = sets_condition(words)
    return bool(_math_in_words(words, sets) or _plain_relation(words, sets))


def _condition_at(tokens: Sequence[Token], levels: Sequence[int], i: int) -> tuple[int, int] | None:
    """The condition in words a text command at i opens (``\\text{ where } \\Delta T > 0``):
    where its math starts and where it ends (the next separator); None when none opens there."""
    group = _font_group(tokens, i) if levels[i] == 0 else None
    # Words before any math are a label, not a condition on it (``\\text{Valid for small
    # angles: } T = ...``): validity words open a condition only after the answer's math.
    after_math = any(t.kind is not Kind.SPACE for t in tokens[:i])
    if group is None or not _opens_condition(detokenize(group[0]), validity=after_math):
        return None
    words = detokenize(group[0])
    if not after_math and words.rstrip().endswith(":") and _label_holds_no_other(words):
        return None  # ``\\text{For small angles: } T = ...``: a label, closed by its colon
    return group[1], _next_separator(tokens, levels, group[1])


def _relations_between_words(
    tokens: list[Token], sets: bool = False, negated: bool = False
) -> list[ConditionMath]:
    """The runs of math between the text commands of ``tokens`` that hold a relation other than
    an equality, or also an equality when the condition's words set one (``sets``); a run
    after ``unless`` (or every run, when ``negated``) is negated."""
    levels = depths(tokens)
    runs: list[list[Token]] = [[]]
    negations = [negated]
    inline: list[ConditionMath] = []
    either = False
    i = 0
    while i < len(tokens):
        group = _font_group(tokens, i) if levels[i] == 0 else None
        if group is not None:
            # ``\text{ and $y < 1$}``: a later part of the condition, in math inside words
            # that go on with it (not commentary: ``\text{, which gives $E > 0$}``).
            words = detokenize(group[0])
            # ``unless n = 1 or n = 2``: a conjunction goes on with the negated part.
            unless = negates_condition(words) or (
                _opening_word(words) in _CONJUNCTIONS and negations[-1]
            )
            runs.append([])
            negations.append(unless)
            if _continues_condition(words):
                inline.extend(_math_in_words(words, sets, unless))
                either = either or _joined_by_or(words)
            i = group[1]
            continue
        if levels[i] == 0 and is_cmd(tokens[i], *_LOGICAL_JOINS):
            # ``t < 0 \\lor t > 1``: two parts of the condition, alternatives after ``\\lor``.
            runs.append([])
            negations.append(negations[-1])
            either = either or is_cmd(tokens[i], *_LOGICAL_OR)
            i += 1
            continue
        runs[-1].append(tokens[i])
        i += 1
    out = []
    for run, negation in zip(runs, negations, strict=True):
        run_levels = depths(run)
        if any(
            d == 0
            and (
                (is_relation(t) and (sets or t.text not in EQUALITY_RELATIONS))
                or is_cmd(t, *MEMBERSHIP)
            )
            for t, d in zip(run, run_levels, strict=True)
        ):  # a definition (``\\text{where } k = 1/4\\pi\\varepsilon_0``) is no condition
            out.append(ConditionMath(detokenize(strip_spaces(run)), sets, negated=negation))
    return [m._replace(either=m.either or either) for m in out + inline]


# Words that join the parts of one condition.
_CONJUNCTIONS = frozenset(("and", "or"))
# Logical joins written in math between the parts of a condition.
_LOGICAL_OR = ("\\lor", "\\vee")
_LOGICAL_JOINS = (*_LOGICAL_OR, "\\land", "\\wedge")

# Words that go on with a condition: a conjunction or a word that sets one (not ``so``,
# ``hence``, ``i.e.``, which open commentary).
_CONTINUING = frozenset(
    split_words("and or if for when whenever where while with provided assuming given unless at")
)


def _continues_condition(words: str) -> bool:
    """Whether words inside a condition go on with it (``and``, ``if``; see ``_CONTINUING``)."""
    split = words.lower().strip(" ,;:(").split()
    return bool(split) and split[0] in _CONTINUING


def _math_in_words(words: str, sets: bool = False, negated: bool = False) -> list[ConditionMath]:
    """The relations of the inline math (``$...$``, ``\\(...\\)``) written inside words; the
    math after an ``unless`` in them is negated (``for $t > 0$ unless $x = 1$``)."""
    found: list[ConditionMath] = []
    start = 0
    for math in _INLINE_MATH.finditer(words):
        between = set(re.split(r"[^a-z]+", words[start : math.start()].lower()))
        if "unless" in between:
            negated = True
        elif between & (_CONTINUING - _CONJUNCTIONS):
            negated = False  # a new condition word; ``and``, ``or`` go on with the last
        text = math.group(1) or math.group(2)
        found.extend(_relations_between_words(unicode(tokenize(text)), sets, negated))
        start = math.end()
    return found


# A relation written as plain words after a condition word, with nothing else in the words:
# ``for t > 0``, ``if x_1 <= 2``, ``for all n >= 1``, ``when 0 < x < 1``, ``valid for t > 2 s``,
# ``for x < a/2``. A side is a name or a number (with a unit word: ``2 s``), or one over
# another (``a/2``).
_PLAIN_TERM = r"(?:[A-Za-z](?:_\{?\w+\}?)?|\d+(?:\.\d+)?(?:\s*(?!(?:and|or)\b)[A-Za-z]{1,3}\b)?)"
_PLAIN_SIDE = rf"-?{_PLAIN_TERM}(?:\s*/\s*{_PLAIN_TERM})?"
_PLAIN_OP = r"(?:<<|>>|<=|>=|!=|<|>|≤|≥|≠|=|\\(?:geq?|leq?|neq?|gt|lt|ll|gg)(?![A-Za-z]))"
_PLAIN_RELATION = re.compile(
    r"\s*[,;:(]?\s*(?:(?:valid|only|holds|true|applies|applicable)\s+)*[A-Za-z.]+\s+"
    r"(?:(?:all|any|every)\s+)?"
    rf"({_PLAIN_SIDE}(?:\s*{_PLAIN_OP}\s*{_PLAIN_SIDE})+)"
    r"\s*[.,;:)]?\s*"
)
_TYPED_RELATIONS = {
    "<<": " \\ll ",
    ">>": " \\gg ",
    "<=": " \\leq ",
    ">=": " \\geq ",
    "!=": " \\neq ",
}


def _plain_relation(words: str, sets: bool = False, negated: bool = False) -> list[ConditionMath]:
    """A relation written as plain words after a condition word (``\\text{ for t > 0}``; an
    equality too when the word sets a condition, ``\\text{ at t = 1}``)."""
    found = _PLAIN_RELATION.fullmatch(words)
    if found is None:
        return []
    text = found.group(1)
    for typed, command in _TYPED_RELATIONS.items():
        text = text.replace(typed, command)
    return _relations_between_words(unicode(tokenize(text)), sets, negated)


def _spaced_conjunction(tokens: list[Token], i: int) -> bool:
    """``and`` or ``or`` written in math with a space on each side (``12 and 13``), or between
    two bracketed elements (``(11,7)or(7,11)``): no product of the letters a, n and d is written
    that way."""
    if i == 0:
        return False
    spaced = tokens[i - 1].kind is Kind.SPACE
    if not spaced and tokens[i - 1].text not in (")", "]"):
        return False
    for word in ("and", "or"):
        end = i + len(word)
        after = tokens[end] if end < len(tokens) else None
        if after is None or not (
            (spaced and after.kind is Kind.SPACE) or (not spaced and after.text in ("(", "["))
        ):
            continue
        letters = tokens[i:end]
        if all(t.kind is Kind.LETTER for t in letters) and "".join(t.text for t in letters) == word:
            return True
    return False


def _drop_labels(tokens: list[Token]) -> list[Token]:
    """``a)`` or ``(ii)`` opening an element is a label, not math."""
    out: list[Token] = []
    at_start = True
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if at_start and tok.kind is not Kind.SPACE:
            j = i
            if tok.text == "(":
                j += 1
            k = j
            while k < len(tokens) and tokens[k].kind in (Kind.LETTER, Kind.NUMBER):
                k += 1
            label = "".join(t.text for t in tokens[j:k])
            if (
                k < len(tokens)
                and tokens[k].text == ")"
                and (re.fullmatch(r"[a-h]|[ivx]+", label) or (j > i and label.isdigit()))
                and (j > i or match_group_back(tokens, k) < 0)
                and k + 1 < len(tokens)
            ):
                i = k + 1
                continue  # still at the start: a colon may follow the label
            if is_char(tok, ":"):  # `(a):` or `\textbf{Result}:` with the label gone
                i += 1
                at_start = False
                continue
            at_start = False
        if is_tuple_separator(tok):
            at_start = True
        out.append(tok)
        i += 1
    return out


def _text_answer(tokens: Sequence[Token]) -> Token | None:
    """An answer that is only words, as one symbol named by its words (quoted, lower case)."""
    parts: list[str] = []
    for t in tokens:
        if t.kind is Kind.COMMAND and (t.text in TEXT_FONTS or t.text in FONT_SWITCHES):
            continue
        if t.kind in (Kind.SPACE, Kind.BEGIN, Kind.END) or (
            is_tuple_separator(t) and t.kind is not Kind.CHAR
        ):
            parts.append(" ")
        else:
            parts.append(t.text)
    text = " ".join("".join(parts).split()).replace(" ,", ",").replace(" ;", ";")
    text = text.strip(" .,;:!?")
    if re.fullmatch(r"[A-Za-z]", text):
        return None  # \\text{x} is the letter x, left to the fonts rule
    text = text.lower()
    return Token(Kind.SYMBOL, f'"{text}"') if re.search(r"[a-z]", text) else None


def _only_text(tokens: Sequence[Token]) -> bool:
    """Whether the answer is nothing but text commands (and punctuation), with no digits: a
    verbal answer, not a number with its unit."""
    i = 0
    seen = False
    while i < len(tokens):
        tok = tokens[i]
        group = _font_group(tokens, i)
        if group is not None:
            if any(t.kind is Kind.NUMBER for t in group[0]):
                return False
            seen = True
            i = group[1]
            continue
        if not (tok.kind is Kind.SPACE or is_tuple_separator(tok) or is_char(tok, ".", ":")):
            return False
        i += 1
    return seen


def text_units(tokens: list[Token], drop_units: bool = True) -> list[Token]:
    """Remove units after numbers, prose, labels and conditions; ``\\text{and}`` is a comma.
    An answer that is nothing but prose becomes one symbol named by its words (so two text
    answers compare as equal or different, instead of as products of letters)."""
    original = tokens
    tokens = _font_switches(tokens)
    if _only_text(tokens):
        answer = _text_answer(tokens)
        if answer is not None:
            return [answer]
    tokens = _drop_prose(tokens)
    tokens = _drop_labels(tokens)
    if drop_units:
        tokens = remove_units(tokens)
    if not any(t.kind is not Kind.SPACE and not is_tuple_separator(t) for t in tokens):
        answer = _text_answer(original)
        if answer is not None:
            return [answer]
    return tokens

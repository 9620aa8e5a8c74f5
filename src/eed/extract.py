"""Final-answer extraction: find the answer a model gave inside a full solution.

The rules, first match wins:

1. ``boxed``: the last top-level ``\\boxed{...}`` or ``\\fbox{...}`` (``\\boxed {`` too), with its
   braces balanced at any depth and escaped braces (``\\{``, ``\\}``) ignored. A box that never
   closes (a truncated output) gives the rest of the text: ``boxed_unclosed``.
   ``boxed_list``: when the last box ends a run of boxes with nothing but separators between
   them (spaces, commas, semicolons, math delimiters, spacing commands, line breaks, the
   words "and" and "or", and part labels that count up, such as "for part (a)"), as in
   ``\\boxed{1} \\text{and} \\boxed{2}``, the answer is every box
   of the run, joined by commas: a model that boxes each solution gives them all. Any other
   word between two boxes (``first \\boxed{a} then \\boxed{b}``) ends the run.
2. ``stated``: an answer stated in words after the last math segment began: ``The final answer
   is $10,455$. I hope it is correct.``, ``Final Answer: The volume is 120.``, ``so the answer
   is 0``. After the last "final answer is", "final answer:", "the answer is" ("my answer",
   "the result", "my reply") or "answer:", the
   rest of the sentence is read; when it says "... is X", X is the answer. X is taken only
   when it is short and holds a digit or math; math delimiters around it are dropped. Math
   segments joined by commas, "and" or "or" (in quotation marks too) are the list of them.
3. ``concluded``: a number a text in words concludes with, after the last math segment (or in
   a text with none): in the sentence after the last conclusion word ("therefore", "so",
   "thus", "donc", "因此", "所以", "لذا", ...) or answer word, the last bold span (``**858**``)
   or else what follows the sentence's last ``=``, or else the sentence. The answer is the one
   number found there, with its sign, thousands commas, ``/`` and ``%``; there is none when
   there are two numbers or none, or when the number runs on into letters or math (``5x``,
   ``5 t^2``). ``Therefore, there are 13 birds.`` gives ``13``;
   ``so there are 3 red and 10 blue`` gives nothing.
4. ``display_math`` / ``inline_math``: the last non-empty math segment, whichever kind it is:
   ``$$..$$``, ``\\[..\\]``, an equation-like environment (display) or ``$..$``, ``\\(..\\)``
   (inline). Escaped dollars (``\\$``) are not delimiters. ``math_list``: inline segments
   joined only by commas, semicolons, "and" or "or" (``$1$ and $2$ and $3$``, ``$x = 1$,
   $y = 2$``) are one answer, the list of all of them, as with boxes; display math is not
   joined (a derivation's lines are not a list).
5. ``whole``: the whole field, stripped (``empty`` when nothing is left).

Chat completions (a list of ``{"role", "content"}`` messages) are read through the content of the
last assistant message. Everything here is a pure function of its input.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

__all__ = [
    "MATH_ENVIRONMENTS",
    "RULES",
    "Extraction",
    "Located",
    "bound_statement",
    "bound_words",
    "extract",
    "extract_answer",
    "is_messages",
    "locate",
    "message_text",
    "outside_math",
    "undoubled",
]

RULES = (
    "boxed",
    "boxed_list",
    "boxed_unclosed",
    "stated",
    "concluded",
    "display_math",
    "inline_math",
    "math_list",
    "whole",
    "empty",
)

# Environments whose body is an equation (starred forms included).
MATH_ENVIRONMENTS = frozenset(
    name + star
    for name in ("equation", "align", "gather", "multline", "eqnarray", "displaymath", "math")
    for star in ("", "*")
)

_BOX = re.compile(r"\\(?:boxed|fbox)(?![A-Za-z])\s*\{")
# What may stand between two boxes of one answer (see ``boxed_list``).
# A part label between boxes: "for part (a)", "part 2", "(b):", "\textbf{(b)}". The labels of a
# run must count up from the first part (see `_parts_in_order`).
_PART = (
    r"(?:(?:for\s+)?part\s*(?:\(([a-z0-9])\)|([a-z0-9])(?![A-Za-z0-9]))|\(([a-z])\)"
    r"|\\textbf\s*\{\s*\(([a-z])\)\s*\})\s*:?"
)
_PART_LABEL = re.compile(_PART, re.IGNORECASE)
_PART_AFTER = re.compile(r"(?:\s|\$|\\[)\]]|\\text\s*\{)*(?:" + _PART + r")", re.IGNORECASE)
_BOX_GAP = re.compile(
    r"(?:\s|[,;&$]|\\[()\[\]]|\\\\|\\(?:quad|qquad|[,;:! ])(?![A-Za-z])"
    r"|\\(?:text|textrm|mathrm)\s*\{\s*(?:" + _PART + r")?\s*(?:and|or|,)?\s*\}"
    r"|(?<![A-Za-z])(?:and|or)(?![A-Za-z])|" + _PART + r")*",
    re.IGNORECASE,
)
_BEGIN = re.compile(r"\\begin\s*\{([A-Za-z]+\*?)\}")


class Extraction(NamedTuple):
    """The extracted answer and the rule that produced it (one of `RULES`)."""

    text: str
    rule: str


def is_messages(value: object) -> bool:
    """True for a chat transcript: a list of mappings that each have a ``role``."""
    return (
        isinstance(value, Sequence)
        and not isinstance(value, (str, bytes))
        and all(isinstance(m, Mapping) and "role" in m for m in value)
    )


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    # Multi-part content ([{"type": "text", "text": ...}, ...]): keep the text parts.
    if isinstance(content, Sequence) and not isinstance(content, bytes):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return str(content)


def message_text(value: str | Sequence[Mapping[str, Any]]) -> str:
    """The text a model answered: the string itself, or the last assistant message's content.

    A transcript with no assistant message gives ``""`` (an empty answer).
    """
    if isinstance(value, str):
        return value
    for message in reversed(value):
        if message.get("role") == "assistant":
            return _content_text(message.get("content"))
    return ""


def _preceding_backslashes(s: str, i: int) -> int:
    n = 0
    while i - 1 - n >= 0 and s[i - 1 - n] == "\\":
        n += 1
    return n


def _group_end(s: str, open_brace: int) -> int | None:
    """Index of the brace closing the one at ``open_brace``, or None when it never closes."""
    depth = 0
    i = open_brace
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2  # an escaped character: \{ and \} are not grouping braces
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


# An extraction, and where what it was taken from starts and ends in the text.
_Found = tuple[Extraction, int, int]


def _last_box(s: str) -> _Found | None:
    # The boxes of the current run: body, start, end, and the name written before it.
    run: list[tuple[str, int, int, str | None]] = []
    pos = 0
    while True:
        m = _BOX.search(s, pos)
        if m is None:
            break
        # "\\boxed" is a line break followed by the word "boxed", not a box.
        if _preceding_backslashes(s, m.start()) % 2:
            pos = m.end()
            continue
        brace = m.end() - 1
        end = _group_end(s, brace)
        if end is None:
            return Extraction(s[brace + 1 :].strip(), "boxed_unclosed"), m.start(), len(s)
        named = _NAME_BEFORE.search(s, 0, m.start())
        name = named.group(1) if named else None
        if run:
            gap = s[run[-1][2] : m.start()]
            plain = _BOX_GAP.fullmatch(gap)
            # "y_1 = \\boxed{a} and y_2 = \\boxed{b}": boxes of named values are one run
            # when every box of it has a name.
            by_name = _NAMED_GAP.fullmatch(gap) and run[-1][3] is not None
            if not (plain or by_name) or (by_name and not plain and name is None):
                run = []
            elif plain:
                name = None if run[-1][3] is None else name
        run.append((s[brace + 1 : end].strip(), m.start(), end + 1, name))
        pos = end + 1  # boxes nested inside this one are part of it
    if not run:
        return None
    if len(run) > 1 and not _parts_in_order(s, run[0][1], [g for _, g, _, _ in run], run[-1][2]):
        run = run[-1:]  # "\boxed{1} for part b and \boxed{2} for part a": labels out of order
    kept = [(body, name) for body, _, _, name in run if body]
    if len(kept) > 1:
        named_all = all(name is not None for _, name in kept)
        parts = [f"{name} = {body}" if named_all else body for body, name in kept]
        # Boxes labelled by part answer the parts in order: a tuple of answers ("a; b").
        labelled = any(_PART_LABEL.search(s, a[2], b[1]) for a, b in itertools.pairwise(run))
        joined = "; ".join(parts) if labelled else ", ".join(parts)
        return Extraction(joined, "boxed_list"), run[0][1], run[-1][2]
    return Extraction(run[-1][0], "boxed"), run[-1][1], run[-1][2]


def _parts_in_order(s: str, first: int, starts: list[int], last_end: int) -> bool:
    """Whether the part labels around a run of boxes (between its boxes, and before its first
    box on its line and right after its last) count up from the first part: a, b, c or 1, 2,
    3. A run with no label between its boxes is in order."""
    labels: list[re.Match[str]] = []
    for start, end in itertools.pairwise(starts):
        labels.extend(_PART_LABEL.finditer(s, start, end))
    if not labels:
        return True
    # The first box's label may stand anywhere before it: "(b) Thus \\boxed{5}", "(b)\n\\boxed{5}".
    before = list(_PART_LABEL.finditer(s, 0, first))
    labels[:0] = before[-1:]
    after = _PART_AFTER.match(s, last_end)
    if after is not None:
        labels.append(after)
    ranks = []
    for m in labels:
        label = next(g for g in m.groups() if g).lower()
        ranks.append(int(label) if label.isdigit() else ord(label) - ord("a") + 1)
    return ranks == list(range(1, len(ranks) + 1))


# A name that a box's value is given to: ``y_1 = \\boxed{...}``.
_BOX_NAME = r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?'?"
_NAME_BEFORE = re.compile(
    r"(?<![A-Za-z0-9\\+\-*/^_{}()])(" + _BOX_NAME + r")\s*=\s*(?:\$|\\[(\[]|\s)*$"
)
_NAMED_GAP = re.compile(_BOX_GAP.pattern + _BOX_NAME + r"\s*=\s*(?:\$|\\[(\[]|\s)*")


def _find_closer(s: str, token: str, start: int) -> int | None:
    """Index of the first unescaped ``token`` at or after ``start``."""
    i = start
    while i < len(s):
        if s.startswith(token, i):
            return i
        i += 2 if s[i] == "\\" else 1
    return None


def _segments(s: str) -> Iterator[tuple[int, int, int, int, str]]:
    """Every math segment: (start, body start, body end, end, rule), in order."""
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        seg: tuple[int, int, int, str] | None = None  # body start, body end, resume, rule
        if c == "\\":
            nxt = s[i + 1 : i + 2]
            if nxt in ("[", "("):
                closer = "\\]" if nxt == "[" else "\\)"
                end = _find_closer(s, closer, i + 2)
                if end is not None:
                    rule = "display_math" if nxt == "[" else "inline_math"
                    seg = (i + 2, end, end + 2, rule)
            elif nxt == "b":
                m = _BEGIN.match(s, i)
                if m is not None and m.group(1) in MATH_ENVIRONMENTS:
                    end_m = re.compile(r"\\end\s*\{" + re.escape(m.group(1)) + r"\}").search(
                        s, m.end()
                    )
                    if end_m is not None:
                        seg = (m.end(), end_m.start(), end_m.end(), "display_math")
            if seg is None:
                i += 2  # skip the escaped character (\$ is a dollar sign, not math)
                continue
        elif c == "$":
            if s.startswith("$$", i):
                end = _find_closer(s, "$$", i + 2)
                if end is not None:
                    seg = (i + 2, end, end + 2, "display_math")
            else:
                end = _find_closer(s, "$", i + 1)
                if end is not None:
                    seg = (i + 1, end, end + 1, "inline_math")
            if seg is None:
                i += 1
                continue
        if seg is None:
            i += 1
            continue
        yield i, seg[0], seg[1], seg[2], seg[3]
        i = seg[2]


# What joins inline math segments into one list: a comma, a semicolon, "and" or "or", with
# spaces around (see ``math_list``).
_MATH_GAP = re.compile(r"\s*(?:[,;]|\b(?:and|or)\b)(?:\s*(?:[,;]|\b(?:and|or)\b))*\s*")


# The end of a sentence, with nothing else before it.
_ENDS_SENTENCE = re.compile(r"\s*(?:[.;!]\s|[.;!]?$|\n)")


def _sentence_lead(s: str, at: int) -> str:
    """The words of the sentence up to ``at``: what doubts a list that starts there."""
    head = s[:at]
    return head[max(head.rfind(c) for c in ".!?\n") + 1 :]


def _last_math(s: str) -> _Found | None:
    run: list[tuple[str, int, int, str]] = []  # the last run of joined segments
    for begin, start, end, resume, rule in _segments(s):
        body = s[start:end].strip()
        if not body:
            continue
        joined = (
            run
            and rule == "inline_math"
            and run[-1][3] == "inline_math"
            and _MATH_GAP.fullmatch(s, run[-1][2], begin)
        )
        if not joined:
            run = []
        run.append((body, begin, resume, rule))
    if not run:
        return None
    if len(run) > 1 and not _ENDS_SENTENCE.match(s, run[-1][2]):
        run = run[-1:]  # "$1$ and $2$ are excluded": the list is no answer, the last math is
    doubted = len(run) > 1 and (
        _DOUBT.search(_sentence_lead(s, run[0][1]))
        or _RETRACTED.search(s, run[-1][2], run[-1][2] + _RETRACT_SPAN)
    )
    if doubted:
        run = run[-1:]  # "We reject $1$ and $2$", "$1$ and $2$. Both fail."
    bodies = list(dict.fromkeys(b for b, _, _, _ in run))  # "$1$ or $1$" is one value
    if len(bodies) > 1:
        return Extraction(", ".join(bodies), "math_list"), run[0][1], run[-1][2]
    body, begin, resume, rule = run[-1]
    if len(run) > 1:
        begin = run[0][1]
    return Extraction(body, rule), begin, resume


# Where a model states its answer in words; the last one counts.
_STATED = re.compile(
    r"(?:final\s+answer\s*(?:is\b|:)|\b(?:the|my)\s+(?:answer|reply|result)\s+is\b"
    r"|\banswer\s*:)[ \t]*",
    re.IGNORECASE,
)
# The end of the sentence that states the answer.
_SENTENCE_END = re.compile(
    r"\n|[.;!?](?=\s|$)|\bI hope (?:it|this|that)(?:'s|\s+is)\s+(?:correct|right)"
    r"|\bI hope (?:it|this) helps"
)
_STATED_IS = re.compile(r"\bis\s+", re.IGNORECASE)
_STATED_MAX = 60
# A multiple-choice option stated as the answer: "The answer is B.", "the answer is (c)".
_OPTION_LETTER = re.compile(r"(?:(?i:option|choice)\s+)?(?:\(?[A-J]\)?|\([a-j]\))")


# Words before a stated answer's last "is" that deny or condition it ("The answer is wrong if
# it is 5"); modal words there paraphrase the question ("the most points that could be").
_DENIED = re.compile(
    r"(?<![A-Za-z])(?:not|no|never|none|wrong|incorrect|false|impossible|if|unless|when|whenever"
    r"|maybe|perhaps|possibly|probably|unsure|doubt|suppose|assume|whether|except|but)(?![A-Za-z])"
    r"|n't",
    re.IGNORECASE,
)
# A stated answer that starts as a bound or a negation states no value.
_BOUND_START = re.compile(
    r"\s*\$?\s*(?:(?:not|no|never|at\s+(?:least|most)|more|less|greater|fewer|over|under|below"
    r"|above|nearly|almost|up\s+to|within|than|different|unequal)(?![A-Za-z])"
    r"|[<>≤≥≠≈⩾⩽≧≦＞＜~]|\\(?:ge|geq|le|leq|neq|ne|gt|lt|approx|sim)(?![A-Za-z]))",
    re.IGNORECASE,
)


def _stated(s: str, final_only: bool = False) -> _Found | None:
    """The answer a sentence states after the last answer marker (see ``stated``); with
    ``final_only``, after the last "final answer" only."""
    marker = None
    for m in _STATED.finditer(s):
        if not final_only or m.group().lower().startswith("final"):
            marker = m
    if marker is None:
        return None
    start = marker.end()
    stop = _SENTENCE_END.search(s, start)
    end = stop.start() if stop is not None else len(s)
    said = s[start:end]
    if _BOUND_START.match(said):
        return None  # "the answer is not 5", "... at least $5$": no value is stated
    if (stop is not None and stop.group() == "?") or _RETRACTED.search(s, end, end + _RETRACT_SPAN):
        return None  # a question, or taken back after: "The answer is B. Wait, it's C."
    if stop is not None and stop.group() == "\n" and _OPERATOR_NEXT.match(s, stop.end()):
        return None  # "The answer is $5$\n\\times 2": the next line goes on with it
    if stop is not None and stop.group() == ";":
        more = _SENTENCE_END.search(s, stop.end())
        if _MORE_VALUES.search(s[stop.end() : more.start() if more else len(s)]):
            return None  # "The final answer is $12$; $13$.": more values after a semicolon
    if _DENIED.search(said):
        return None  # "The answer is wrong if it is 5"
    is_at = None
    for m in _STATED_IS.finditer(said):
        is_at = m
    if is_at is not None:
        start, said = start + is_at.end(), said[is_at.end() :]
        if _BOUND_START.match(said):
            return None
    if _DOUBT.search(said) or _doubted_before(s, marker.start()):
        return None  # "... is anything but 5", "It is false that the answer is 5"
    # Markdown bold: closing the marker (``**Final Answer:** $5$``) or around the value.
    for _ in range(2):  # ``**Final Answer:** **5**``: one pair closes, one wraps
        said = _BOLD_MARK.sub(lambda m: " " * len(m.group()), said)
    quoted = _QUOTED.fullmatch(said.strip())
    if quoted is not None:  # 'The final answer is "$12$ and $13$".'
        said = " " * (len(said) - len(said.lstrip()) + quoted.start(1)) + quoted.group(1)
    lead = len(said) - len(said.lstrip())
    joined = _math_run(said.strip())
    if joined is not None:
        if _DOUBT.search(_sentence_lead(s, marker.start())):
            return None  # "It is not the case, as one might think, that the answer is $5$ and $6$"
        return Extraction(joined, "stated"), start + lead, start + len(said)
    answer, used = _unwrapped(said.strip())
    if not answer or len(answer) > _STATED_MAX:
        return None
    if not (re.search(r"[0-9\\]", answer) or _OPTION_LETTER.fullmatch(answer)):
        return None
    closed = said.strip()[:used].endswith(("$", "\\)", "\\]"))
    if len(answer.split()) > 2 and not closed:
        return None  # a sentence, not a value (a number and its unit at most)
    rest = said.strip()[used:]
    if _MATH_REST.match(rest) or re.search(r"\d\s*'", answer):
        return None  # math goes on after it (``$5$**%**``), or a prime on a number (``5'``)
    if _MORE_VALUES.search(rest) or _DOUBT.search(rest) or _BOUND_AFTER.match(rest):
        return None  # more values or a qualifier after it: "$3$ or $5$", "3 up to sign"
    return Extraction(answer, "stated"), start, start + lead + used


# An operator that opens a line continues the math of the line before.
_OPERATOR_NEXT = re.compile(
    r"[\s$]*(?:[-+*/^=×·÷(−–%!|{²³]|\\(?:times|cdot|pm|mp|div|left)(?![A-Za-z]))"
)
_BOLD_MARK = re.compile(r"^\s*\*\*|\*\*(?=\s*$)|^(\s*)\*\*(?=[^*]+\*\*\s*$)")
# A digit or math after a stated value: another value.
_MORE_VALUES = re.compile(r"[0-9$]|\\[(\[]")
_MATH_REST = re.compile(r"\s*\**\s*[%‰|)^_/×·÷−–+*=<>'’-]")
# A stated answer in quotation marks (escaped ones too, as a JSON string shows them).
_QUOTED = re.compile(r'(?:\\?"|“|”)\s*(.*?)\s*(?:\\?"|”|“)')


def _math_run(said: str) -> str | None:
    """Two or more math segments that make up the whole text, joined by commas, "and" or "or"
    (``$12$ and $13$``): the list of their bodies; else None."""
    bodies: list[str] = []
    pos = 0
    for begin, start, end, resume, rule in _segments(said):
        if (not bodies and begin != 0) or (bodies and not _MATH_GAP.fullmatch(said, pos, begin)):
            return None
        if rule != "inline_math":
            return None  # display math is no list item (as for ``math_list``)
        bodies.append(said[start:end].strip())
        pos = resume
    if len(bodies) < 2 or pos != len(said) or not all(bodies):
        return None
    return ", ".join(dict.fromkeys(bodies))


# How far after an answer words may take it back (about two sentences).
_RETRACT_SPAN = 160
# Words after a stated answer that take it back.
_RETRACTED = re.compile(
    r"(?<![A-Za-z])(?:wait|actually|mistake|error|correction|instead|rather|oops|hmm+|or"
    r"|also|though|although|unsure|not sure|fails?|scratch|second thought|alternatively"
    r"|possibly|perhaps|maybe|nah|extraneous|wrong|excluded"
    r"|no[,.!:;])(?![A-Za-z])",
    re.IGNORECASE,
)


# Words that conclude a solution, in the languages models answer in most. Latin-script words
# must stand alone; the others are matched anywhere (no spaces between their words).
_CONCLUSION = re.compile(
    r"(?<![A-Za-zÀ-ÿ])(?:therefore|thus|hence|so|consequently|in total|altogether|answer"
    r"|conclusion|donc|ainsi|d'où|par conséquent|réponse|por lo tanto|entonces|respuesta"
    r"|daher|somit|insgesamt|antwort|quindi|risposta|поэтому|итак|следовательно|ответ)(?![A-Za-zÀ-ÿ])"
    r"|因此|所以|答案|总共|一共|综上|因而|于是|لذا|إذن|اذن|الجواب|الإجابة|इसलिए|अतः|उत्तर"
    r"|したがって|よって|答え|따라서",
    re.IGNORECASE,
)
_CONCLUSION_END = re.compile(r"\n|[.;!?؟](?=\s|$)|[。！？।]")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
# A number as prose writes it; digits glued to letters (``5x``, ``x2``) or to a decimal
# comma (``0,30``) are not one.
_PROSE_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,/^_])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*/\s*\d+)?"
    r"(?![0-9A-Za-z]|[.,/]\d)(?:\s*%)?"
    r"|(?<![\\A-Za-z^_])-?\\[dt]?frac\s*\{\s*-?\d+\s*\}\s*\{\s*\d+\s*\}"
)
# Math that a number would run on into: then it is part of an expression, not the answer.
_RUNS_ON = re.compile(r"\s*(?:[\\^_{}=+*/<>|(!\-−·×÷'’]|[A-Za-z][\\^_{(0-9])")


# Words that make a number a bound, a comparison or a factor when they come right before it:
# "more than 3", "not 3", "twice 3", "ce n'est pas 3", "答案不是3".
_BOUND_BEFORE = re.compile(
    r"(?:(?<![A-Za-zÀ-ÿ])(?:than|least|most|not|no|over|under|below|above|exceeds?|except|but"
    r"|plus|minus|times|twice|within|up to|beyond|nearly|almost|between|unlikely to be"
    r"|about|around|roughly|approximately|differs? from|other than|mod|modulo|exactly"
    r"|(?:negative|opposite|factorial|successor|predecessor|reciprocal) of|au moins|environ"
    r"|peut-être|mindestens|höchstens|etwa|almeno|circa|forse|al menos|por lo menos|quizás"
    r"|примерно|около|больше|меньше|не"
    r"|negative|minus|(?:multiple|half|factor|power|fraction|square|cube|root|reciprocal|inverse|sum|product"
    r"|logarithm|log) of|divisible by|pas|nicht|kein|no es|не|нет|non"
    r"|(?:not\s+equal|unequal|different)\s+(?:to|from)|or\s+equal\s+to)|n't|不是|不|至少|至多|大于"
    r"|小于|可能是|可能|大概|约|約|ليس|حوالي|ربما"
    r"|नहीं|[<>≤≥≠≈⩾⩽≧≦＞＜≯≮≳≲]|\\(?:ge|geq|le|leq|neq|ne|gt|lt|geqslant|leqslant|approx|sim)"
    r"(?![A-Za-z]))"
    r"\s*:?\s*[$(]*\s*[-−]?$",
    re.IGNORECASE,
)
# What opens the math an answer is taken from, after the words before it.
_MATH_OPENERS = re.compile(r"(?:\s|\$|\\[(\[]|\\(?:boxed|fbox)\s*\{)*$")
# Words right after an answer that make it a bound, a multiple or a guess: "$3$ or more",
# "3 squared", "3 thousand", "$3$?".
_BOUND_AFTER = re.compile(
    r"\s*(?:[$)}\]]\s*)*(?:%\s*)?(?:for\s+part\s*\(?[a-z0-9]\)?\s*)?"
    r"(?:[?!²³]|—\s*not|\(\s*(?:or|approx|false|wrong)|,?\s*but(?![A-Za-z])"
    r"|,?\s*(?:i\s+hope\s+)?not(?![A-Za-z])"
    r"|per\s*cent\s+(?:less|more|lower|higher|fewer|off|of)(?![A-Za-z])"
    r"|,?\s*(?:which|that)\s+is\s+(?:wrong|impossible|incorrect|false|not)"
    r"|(?:is|are)\s+(?:wrong|not|incorrect|impossible|false|excluded|a\s+(?:lower|upper)\s+bound)"
    r"|,?\s*(?:i\s+guess|i\s+think|maybe|perhaps|approximately|approx|roughly|give\s+or\s+take"
    r"|repeating|factorial|halves|trillions?)"
    r"|(?:times|more|less|fewer|greater|smaller|larger|higher|lower"
    r"|faster|slower|or|to|plus|minus|over|fold|tops|at least|at most|and above|and below|and up"
    r"|minimum|maximum|squared|cubed|thousands?|millions?|billions?|hundreds?|dozens?)"
    r"(?![A-Za-z]))",
    re.IGNORECASE,
)


_TEXT_WRAPPER = re.compile(r"\\(?:text|textbf|textit|textrm|mathrm|mbox)\s*\{([^{}]*)\}")


def bound_statement(text: str) -> str | None:
    """The words of the last answer statement when what it states starts as a bound or a
    relation ("Answer: ≥3", "the answer is at least 3"), or None."""
    marker = None
    for m in _STATED.finditer(text):
        marker = m
    if marker is None or not _BOUND_START.match(text, marker.end()):
        return None
    return text[marker.start() : marker.end() + 12].strip()


def bound_words(before: str, after: str = "") -> str | None:
    """The words around an answer that make it a bound, a negation, a factor or a guess ("at
    least", "not", "more than", "$3$ or more", "3 squared", "$3$?"), or None. ``before`` is the
    text before the answer, ``after`` the text after it."""
    # Markdown bold changes no word: "not **$5$**", "**$5$** is wrong".
    before, after = before.replace("**", ""), after.replace("**", "")
    words = _MATH_OPENERS.sub("", _TEXT_WRAPPER.sub(r" \1 ", before))
    if _BOUND_BEFORE.search(words):
        return " ".join(words.split()[-3:]).strip(" $(")
    found = _BOUND_AFTER.match(_TEXT_WRAPPER.sub(r" \1 ", after))
    return found.group().strip(" $)}]") if found else None


# What no concluded number may stand with anywhere in its sentence: a negation, a rejection, a
# hedge, a bound, a scale, a relation (in the languages of the conclusion words).
_DOUBT = re.compile(
    r"(?<![A-Za-zÀ-ÿ])(?:not|no|never|none|nobody|nothing|neither|nor|cannot|wrong|incorrect"
    r"|false|impossible|fails?|rejected"
    r"|extraneous|invalid|unsure|maybe|might|perhaps|possibly|probably|guess|approximately"
    r"|about|around|roughly|nearly|almost|between|exceeds?|multiple|divisible|factor|half"
    r"|twice|double|triple|if|when|whenever|unless|provided|assuming|otherwise|only|except"
    r"|too|hmm+|hm|uh|mod|modulo|differs?|reject(?:s|ed)?|exclude[sd]?|eliminated?|ruled"
    r"|discard(?:s|ed)?|contradiction|could|can|may|fail(?:s|ed)?|up to|divided|raised"
    r"|opposite|negative of|give or take|think|doubt|believe|suppose|presumably|falsch|falso"
    r"|one of|either|would|used to|until|textbook|sample|naive|supposedly|allegedly|claims?"
    r"|thinks?|estimated?|assumed?|suppose[sd]?|whether|disproved?|disproves|hypothetically"
    r"|peut-être|environ|etwa|circa|forse|quizás|tal vez|aproximadamente|almeno|por lo menos"
    r"|примерно|около|возможно|приблизительно"
    r"|ne|non|pas|jamais|faux|au moins|plus que|moins que"
    r"|nunca|al menos|mayor|menor|nicht|kein|keine|nie|mindestens|höchstens|mehr|weniger|не"
    r"|нет|больше|меньше|минимум|максимум|более|менее)(?![A-Za-zÀ-ÿ])"
    r"|n't|n'|不|没|非|至少|至多|以上|以下|大于|小于|约|約|可能|或许|也许|大概|吧|未必|错"
    r"|ليس|لا|غير|أكثر|أقل|ربما|حوالي|ない|多分|未満|아니|이상|이하|미만|약|아마"
    r"|(?<![\u0900-\u097f])(?:नहीं|लगभग|अधिक|ज़्यादा|ज्यादा|कम|शायद|करीब|तक|विभाज्य)"
    r"(?![\u0900-\u097f])"
    r"|!=|=/=|[<>≤≥≠≈∈∉~⩾⩽≧≦＞＜≯≮≳≲≢≅≃∝]|\\not\s*=|\\(?:neq|ne|ge|geq|le|leq|in|notin|approx|sim|gt|lt|pmod|bmod|geqslant|leqslant|gtrsim"
    r"|lesssim|succ|prec|propto|equiv|cong|simeq|mid|nmid)(?![A-Za-z])",
    re.IGNORECASE,
)
# Words that label a number rather than state it: "step 3", "Theorem 3", "case 2".
_LABELS = re.compile(
    r"(?<![A-Za-z])(?:steps?|cases?|theorem|lemma|figure|fig|part|equation|eq|problem|question"
    r"|chapter|section|page|line|row|column|item|number|no|example|day|round|level|option"
    r"|for|in|at|on|since|from|until|after|before|during|within)"
    r"\.?\s*#?\s*$",
    re.IGNORECASE,
)
# Words anywhere after a concluded number that make it a bound or scale it.
_BOUND_TAIL = re.compile(
    r"(?<![A-Za-z])(?:minimum|maximum|at least|at most|or more|or less|or fewer|and above"
    r"|and below|and up|below|above|squared|cubed|thousands?|millions?|billions?|hundreds?"
    r"|dozens?|times|additional|extra|each|apiece|more|less|fewer|against|of|away|apart|long"
    r"|plus|surplus|excess|tops|on average"
    r"|short|left|missing|off|ago|later|earlier|behind|ahead|for|part|if|when|unless|except)"
    r"(?![A-Za-z])|万|千|百|亿|倍|成|左右|余|多",
    re.IGNORECASE,
)
# What may stand right before a concluded number: a copula, an equals sign, a total, a colon,
# in the languages of the conclusion words (English, French, Spanish, German, Italian,
# Russian, Chinese, Japanese, Korean, Arabic, Hindi). Nothing else states a result.
_ASSERTED = re.compile(
    r"(?:(?<![A-Za-zÀ-ÿ])(?:is|are|was|were|equals|be|becomes|gives|makes|totals?|total of"
    r"|sum of|there are|there were|there is|we get|we have|(?:increases?|decreases?|rises?|falls?"
    r"|grows?|drops?|changes?|goes (?:up|down)) by|est|sont|es|son|ist|sind|ergibt"
    r"|è|sono|равно|равен|составляет|है|हैं|هو|هي|يساوي)|[=:：]|是|为|為|等于|有|共|は|이다|은|는)"
    r"\s*(?:the|a|an|le|la|de|d'|un|une|el|los|der|die|das)?\s*(?:\*\*|\$|\()?\s*[-−]?$",
    re.IGNORECASE,
)
# What may follow a concluded number up to the end of its sentence: nothing, a percent sign,
# or up to four words of a unit or of the things counted (in any script), with no digit.
_SHORT_TAIL = re.compile(r"\s*(?:\*\*)?\s*%?\s*(?:[^\s\d=<>≤≥≠≈~?!]+\s*){0,3}(?:\*\*)?\s*")
_ARITHMETIC = re.compile(r"[\d\s+\-−*/×÷·().,]+")


# How far before a conclusion word its sentence is read for doubt ("The incorrect answer is").
_OPENING_SPAN = 60
_ASIDE = re.compile(r"\([^()]*\)|（[^（）]*）")
_CLAUSE_END = re.compile(_CONCLUSION_END.pattern + r"|[,，;；]")
# What denies or disowns an answer in the words of its clause before the answer word: a
# negation, a hedge, a hypothesis, another's or an earlier answer. Narrative words there
# ("when we divide, we get 8 so the answer is 0") are no doubt.
_DENIED_BEFORE = re.compile(
    r"(?<![A-Za-zÀ-ÿ])(?:not|no|never|none|nobody|wrong|incorrect|false|impossible|maybe|perhaps"
    r"|possibly|probably|unsure|doubt|suppose[sd]?|assumed?|assuming|whether|disproved?|would"
    r"|textbook|sample|naive|claims?|thinks?|says|said|old|previous|initial|rejected|ne|pas"
    r"|nicht|kein|keine|не|нет)(?![A-Za-zÀ-ÿ])|n't|不|没|非|错|可能|也许|或许|ليس|لا|नहीं",
    re.IGNORECASE,
)


def _doubted_before(s: str, marker: int, after: int = 0) -> bool:
    """Whether the clause a conclusion or answer word stands in doubts it before the word
    ("The incorrect answer is", "It is false that the answer is"); an aside in parentheses
    ("（假设...没有变化）") and earlier clauses ("Since x cannot be negative, the answer is")
    do not count."""
    lo = max(after, marker - _OPENING_SPAN)
    text = _ASIDE.sub(lambda m: " " * len(m.group()), s[lo:marker])
    opening = max((m.end() for m in _CLAUSE_END.finditer(text)), default=0)
    return bool(_DENIED_BEFORE.search(text, opening))


def _concluded(s: str, after: int) -> _Found | None:
    """The number a text in words concludes with (see ``concluded``), after ``after``."""
    marker_start = marker_end = None
    for m in _CONCLUSION.finditer(s, after):
        marker_start, marker_end = m.start(), m.end()
    if marker_start is None or marker_end is None:
        return None
    stop = _CONCLUSION_END.search(s, marker_end)
    start = marker_end
    end = sentence_end = stop.start() if stop is not None else len(s)
    if stop is not None and stop.group() in ("?", "؟", "？"):
        return None  # a question is no conclusion
    if stop is not None and stop.group() == "\n" and _OPERATOR_NEXT.match(s, stop.end()):
        return None  # the next line goes on with the number: "5\n\\times 2"
    if _RETRACTED.search(s, end, end + _RETRACT_SPAN):
        return None  # taken back after: "Therefore 3. Wait, it should be 5."
    if _doubted_before(s, marker_start, after) or _DOUBT.search(s, marker_start, end):
        return None  # doubt before the conclusion word counts too: "The incorrect answer is 5"
    bolds = [m for m in _BOLD.finditer(s, start, end) if re.search(r"\d", m.group(1))]
    if len(bolds) > 1:
        return None  # "**3** or **4**": two candidates
    lhs = None
    if bolds:
        start, end = bolds[0].start(1), bolds[0].end(1)
    else:
        equals = s.rfind("=", start, end)
        if equals >= 0:
            lhs = s[max(s.rfind("=", start, equals) + 1, start) : equals]
            start = equals + 1
    numbers = list(_PROSE_NUMBER.finditer(s, start, end))
    if len(numbers) != 1:
        return None
    number = numbers[0]
    if s.startswith("!", number.end()):
        return None  # "3!" is a factorial
    if _RUNS_ON.match(s, number.end(), end) and not s[number.end() : end].lstrip().startswith("%"):
        return None
    if _BOUND_BEFORE.search(s, start, number.start()) or _BOUND_AFTER.match(s, number.end(), end):
        return None  # a bound or a multiple of the number, not the number
    if _BOUND_TAIL.search(s, number.end(), end):
        return None  # "3 birds minimum", "3 and above", "3 thousand"
    if _LABELS.search(s, marker_end, number.start()):
        return None  # "step 3", "Theorem 3"
    bolded = bool(bolds) and not s[bolds[0].end() : sentence_end].strip()
    if not (bolded or _ASSERTED.search(s[marker_end : number.start()])):
        return None  # only "... is 13", "... = 13", "there are 13": a number stated as a result
    if not _SHORT_TAIL.fullmatch(s[number.end() : sentence_end]):
        return None  # more words after it than a unit or the things counted
    text = number.group().replace("−", "-").replace(" ", "")
    if lhs is not None and not _agrees(lhs, text):
        return None  # "So 5 = 3" states something false
    return Extraction(text, "concluded"), number.start(), number.end()


def _agrees(lhs: str, number: str) -> bool:
    """Whether plain arithmetic before an ``=`` (``3 + 10``) gives the number after it; words or
    symbols in it (``33颗/袋 * 26袋``) are not checked."""
    if not _ARITHMETIC.fullmatch(lhs) or not re.search(r"\d", lhs):
        return True
    expr = lhs.replace("−", "-").replace("×", "*").replace("·", "*").replace("÷", "/")
    expr = re.sub(r"(?<=\d),(?=\d{3})", "", expr)
    try:
        left = _arithmetic_value(ast.parse(expr.strip(), mode="eval").body)
        right = _arithmetic_value(ast.parse(number.rstrip("%").replace(",", ""), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return False
    return abs(left - right) <= 1e-9 * max(1.0, abs(right))


def _arithmetic_value(node: ast.expr) -> float:
    """The value of + - * / over numbers; anything else raises ValueError."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _arithmetic_value(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _arithmetic_value(node.left), _arithmetic_value(node.right)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        return a / b
    raise ValueError("not plain arithmetic")


def _unwrapped(text: str) -> tuple[str, int]:
    """The math a text starts with, without its delimiters (``$4`` too: a segment cut short),
    and how much of the text it took; else the whole text."""
    for left, right in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if text.startswith(left):
            inner = text[len(left) :]
            close = _find_closer(inner, right, 0)
            if close is None:
                return inner.strip(), len(text)
            return inner[:close].strip(), len(left) + close + len(right)
    return text, len(text)


def outside_math(value: str | Sequence[Mapping[str, Any]]) -> str:
    """The text with every math segment taken out (what is written in words)."""
    text = message_text(value)
    parts, pos = [], 0
    for start, _, _, resume, _ in _segments(text):
        parts.append(text[pos:start])
        pos = resume
    parts.append(text[pos:])
    return " ".join(parts)


def extract(value: str | Sequence[Mapping[str, Any]]) -> Extraction:
    """The final answer in a model's output, with the rule that found it."""
    return locate(value).extraction


# Where the words after an answer stop: a line break, the next math, or a sentence's end.
_TAIL_END = re.compile(r"\n|\$|\\[(\[]|[.;!?](?:\s|$)")


class Located(NamedTuple):
    """The final answer with its surroundings: the text before and after what it was taken
    from, and the words that follow it on its line up to the end of the sentence (``m/s`` in
    ``the speed is $5$ m/s.``). For a whole field all three are empty."""

    extraction: Extraction
    before: str
    after: str
    tail: str


# A backslash run before letters, and the commands whose doubled backslash gives escaping away.
_BACKSLASH_RUN = re.compile(r"(\\+)(?=([A-Za-z]+))")
_COMMON_COMMANDS = frozenset(
    [
        "frac",
        "dfrac",
        "tfrac",
        "boxed",
        "left",
        "right",
        "sqrt",
        "text",
        "textbf",
        "mathrm",
        "mathbf",
        "pi",
        "cdot",
        "times",
        "infty",
        "le",
        "ge",
        "leq",
        "geq",
        "neq",
        "pm",
        "mp",
        "alpha",
        "beta",
        "gamma",
        "theta",
        "lambda",
        "mu",
        "sin",
        "cos",
        "tan",
        "log",
        "ln",
        "in",
        "cup",
        "cap",
        "begin",
        "end",
        "quad",
        "approx",
    ]
)


def undoubled(text: str) -> str:
    """The text with its backslashes halved when all of them were doubled, as escaping a
    string twice leaves them (``\\\\frac{1}{2}``): every backslash run before a word is of
    even length (or an escape such as ``\\n``), and two are doubled common commands, or one
    is and the text has escapes. ``\\\\`` before a word in LaTeX
    would be a line break and letters, which no answer writes before ``frac`` or ``boxed``."""
    runs = list(_BACKSLASH_RUN.finditer(text))
    doubled = sum(1 for m in runs if len(m.group(1)) == 2 and m.group(2) in _COMMON_COMMANDS)
    # The escapes of a string escaped once: a lone backslash before n, t or r.
    escapes = sum(1 for m in runs if _is_escape(m))
    if any(len(m.group(1)) % 2 and not _is_escape(m) for m in runs):
        return text
    if doubled < 2 and not (doubled and escapes):
        return text  # one "\\boxed" alone may be a line break before a word
    out, pos = [], 0
    for m in re.finditer(r"\\+", text):
        out.append(text[pos : m.start()])
        n, after = len(m.group()), text[m.end() : m.end() + 1]
        if n % 2 and after in _ESCAPES:
            out.append("\\" * (n // 2) + _ESCAPES[after])
            pos = m.end() + 1
        else:
            out.append("\\" * ((n + 1) // 2))
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_ESCAPES = {"n": "\n", "t": "\t", "r": ""}


def _is_escape(run: re.Match[str]) -> bool:
    return len(run.group(1)) == 1 and run.group(2)[0] in _ESCAPES


# Chat template tokens that close a text (``... $(7, 6)$. <|im_start|>user``): the model's turn
# ended there. A token anywhere else is read as written.
_CHAT_TOKEN = r"<\|(?:im_end|im_start|endoftext|eot_id|end|user|assistant|system)\|>"
_TURN_END = re.compile(r"(?:\s*" + _CHAT_TOKEN + r"(?:[ \t]*(?:user|assistant|system))?)+\s*$")


def _own_turn(text: str) -> str:
    """The text without the chat template tokens that close it."""
    end = _TURN_END.search(text)
    return text[: end.start()] if end is not None else text


def locate(value: str | Sequence[Mapping[str, Any]]) -> Located:
    """The final answer and where it sits in a model's output (its backslashes `undoubled`
    first, chat template tokens that close it dropped)."""
    text = _own_turn(undoubled(message_text(value)))
    found = _last_box(text)
    if found is not None:
        # "The final answer is ..." after the last box is the model's last word.
        stated = _stated(text, final_only=True)
        if stated is not None and stated[1] >= found[2] and _starts_sentence(text, stated[1]):
            found = stated
    else:
        found = _stated_or_math(text)
    if found is not None:
        answer, start, end = found
        rest = text[end:]
        stop = _TAIL_END.search(rest)
        tail = rest[: stop.start()] if stop is not None else rest
        return Located(answer, text[:start], rest, tail.strip().rstrip(",:"))
    whole = text.strip()
    bold = _ALL_BOLD.fullmatch(whole)
    if bold is not None:
        whole = bold.group(1).strip()  # markdown emphasis around the whole answer: ``**10**``
    if whole.endswith("\\") and _preceding_backslashes(whole, len(whole)) == 1:
        whole = whole[:-1].rstrip()  # a lone backslash at the end escapes nothing: ``185\\``
    return Located(Extraction(whole, "whole" if whole else "empty"), "", "", "")


_ALL_BOLD = re.compile(r"\*\*([^*]+)\*\*\.?")


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the "final answer" statement whose value starts at ``at`` opens its sentence
    ("The final answer is", "Final Answer:"), not quoted or negated inside one."""
    head = text[:at].rstrip()
    found = None
    for m in _STATED.finditer(head):
        found = m
    if found is None or not found.group().lower().startswith("final"):
        return False
    opening = text[: found.start()]
    cut = max(opening.rfind(c) for c in ".!?\n:")
    lead = opening[cut + 1 :].strip().lower() if cut >= 0 else opening.strip().lower()
    return lead in ("", "the", "**", "**the")


def _stated_or_math(text: str) -> _Found | None:
    """The stated answer, unless math starts after the marker's sentence: the last math. When
    neither, or when words conclude with a number after the last math: that number."""
    stated, math = _stated(text), _last_math(text)
    if stated is not None and (math is None or math[1] < stated[2]):
        return stated
    concluded = _concluded(text, math[2] if math is not None else 0)
    return concluded or math


def extract_answer(value: str | Sequence[Mapping[str, Any]]) -> str:
    """The final answer in a model's output (see the module docstring for the rules)."""
    return extract(value).text

"""Prose: the claims an answer makes in words, in its text commands; and text answers, an
answer that is nothing but words (``\\text{The wave is circularly polarised}``)."""

from __future__ import annotations

import re

from ..config import Config
from ..latex import physics
from ..latex.tokens import Kind

__all__ = ["plain_words", "prose", "related_words", "text_of"]

# A text command's content; prose is a sentence of at least three words in one of them.
_TEXT_GROUP = re.compile(r"\\(?:text|textbf|textit|textrm|textsf|mathrm|mbox)\s*\{([^{}]*)\}")
_PROSE_WORDS = 3
# Punctuation a sentence may end with, or have a space before, without changing its claim.
_FINAL = " .,;:!?"
_PUNCTUATION = frozenset(".,;:!?'-")
_LABEL = re.compile(r"\(?\s*(?:[a-z]|[ivx]+|\d+)\s*\)")


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


def related_words(latex: str) -> str:
    """The words of the text commands an answer writes outside any braces (``\\text{Lamb
    shift}`` in ``E > \\text{Lamb shift}``, not a subscript's ``\\text{so}``), lower case,
    without articles, units or punctuation: what an answer that relates its value to words
    relates it to."""
    found = []
    depth = 0
    for i, char in enumerate(latex):
        if char == "{" and (i == 0 or latex[i - 1] != "\\"):
            depth += 1
        elif char == "}" and (i == 0 or latex[i - 1] != "\\"):
            depth -= 1
        elif depth == 0 and char == "\\":
            match = _TEXT_GROUP.match(latex, i)
            if match is not None and not physics.is_unit_text(match.group(1).strip()):
                words = re.findall(r"[a-z0-9]+", match.group(1).lower())
                found.append(" ".join(w for w in words if w not in _ARTICLES))
    return " / ".join(w for w in found if w)


_ARTICLES = frozenset(["a", "an", "the"])


def normalised(text: str) -> str:
    """A text compared as a claim: lower case, one space between words, no space before a
    punctuation mark, and no punctuation at the end. Words, their order and the punctuation
    inside (``it's``, ``1.5``) are kept: ``not polarised`` is not ``polarised``."""
    text = " ".join(text.lower().split())
    text = re.sub(r" ([.,;:!?])", r"\1", text)
    return text.strip(_FINAL)


def text_of(expr: object, latex: str = "") -> str | None:
    """The words of a text answer as the physics dialect reads it (one symbol named by its
    quoted words, ``"no violation"``), normalised; None for any other expression, and for a
    unit or a label in a text command (``latex``, the answer as written, tells ``MeV`` from
    ``mev``)."""
    name = getattr(expr, "name", None)
    if not isinstance(name, str) or len(name) < 3 or not name.startswith('"'):
        return None
    if not name.endswith('"'):
        return None
    text = normalised(name[1:-1])
    if physics.is_unit_text(text) or physics.is_unit_text(latex) or _LABEL.fullmatch(text):
        return None  # a unit (``\\text{ m/s}``) or a label (``\\text{(a)}``) is no text answer
    return text


def plain_words(latex: str, config: Config) -> str | None:
    """The words of an answer written as bare words, without a text command (``yes``,
    ``circularly polarised``), normalised; None when it has anything else (a command, a
    digit, an operator). Only compared with a text answer: on its own ``mg`` is a product."""
    parts: list[str] = []
    for tok in physics.clean(latex, config):
        if tok.kind is Kind.LETTER:
            parts.append(tok.text)
        elif tok.kind is Kind.SPACE:
            parts.append(" ")
        elif (tok.kind is Kind.CHAR and tok.text in _PUNCTUATION) or tok.kind is Kind.PRIME:
            parts.append(tok.text)
        else:
            return None
    text = normalised("".join(parts))
    return text if re.search(r"[a-z]", text) else None

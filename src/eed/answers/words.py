"""Prose: the claims an answer makes in words, in its text commands."""

from __future__ import annotations

import re

from ..latex import physics

__all__ = ["prose"]

# A text command's content; prose is a sentence of at least three words in one of them.
_TEXT_GROUP = re.compile(r"\\(?:text|textbf|textit|textrm|textsf|mathrm|mbox)\s*\{([^{}]*)\}")
_PROSE_WORDS = 3


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

"""Multiple choice: the option an answer names, ``(b)``, ``\\text{B)}`` or a bare ``b``."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Option", "option"]


@dataclass(frozen=True)
class Option:
    """A multiple-choice answer: its letter, and whether it was written as a label."""

    letter: str
    labelled: bool  # "(b)", "b)" or "(b) the wave function is unchanged"; not a bare "b"


# Formatting that never changes which option an answer names.
_OPTION_NOISE = re.compile(
    r"\\(?:text(?:bf|rm|it)?|mathrm|mathbf|textsf|boxed|fbox|quad|qquad|left|right)\b"
    r"|\\[,;:! ]|[${}~]|\\\(|\\\)|\\\[|\\\]"
)
_OPTION = re.compile(r"\(\s*([A-Za-z])\s*\)|([A-Za-z])\s*\)")
_PROSE = re.compile(r"[A-Za-z][A-Za-z\s,.;:'\-]*")
_BARE_OPTION = re.compile(r"[A-Ea-e]")
# The word that names an option before its letter.
_NAMED = re.compile(r"^(?:option|choice)\s*:?\s*(?=\(?[A-Za-z]\)?$)", re.IGNORECASE)
_VERDICTS = frozenset({"true", "false", "yes", "no", "correct", "incorrect"})


def option(latex: str) -> Option | None:
    """The option an answer names: a label alone (``(a)``, ``\\text{B)}``), a label opening
    a sentence of prose (``(b) the wave function is unchanged``), or a bare letter A-E."""
    text = " ".join(_OPTION_NOISE.sub(" ", latex).split())
    named = _NAMED.match(text)
    text = text[named.end() :] if named else text  # "Option B", "choice (c)"
    if _BARE_OPTION.fullmatch(text):
        return Option(text.lower(), labelled=named is not None)
    match = _OPTION.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest and not (_PROSE.fullmatch(rest) and re.search(r"[A-Za-z]{2}", rest)):
        return None  # math after the label: an answer to part (b), not option (b)
    if rest.strip(" .").lower() in _VERDICTS:
        return None  # "(a) True": part (a)'s verdict
    return Option((match.group(1) or match.group(2)).lower(), labelled=True)

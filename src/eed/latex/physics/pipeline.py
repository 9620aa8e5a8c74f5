"""Rewriting an answer: the registered rules in order, then one reading per ``\\pm`` sign.

Symbols that latex2sympy would mangle (primes, subscripts, ``e``, ``<x>``) are written into the
text as placeholders, ``\\mathit{<PREFIX><letters>}``, which latex2sympy reads as one Symbol;
``Reading.renames`` maps each placeholder to the final name, and ``parse`` applies it with
``xreplace``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ...config import Config
from ..tokens import Token, detokenize, tokenize
from .branches import pm_branches
from .registry import REGISTRY, Switches

__all__ = ["Reading", "clean", "rewrite"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """One way to read an answer: the text latex2sympy is given, and how to finish it."""

    text: str  # what latex2sympy is given
    renames: tuple[tuple[str, str], ...]  # placeholder symbol name -> final symbol name


def rewrite(
    latex: str, settings: Config | Switches | None = None, **overrides: bool
) -> list[Reading]:
    """The readings of an answer, one per ``\\pm`` branch, ready for latex2sympy.

    ``settings`` (a config, or switch values) and ``overrides`` set the rules' switches (see
    ``registry.switches``): ``rewrite(latex, config)`` reads the answer as ``config`` scores it.
    """
    tokens = REGISTRY.run(tokenize(latex), REGISTRY.switches(settings, **overrides))
    prefix = _placeholder_prefix(latex)
    readings = [Reading(*_render(branch, prefix)) for branch in pm_branches(tokens)]
    logger.debug("physics dialect: %r -> %r", latex, [r.text for r in readings])
    return readings


def clean(latex: str, settings: Config | Switches | None = None, **overrides: bool) -> list[Token]:
    """The tokens of an answer after the cleaning rules alone (no relation chosen yet)."""
    values = REGISTRY.switches(settings, **overrides)
    return REGISTRY.run(tokenize(latex), values, cleaning_only=True)


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> BA: placeholder suffixes made only of capitals, which survive
    latex2sympy's normalisation (it rewrites words such as ``inf`` and ``and``)."""
    out = ""
    while True:
        out = chr(ord("A") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def _placeholder_prefix(latex: str) -> str:
    prefix = "PHSYM"
    while prefix in latex:
        prefix += "Q"
    return prefix


def _render(tokens: list[Token], prefix: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    names: dict[str, str] = {}

    def placeholder(tok: Token) -> str:
        ph = names.setdefault(tok.text, prefix + _letters(len(names)))
        return "\\mathit{" + ph + "}"

    text = detokenize(tokens, placeholder).strip()
    return text, tuple((ph, name) for name, ph in names.items())

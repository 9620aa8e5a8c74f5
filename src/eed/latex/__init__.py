"""Stage 1: LaTeX to SymPy.

The text is preprocessed by the profile's dialect, then handed to latex2sympy (``convert``).
The layers, from the bottom up: ``tokens`` (the token layer) and ``convert`` (the one
latex2sympy call); ``legacy`` (the official reading) and ``physics`` (the physics dialect);
this module, which picks the dialect.
"""

from __future__ import annotations

import logging
from typing import Any

import sympy

from ..config import Config, get_config
from ..errors import ParseError, describe
from . import legacy, physics
from .convert import to_sympy

__all__ = ["parse_latex", "preprocess"]

logger = logging.getLogger(__name__)


def preprocess(latex: str, profile: str | Config = "default") -> str:
    """The text that latex2sympy will be given, after the profile's preprocessing.

    In the physics dialect, the readings of a ``\\pm`` answer are joined with `` ; ``; the
    rules' switches are the profile's, as when the answer is scored.
    """
    _require_str(latex)
    config = get_config(profile)
    if config.dialect == "physics":
        return " ; ".join(r.text for r in physics.rewrite(latex, config))
    return legacy.preprocess(latex)


def parse_latex(latex: str, profile: str | Config = "default") -> Any:
    """Parse LaTeX into a SymPy object with the profile's preprocessing.

    Raises ParseError (with the input and the reason) when the text cannot be read.
    """
    config = get_config(profile)
    _require_str(latex)
    if not latex.strip():
        raise ParseError(latex, "empty input")
    if config.dialect == "physics":
        return _parse_physics(latex, config)
    try:
        text = preprocess(latex, config)
    except Exception as exc:  # the official rewrites can fail too; that is a parse failure
        raise ParseError(latex, f"preprocessing failed: {describe(exc)}") from exc
    if not text.strip():
        raise ParseError(latex, "nothing left to parse after preprocessing")
    expr = to_sympy(latex, text)
    if expr is None:
        raise ParseError(latex, "parser returned nothing")
    logger.debug("parsed %r as %r via %r", latex, expr, text)
    return expr


def _parse_physics(latex: str, config: Config) -> Any:
    try:
        readings = physics.parse(latex, config)
    except RecursionError as exc:
        raise ParseError(latex, "expression nested too deeply to parse") from exc
    # A \pm answer has one reading per sign: its value is the set of them.
    return readings[0] if len(readings) == 1 else sympy.FiniteSet(*readings)


def _require_str(latex: object) -> None:
    if not isinstance(latex, str):
        raise TypeError(f"LaTeX input must be str, not {type(latex).__name__}")

"""Stage 1: LaTeX to SymPy.

The text is preprocessed by the profile's dialect, then handed to latex2sympy (``convert``).
The layers, from the bottom up: ``tokens`` (the token layer) and ``convert`` (the one
latex2sympy call); ``legacy`` (the official reading) and ``physics`` (the physics dialect);
``readers`` (the reader of each dialect); this module, the entry points.
"""

from __future__ import annotations

from typing import Any

from ..config import Config, get_config
from ..errors import ParseError
from .readers import reader_of

__all__ = ["parse_latex", "preprocess"]


def preprocess(latex: str, profile: str | Config = "default") -> str:
    """The text that latex2sympy will be given, after the profile's preprocessing.

    In the physics dialect, the readings of a ``\\pm`` answer are joined with `` ; ``; the
    rules' switches are the profile's, as when the answer is scored.
    """
    _require_str(latex)
    config = get_config(profile)
    return reader_of(config).preprocess(latex, config)


def parse_latex(latex: str, profile: str | Config = "default") -> Any:
    """Parse LaTeX into a SymPy object with the profile's preprocessing.

    Raises ParseError (with the input and the reason) when the text cannot be read.
    """
    config = get_config(profile)
    _require_str(latex)
    if not latex.strip():
        raise ParseError(latex, "empty input")
    return reader_of(config).parse(latex, config)


def _require_str(latex: object) -> None:
    if not isinstance(latex, str):
        raise TypeError(f"LaTeX input must be str, not {type(latex).__name__}")

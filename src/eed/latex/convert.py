"""The one call into latex2sympy, shared by both dialects.

latex2sympy2_extended is given both of its configs explicitly: its defaults lowercase symbols
and read mixed fractions. Whatever it raises means "cannot read this" and becomes a ParseError
naming the answer the text was prepared from.
"""

from __future__ import annotations

from typing import Any

import sympy
from latex2sympy2_extended import latex2sympy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig
from latex2sympy2_extended.math_normalization import NormalizationConfig

from ..errors import ParseError, describe
from . import fast

__all__ = ["CONVERSION", "NORMALIZATION", "UNREADABLE", "to_sympy"]

NORMALIZATION = NormalizationConfig(
    basic_latex=True,
    units=False,
    malformed_operators=True,
    nits=True,
    boxed="all",
    equations=False,
)
CONVERSION = ConversionConfig(
    interpret_as_mixed_fractions=False,
    interpret_simple_eq_as_assignment=False,
    interpret_contains_as_eq=True,
    lowercase_symbols=False,
)

# Stands for an element of a list answer that cannot be read; it scores 0 against anything.
UNREADABLE = sympy.Symbol("\u27e8unreadable element\u27e9")


def to_sympy(latex: str, text: str, fast_reader: bool = True) -> Any:
    """latex2sympy's reading of ``text``, which was prepared from the answer ``latex``.

    Raises ParseError (with ``latex`` and the reason) when latex2sympy cannot read the text. The
    result is whatever latex2sympy returns (possibly None or a non-expression): callers decide
    what they accept. With ``fast_reader``, the fast reader reads the text first; it gives the
    same object or declines, and latex2sympy reads what it declines.
    """
    if fast_reader:
        reading = fast.read(text, NORMALIZATION)
        if reading is not None:
            return reading.value
    try:
        return latex2sympy(text, normalization_config=NORMALIZATION, conversion_config=CONVERSION)
    except RecursionError as exc:
        raise ParseError(latex, "expression nested too deeply to parse") from exc
    except Exception as exc:  # latex2sympy raises many types; all mean "cannot read this"
        raise ParseError(latex, describe(exc)) from exc

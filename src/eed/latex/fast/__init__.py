"""A fast reader for the LaTeX subset real answers use, giving exactly latex2sympy's result.

latex2sympy2_extended spends most of its time in the Python ANTLR runtime's adaptive
prediction (about 50 ms an answer on the corpus). This package reads the common subset (symbols
with subscripts and accents, numbers, ``+ - * / \\cdot \\times``, ``\\frac``, powers,
``\\sqrt``, groups, implicit products, absolute values, the elementary functions, calls
``f(x)``, differentials ``dx``, degree marks, one relation) with a recursive-descent parser
written here, and builds the SymPy object with the same constructors, in the same order, as
latex2sympy's own conversion. Anything outside the subset, and every spot where the grammar is
ambiguous, is declined: the caller then asks latex2sympy, which stays the reference.

Why a hand-written parser, not a C++ ANTLR accelerator: the C++ build of the grammar would need
a compiler and ANTLR's C++ runtime on a fresh machine, which ``make demo`` alone cannot promise;
a pure-Python parser installs with the package. Why reuse latex2sympy's own normalisation and
lexer: both are cheap (about 0.06 ms and 0.3 ms an answer), and their longest-match rules
(``dx`` as a differential, ``\\bar{x}`` as one token, ``tr`` as a keyword) are exactly where a
rewrite would drift; reusing them as a library keeps the token stream identical by construction.
"""

from __future__ import annotations

from .reader import Accepted, read

__all__ = ["Accepted", "read"]

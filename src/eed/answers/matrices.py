"""Matrices and vectors written as LaTeX environments.

``pmatrix``, ``bmatrix``, ``Bmatrix``, ``matrix``, ``smallmatrix`` and ``array`` are matrices of
the shape they are written in (rows by ``\\\\``, columns by ``&``); the brackets around them do
not matter. ``vmatrix`` is a determinant: its value. Each entry is read as one expression.
"""

from __future__ import annotations

import re

import sympy

from ..config import Config
from ..errors import ParseError
from ..latex import physics
from .answer import Answer
from .brackets import strip_decor
from .sides import parse_single

__all__ = ["MAX_ENTRIES", "read_matrix"]

# A matrix keeps at most this many entries (4 x 4): each is compared on its own.
MAX_ENTRIES = 16

_BEGIN = re.compile(r"\\begin\{(pmatrix|bmatrix|Bmatrix|vmatrix|matrix|smallmatrix|array)\}")
_SPACING = re.compile(r"\s*\[\s*-?[\d.]+\s*(?:pt|em|ex|mm|cm|in|mu|bp)\s*\]")
# A cell with a relation or words lays out answers: it is no matrix entry.
_LAYOUT = re.compile(
    r"[=<>:]|\\(?:text\w*|[lg]eq?|neq?|approx|sim|equiv|to|quad|qquad)(?![A-Za-z])"
)
# What may stand around the one environment of a matrix answer.
_AROUND = {("", ""), ("(", ")"), ("[", "]"), ("\\boxed{", "}")}


def read_matrix(latex: str, config: Config) -> Answer | None:
    """An answer that is one matrix environment, possibly in brackets; None otherwise."""
    begins = list(_BEGIN.finditer(latex))
    if len(begins) != 1 or latex.count("\\begin{") != 1:
        return None
    begin = begins[0]
    env = begin.group(1)
    end = latex.find("\\end{" + env + "}", begin.end())
    if end < 0 or latex.count("\\end{") != 1:
        return None
    around = (strip_decor(latex[: begin.start()]), strip_decor(latex[end + len(env) + 6 :]))
    if around not in _AROUND:
        return None
    body = latex[begin.end() : end]
    if env == "array":
        body = re.sub(r"^\s*\{[^{}]*\}", "", body)  # the column specification
    rows = _rows(body)
    if not rows:
        raise ParseError(latex, "the matrix has no entries")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ParseError(latex, "the rows of the matrix have different lengths")
    if len(rows) * width > MAX_ENTRIES:
        raise ParseError(latex, f"{len(rows) * width} entries; at most {MAX_ENTRIES} are scored")
    if any(_LAYOUT.search(cell) for row in rows for cell in row):
        return None  # an array laying out labelled answers, ``(b): & \\beta = n``
    entries = []
    for cell in (c for row in rows for c in row):
        expr = parse_single(cell, config) if cell.strip() else None
        entries.append(physics.UNREADABLE if expr is None else expr)
    if env == "vmatrix":
        if physics.UNREADABLE in entries or len(rows) != width:
            raise ParseError(latex, "a determinant needs a square matrix of readable entries")
        det = sympy.Matrix(len(rows), width, entries).det()
        return Answer("expression", (det,))
    return Answer("matrix", tuple(entries), shape=(len(rows), width))


def _rows(body: str) -> list[list[str]]:
    """The cells of each row: rows split at top-level ``\\\\``, cells at top-level ``&``;
    ``\\hline`` and empty trailing rows go."""
    body = re.sub(r"\\hline(?![A-Za-z])", " ", body)
    rows: list[list[str]] = [[""]]
    depth, i = 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\" and body[i + 1 : i + 2] in ("\\", "{", "}", "&"):
            two = body[i : i + 2]
            if two == "\\\\" and depth == 0:
                rows.append([""])
                spacing = _SPACING.match(body, i + 2)  # ``\\[2pt]``
                i = spacing.end() - 2 if spacing else i
            else:
                rows[-1][-1] += two
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "&" and depth == 0:
            rows[-1].append("")
        else:
            rows[-1][-1] += c
        i += 1
    while rows and all(not cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows

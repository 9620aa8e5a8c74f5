"""Matrices and vectors written as LaTeX environments.

``pmatrix``, ``bmatrix``, ``Bmatrix``, ``matrix``, ``smallmatrix`` and ``array`` are matrices of
the shape they are written in (rows by ``\\\\``, columns by ``&``); the brackets around them do
not matter. ``vmatrix`` is a determinant: its value. Each entry is read as one expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from ..config import Config
from ..errors import ParseError
from ..latex import physics
from .answer import Answer
from .brackets import strip_decor
from .relations import is_name
from .sides import parse_single

__all__ = ["MAX_ENTRIES", "read_matrix"]

# The letter of the placeholders that stand for written matrices while the whole is read.
_PLACEHOLDER = "Q"
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
# A transpose written after an environment.
_TRANSPOSE = re.compile(
    r"\s*\^\s*(?:T|\{\s*T\s*\}|\\top|\{\s*\\top\s*\}|\\intercal|\{\s*\\intercal\s*\}"
    r"|\{\s*\\mathrm\{T\}\s*\}|\{\s*\\mathsf\{T\}\s*\})(?![A-Za-z])"
)
# A positive integer power written after an environment; any other superscript is refused.
_POWER = re.compile(r"\s*\^\s*(?:[1-9]|\{\s*[1-9]\s*\})")
_SUPERSCRIPT = re.compile(r"\s*\^")
# Written matrices combined in one answer: at most this many.
_MAX_ENVIRONMENTS = 9


@dataclass(frozen=True)
class _Environment:
    start: int
    stop: int  # just after ``\\end{..}`` and any transpose
    name: str
    body: str
    transposed: bool


def read_matrix(latex: str, config: Config) -> Answer | None:
    """An answer that is a matrix: one matrix environment, possibly in brackets or after a
    name (``\\mathbf{v} = ..``), or written matrices combined by sums, scalar multiples,
    products, positive integer powers and transposes. None when no matrix environment is
    the answer. Raises ParseError for a matrix it cannot read."""
    if "\\begin{" not in latex:
        return None
    envs = _environments(latex)
    if envs is None:
        return None
    if len(envs) == 1 and not envs[0].transposed:
        env = envs[0]
        around = (strip_decor(latex[: env.start]), strip_decor(latex[env.stop :]))
        if around in _AROUND:
            return _single(latex, env, config)
    outside = "".join(
        latex[(envs[i - 1].stop if i else 0) : (envs[i].start if i < len(envs) else len(latex))]
        for i in range(len(envs) + 1)
    )
    head, sep, _ = latex[: envs[0].start].rpartition("=")
    if sep and len(envs) == 1 and not _LAYOUT.search(head) and "=" not in latex[envs[0].stop :]:
        name = parse_single(head, config)
        if name is not None and is_name(name):  # ``\\mathbf{v} = \\begin{pmatrix}..``
            return read_matrix(latex[envs[0].start :], config)
    if _LAYOUT.search(outside) or len(envs) > _MAX_ENVIRONMENTS:
        return None
    return _arithmetic(latex, envs, config)


def _environments(latex: str) -> list[_Environment] | None:
    """The matrix environments of ``latex`` in order; None when it holds another environment
    or nested ones."""
    begins = list(_BEGIN.finditer(latex))
    if not begins or latex.count("\\begin{") != len(begins):
        return None
    if latex.count("\\end{") != len(begins):
        return None
    out: list[_Environment] = []
    for k, begin in enumerate(begins):
        name = begin.group(1)
        end = latex.find("\\end{" + name + "}", begin.end())
        limit = begins[k + 1].start() if k + 1 < len(begins) else len(latex)
        if end < 0 or end > limit:
            return None
        stop = end + len(name) + 6
        transpose = _TRANSPOSE.match(latex, stop)
        if transpose:
            stop = transpose.end()
        out.append(
            _Environment(begin.start(), stop, name, latex[begin.end() : end], bool(transpose))
        )
    return out


def _entries(latex: str, env: _Environment, config: Config) -> tuple[list[Any], int, int] | None:
    """The entries of one environment, row by row, and its shape; None when it lays out
    answers instead. Raises ParseError."""
    body = env.body
    if env.name == "array":
        body = re.sub(r"^\s*\{[^{}]*\}", "", body)  # the column specification
    rows = _rows(body)
    if any(_LAYOUT.search(cell) for row in rows for cell in row):
        return None  # an array laying out labelled answers, ``(b): & \\beta = n``
    if not rows:
        raise ParseError(latex, "the matrix has no entries")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ParseError(latex, "the rows of the matrix have different lengths")
    if len(rows) * width > MAX_ENTRIES:
        raise ParseError(latex, f"{len(rows) * width} entries; at most {MAX_ENTRIES} are scored")
    entries = []
    for cell in (c for row in rows for c in row):
        expr = parse_single(cell, config) if cell.strip() else None
        entries.append(physics.UNREADABLE if expr is None else expr)
    return entries, len(rows), width


def _single(latex: str, env: _Environment, config: Config) -> Answer | None:
    read = _entries(latex, env, config)
    if read is None:
        return None
    entries, rows, width = read
    if env.name == "vmatrix":
        return Answer("expression", (_determinant(latex, entries, rows, width),))
    return Answer("matrix", tuple(entries), shape=(rows, width))


def _determinant(latex: str, entries: list[Any], rows: int, width: int) -> Any:
    if physics.UNREADABLE in entries or rows != width:
        raise ParseError(latex, "a determinant needs a square matrix of readable entries")
    return sympy.Matrix(rows, width, entries).det()


def _arithmetic(latex: str, envs: list[_Environment], config: Config) -> Answer | None:
    """Written matrices combined: each environment becomes a placeholder symbol, the whole is
    read as one expression, and the matrices are put back and evaluated."""
    values: dict[Any, Any] = {}
    text, last = [], 0
    for k, env in enumerate(envs, start=1):
        read = _entries(latex, env, config)
        if read is None:
            return None
        entries, rows, width = read
        if physics.UNREADABLE in entries:
            raise ParseError(latex, "a matrix entry cannot be read")
        after = latex[env.stop :]
        if _SUPERSCRIPT.match(after) and not _POWER.match(after):
            raise ParseError(latex, "a matrix raised to a power other than 1-9 or T")
        if after.lstrip().startswith(("_", "'")):
            raise ParseError(latex, "a subscript or a prime after a matrix")
        if env.name == "vmatrix":
            value: Any = _determinant(latex, entries, rows, width)
        else:
            value = sympy.ImmutableMatrix(rows, width, entries)
            value = value.T if env.transposed else value
        symbol = sympy.Symbol(f"{_PLACEHOLDER}_{k}")
        values[symbol] = value
        text.append(latex[last : env.start] + f" {_PLACEHOLDER}_{{{k}}} ")
        last = env.stop
    text.append(latex[last:])
    joined = "".join(text)
    if joined.count(_PLACEHOLDER) != len(envs):
        return None  # the placeholder's letter is in the answer
    expr = parse_single(joined, config)
    if expr is None:
        raise ParseError(latex, "the matrices are combined in a way that cannot be read")
    try:
        result = _evaluate(expr, values)
    except (ValueError, TypeError, sympy.ShapeError, sympy.NonSquareMatrixError) as exc:
        raise ParseError(latex, f"the matrices cannot be combined: {exc}") from exc
    if not isinstance(result, sympy.MatrixBase):
        return Answer("expression", (result,))
    rows, width = result.shape
    if rows * width > MAX_ENTRIES:
        raise ParseError(latex, f"{rows * width} entries; at most {MAX_ENTRIES} are scored")
    return Answer("matrix", tuple(result), shape=(rows, width))


def _evaluate(expr: Any, values: dict[Any, Any]) -> Any:
    """The value of an expression in placeholders: sums, scalar multiples, products of written
    matrices in the order written (each occurrence has its own, increasing, placeholder) and
    positive integer powers. Raises ValueError for anything else with a matrix in it."""
    if expr in values:
        return values[expr]
    if not expr.has(*values):
        return expr
    if isinstance(expr, sympy.Add):
        terms = [_evaluate(a, values) for a in expr.args]
        if not all(isinstance(t, sympy.MatrixBase) for t in terms):
            raise ValueError("a matrix plus a scalar")
        total = terms[0]
        for t in terms[1:]:
            total = total + t
        return total
    if isinstance(expr, sympy.Mul) or (
        isinstance(expr, sympy.Pow) and isinstance(values.get(expr.base), sympy.MatrixBase)
    ):
        return _product(sympy.Mul.make_args(expr), values)
    if isinstance(expr, sympy.Pow):
        base = _evaluate(expr.base, values)
        if isinstance(base, sympy.MatrixBase):
            raise ValueError("a power of a matrix expression")
        return base**expr.exp
    raise ValueError(f"{type(expr).__name__} of a matrix")


def _product(args: tuple[Any, ...], values: dict[Any, Any]) -> Any:
    """A product of scalars and written matrices (or their positive integer powers), the
    matrices multiplied in the order written."""
    scalar: Any = sympy.S.One
    factors: list[tuple[int, Any]] = []
    for a in args:
        base, power = a.as_base_exp() if isinstance(a, sympy.Pow) else (a, sympy.S.One)
        if isinstance(values.get(base), sympy.MatrixBase):
            if not (power.is_Integer and power > 0):
                raise ValueError("a matrix to a power other than a positive integer")
            index = int(str(base).rsplit("_", 1)[1])
            factors.append((index, values[base] ** int(power)))
        elif a.has(*values):
            value = _evaluate(a, values)
            if isinstance(value, sympy.MatrixBase):
                raise ValueError("a product with a matrix expression in it")
            scalar = scalar * value
        else:
            scalar = scalar * a
    product: Any = scalar
    for _, m in sorted(factors, key=lambda f: f[0]):
        product = product * m
    return product


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

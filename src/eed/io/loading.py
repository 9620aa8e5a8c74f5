"""Reading one input file: its text, its format (given or detected), its records, checked."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import InputFormatError
from .formats import AUTO, REGISTRY, InputFormat, formats
from .records import LoadedFile, Record
from .source import STDIN, display_name

__all__ = ["parse_source"]


def parse_source(text: str, path: str, fmt: str = "auto", expect: str | None = None) -> LoadedFile:
    """Check the text of one input file in the given or detected format.

    ``expect`` says what the file should hold ("ground truths", "predictions"), for messages.
    """
    if fmt not in formats():
        raise ValueError(f"unknown input format {fmt!r}")
    name = display_name(path)
    spec = REGISTRY[REGISTRY.detect(text, path) if fmt == AUTO else fmt]
    if not text.strip():
        what = "standard input is empty" if path == STDIN else "the file is empty"
        wanted = expect or (spec.hint if fmt != AUTO else "records")
        raise InputFormatError(name, None, f"{what}; expected {wanted}")
    records = spec.read(text, name)
    if not records:
        raise InputFormatError(name, None, "expected at least one record, found none")
    if not spec.lines:
        _check_records(records, spec)
    return LoadedFile(path=name, format=spec.name, records=records)


def _check_records(records: Sequence[Record], spec: InputFormat) -> None:
    for r in records:
        label = f"item {r.number}: " if spec.numbered else ""
        if r.gt is None and r.gt_field is not None:
            raise InputFormatError(
                r.path,
                r.line,
                f"{label}{r.gt_field!r} is null; expected the ground truth as a LaTeX string",
            )
        problem = spec.check(r) if spec.check is not None else None
        if problem is not None:
            raise InputFormatError(r.path, r.line, f"{label}{problem}")
        if r.gt is None and not r.has_pred:
            raise InputFormatError(
                r.path,
                r.line,
                f"{label}expected a ground truth ('gt' or 'answer') or a prediction "
                "('pred', 'model_answer' or 'model_solution')",
            )
    with_pred = [r.has_pred for r in records]
    if any(with_pred) and not all(with_pred):
        r = records[with_pred.index(False)]
        raise InputFormatError(
            r.path,
            r.line,
            "expected a prediction ('pred' or 'model_answer') as in the other records",
        )

"""Records: the items of an input file with their fields normalised, whatever the format.

Every record field has the same meaning in every format, so a JSON list of ``{id, gt, pred}`` or
a JSONL file of official answers reads just as well. ``record_from_mapping`` is that meaning:
a reader that finds named fields (a JSON object, a CSV row) hands them to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..extract import is_messages
from .errors import InputFormatError, a_json_kind

__all__ = [
    "GT_FIELDS",
    "PRED_FIELDS",
    "SOLUTION_FIELD",
    "LoadedFile",
    "Record",
    "record_from_mapping",
]

# Field names, in order of preference. "answer" is PHYBench's ground-truth field.
GT_FIELDS = ("gt", "answer")
PRED_FIELDS = ("pred", "model_answer")
SOLUTION_FIELD = "model_solution"


@dataclass(frozen=True)
class Record:
    """One item of an input file, its fields normalised. ``line`` is where it starts."""

    path: str
    line: int
    number: int
    id: str | int | None = None
    model: str | None = None
    tag: str | None = None
    gt: str | None = None
    pred: str | list[dict[str, Any]] | None = None
    has_pred: bool = False
    text: str | None = None  # a line of a text file, whose role depends on its position
    gt_field: str | None = None  # the ground-truth key present, even when its value is null

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class LoadedFile:
    path: str  # as displayed
    format: str  # the format it was read as
    records: list[Record] = field(default_factory=list)

    @property
    def holds_predictions(self) -> bool:
        return any(r.has_pred for r in self.records)

    @property
    def is_text(self) -> bool:
        return self.format == "text"


def _scalar(value: Any, path: str, line: int, name: str) -> str | None:
    """A string field; numbers are accepted as their text, null as missing."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputFormatError(path, line, f"expected {name!r} to be a string, found a boolean")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    raise InputFormatError(
        path, line, f"expected {name!r} to be a string, found {a_json_kind(value)}"
    )


def _id(value: Any, path: str, line: int) -> str | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputFormatError(
            path, line, f"expected 'id' to be a string or an integer, found {a_json_kind(value)}"
        )
    return value


def _messages(value: list[Any], path: str, line: int, name: str) -> list[dict[str, Any]]:
    if not is_messages(value):
        raise InputFormatError(
            path,
            line,
            f"expected {name!r} to be a string or a list of chat messages ({{role, content}})",
        )
    return [dict(m) for m in value]


def record_from_mapping(obj: Mapping[str, Any], path: str, line: int, number: int) -> Record:
    gt = None
    gt_field = None
    for name in GT_FIELDS:
        if name in obj:
            gt_field = name
            gt = _scalar(obj[name], path, line, name)
            break
    pred: str | list[dict[str, Any]] | None = None
    has_pred = False
    for name in PRED_FIELDS:
        if name in obj:
            has_pred = True
            value = obj[name]
            pred = (
                _messages(value, path, line, name)
                if isinstance(value, list)
                else _scalar(value, path, line, name)
            )
            break
    if SOLUTION_FIELD in obj:
        has_pred = True
        # The official pipeline's model_answer is the short answer; a full solution stands in
        # only when it is missing or blank.
        if pred is None or (isinstance(pred, str) and not pred.strip()):
            value = obj[SOLUTION_FIELD]
            if isinstance(value, list):
                pred = _messages(value, path, line, SOLUTION_FIELD)
            else:
                solution = _scalar(value, path, line, SOLUTION_FIELD)
                if solution is not None and solution.strip():
                    pred = solution
    return Record(
        path=path,
        line=line,
        number=number,
        id=_id(obj.get("id"), path, line),
        model=_scalar(obj.get("model"), path, line, "model"),
        tag=_scalar(obj.get("tag"), path, line, "tag"),
        gt=gt,
        pred=pred,
        has_pred=has_pred,
        gt_field=gt_field,
    )

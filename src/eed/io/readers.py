"""The readers of the built-in formats, and how each recognises its content.

A reader takes the text of a file and its displayed path and returns its records, raising
`InputFormatError` with the file, the line and what was expected when the text is malformed.
A sniffer takes the text from its first non-blank character and whether the file's extension
is one of the format's, and says whether the text is in that format.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from .errors import InputFormatError, a_json_kind
from .records import GT_FIELDS, PRED_FIELDS, SOLUTION_FIELD, Record, record_from_mapping

__all__ = [
    "CSV_FIELDS",
    "looks_like_csv",
    "looks_like_json",
    "looks_like_jsonl",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_text",
]

_JSON_LIST_START = re.compile(r"\[\s*(?:\{|\]|$)")
CSV_FIELDS = frozenset({"id", *GT_FIELDS, *PRED_FIELDS, SOLUTION_FIELD})


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).strip()


def looks_like_json(text: str, named: bool) -> bool:
    """A JSON list (an interval such as ``[a, b]`` is not one); any JSON in a ``.json`` file."""
    if text[0] == "[":
        if named or _JSON_LIST_START.match(text):
            return True
        with contextlib.suppress(ValueError):
            if isinstance(json.loads(text), list):
                return True
        return False
    return text[0] == "{" and named


def looks_like_jsonl(text: str, named: bool) -> bool:
    """A JSON object on the first line (``{a}+b`` is LaTeX, unless the extension says JSONL)."""
    if text[0] != "{":
        return False
    if named or text.startswith('{"'):
        return True
    with contextlib.suppress(ValueError):
        if isinstance(json.loads(_first_line(text)), dict):
            return True
    return False


def looks_like_csv(text: str, named: bool) -> bool:
    """A header row naming at least two columns, one of them a ground truth or a prediction."""
    first_line = _first_line(text)
    if "," in first_line:
        header = next(csv.reader([first_line]), [])
        names = {h.strip().lower() for h in header}
        if names & (CSV_FIELDS - {"id"}) and len(names) >= 2:
            return True
    return False


def _json_items(text: str, path: str) -> Iterator[tuple[int, Any]]:
    """``(line, item)`` for each element of a top-level JSON list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            path, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})"
        ) from exc
    if not isinstance(data, list):
        raise InputFormatError(
            path, 1, f"expected a JSON list of objects, found {a_json_kind(data)}"
        )
    # A second, element-wise pass finds where each item starts, for error messages.
    newlines = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    pos = ws.match(text, text.index("[") + 1).end()  # type: ignore[union-attr]
    for item in data:
        _, end = decoder.raw_decode(text, pos)
        yield bisect.bisect_right(newlines, pos - 1) + 1, item
        pos = ws.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]


def read_json(text: str, path: str) -> list[Record]:
    records: list[Record] = []
    for number, (line, item) in enumerate(_json_items(text, path), start=1):
        if not isinstance(item, dict):
            raise InputFormatError(
                path, line, f"item {number}: expected an object, found {a_json_kind(item)}"
            )
        records.append(record_from_mapping(item, path, line, number))
    return records


def read_jsonl(text: str, path: str) -> list[Record]:
    records: list[Record] = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputFormatError(
                path,
                line_no,
                f"expected a JSON object on each line: {exc.msg} (column {exc.colno})",
            ) from exc
        if not isinstance(item, dict):
            raise InputFormatError(
                path, line_no, f"expected a JSON object, found {a_json_kind(item)}"
            )
        records.append(record_from_mapping(item, path, line_no, len(records) + 1))
    return records


def read_csv(text: str, path: str) -> list[Record]:
    # Full solutions can exceed csv's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputFormatError(path, 1, "expected a header row")
        names = [h.strip().lower() for h in header]
        if not set(names) & (CSV_FIELDS - {"id"}):
            raise InputFormatError(
                path,
                1,
                "expected a header row naming the columns: id, gt and/or pred, model and tag",
            )
        if len(set(names)) != len(names):
            raise InputFormatError(path, 1, "the header row names a column twice")
        records: list[Record] = []
        start = reader.line_num + 1
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                start = reader.line_num + 1
                continue
            if len(row) != len(names):
                raise InputFormatError(
                    path, start, f"expected {len(names)} fields as in the header, found {len(row)}"
                )
            obj: dict[str, Any] = dict(zip(names, row, strict=True))
            for name in ("id", "model", "tag"):
                if obj.get(name) == "":
                    obj[name] = None  # an empty cell is a missing value, not an empty name
            records.append(record_from_mapping(obj, path, start, len(records) + 1))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFormatError(path, reader.line_num or 1, f"malformed CSV: {exc}") from exc
    return records


def read_text(text: str, path: str) -> list[Record]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return [
        Record(path=path, line=i, number=i, text=line.removesuffix("\r"))
        for i, line in enumerate(lines, start=1)
    ]

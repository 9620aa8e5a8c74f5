"""The errors of reading inputs and writing results, and how messages name a JSON value."""

from __future__ import annotations

import os
from typing import Any

__all__ = [
    "InputFormatError",
    "OutputError",
    "SignatureMismatchError",
    "a_json_kind",
    "json_kind",
]


class InputFormatError(ValueError):
    """An input file is missing, unreadable or malformed.

    ``line`` is the 1-based line where the problem is (None when it concerns the whole file).
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class OutputError(OSError):
    """The output directory cannot be created, locked or written."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        super().__init__(f"{os.fspath(path)}: {message}")
        self.path = os.fspath(path)
        self.message = message


class SignatureMismatchError(Exception):
    """An existing output holds results that this run must not mix with its own."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        super().__init__(f"{os.fspath(path)}: {message}")
        self.path = os.fspath(path)
        self.message = message


def json_kind(value: Any) -> str:
    """The JSON kind of a value: "object", "list", "string", "boolean", "number", "null"."""
    return {dict: "object", list: "list", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, (int, float)) else "null"
    )


def a_json_kind(value: Any) -> str:
    """The JSON kind of a value with its article: "an object", "a list", "null"."""
    kind = json_kind(value)
    if kind == "null":
        return kind
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"

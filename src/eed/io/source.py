"""The text of an input file, or of standard input (``-``)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from .errors import InputFormatError

__all__ = ["STDIN", "display_name", "read_source"]

STDIN = "-"


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def read_source(path: str, stdin: IO[bytes] | None = None) -> str:
    """The text of ``path`` (``-`` reads ``stdin``), decoded as UTF-8 with an optional BOM."""
    name = display_name(path)
    try:
        if path == STDIN:
            if stdin is None:
                raise InputFormatError(name, None, "no standard input to read")
            data = stdin.read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        raise InputFormatError(name, None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFormatError(name, line, "expected UTF-8 text") from exc

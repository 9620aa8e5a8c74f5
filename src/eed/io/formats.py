"""The registry of input formats, and ``detect_format``.

An input format is one registry entry (`InputFormat`): its name, its reader, the file
extensions that are its own, and, if its content can be recognised, a sniffer. ``auto``
detection asks the sniffers in registration order; when none recognises the content, the file
extension decides, and a file whose extension says nothing is read as ``text``.

Adding a format is one reader and one ``REGISTRY.add`` (see ``docs/contributing.md``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .readers import (
    looks_like_csv,
    looks_like_json,
    looks_like_jsonl,
    read_csv,
    read_json,
    read_jsonl,
    read_text,
)
from .records import Record
from .source import STDIN

__all__ = [
    "AUTO",
    "FALLBACK",
    "FORMATS",
    "REGISTRY",
    "Check",
    "FormatRegistry",
    "InputFormat",
    "Reader",
    "Sniffer",
    "detect_format",
    "formats",
]

logger = logging.getLogger("eed.io")

AUTO = "auto"  # detect the format from the content
FALLBACK = "text"  # the format of a file that nothing else recognises

# (text, displayed path) -> the records, or InputFormatError naming the file and the line.
Reader = Callable[[str, str], list[Record]]
# (text from its first non-blank character, whether the file's extension is one of the
# format's) -> whether the text is in this format.
Sniffer = Callable[[str, bool], bool]
# A record -> what it lacks for this format, or None.
Check = Callable[[Record], str | None]


@dataclass(frozen=True)
class InputFormat:
    """One registered input format."""

    name: str
    read: Reader
    extensions: tuple[str, ...] = ()  # lower case with their dot; they decide unclear content
    sniff: Sniffer | None = None  # recognises the content, for ``auto``
    hint: str = "records"  # what a file forced to this format holds, for "the file is empty"
    check: Check | None = None  # what each record must have beyond a ground truth or prediction
    numbered: bool = False  # messages name items by number ("item 2: "), as in a JSON list
    lines: bool = False  # records are bare lines whose fields are not checked (text)
    selectable: bool = True  # can be forced with ``fmt=`` and ``--input-format``


class FormatRegistry:
    """The input formats, in detection order. Entries can be added and removed (a plugin, a
    test's toy format)."""

    def __init__(self, specs: Iterable[InputFormat] = ()) -> None:
        self._specs: tuple[InputFormat, ...] = ()
        for spec in specs:
            self.add(spec)

    def add(self, spec: InputFormat) -> InputFormat:
        """Register a format; its name and its extensions must be new."""
        if spec.name == AUTO or spec.name in self:
            raise ValueError(f"an input format named {spec.name!r} is already registered")
        taken = self.by_extension()
        for ext in spec.extensions:
            if not ext.startswith(".") or ext != ext.lower():
                raise ValueError(f"extension {ext!r} is not lower case with its dot")
            if ext in taken:
                raise ValueError(f"extension {ext!r} is taken ({taken[ext]!r})")
        self._specs = (*self._specs, spec)
        logger.debug("registered input format %r", spec.name)
        return spec

    def remove(self, name: str) -> InputFormat:
        """Unregister the format called ``name`` and return its entry."""
        spec = self[name]
        self._specs = tuple(s for s in self._specs if s.name != name)
        return spec

    def __getitem__(self, name: str) -> InputFormat:
        for spec in self._specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(spec.name == name for spec in self._specs)

    def __iter__(self) -> Iterator[InputFormat]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._specs)

    def by_extension(self) -> dict[str, str]:
        """The format of each registered extension."""
        return {ext: s.name for s in self._specs for ext in s.extensions}

    def detect(self, text: str, path: str = "") -> str:
        """Guess the format from the content; the file extension only decides unclear cases."""
        ext = Path(path).suffix.lower() if path and path != STDIN else ""
        s = text.lstrip()
        if s:
            for spec in self._specs:
                if spec.sniff is not None and spec.sniff(s, ext in spec.extensions):
                    return spec.name
        return self.by_extension().get(ext, FALLBACK)


def _a_phybench_item(r: Record) -> str | None:
    return (
        None
        if r.gt is not None
        else "expected a PHYBench ground truth ({id, tag, answer}): no 'answer'"
    )


def _a_model_answer(r: Record) -> str | None:
    return (
        None
        if r.has_pred
        else "expected a model answer ({id, model, model_answer}): no 'model_answer'"
    )


REGISTRY = FormatRegistry(
    (
        # A JSON list of records of any kind; forcing it means naming phybench or answers.
        InputFormat(
            "json",
            read_json,
            extensions=(".json",),
            sniff=looks_like_json,
            hint="a JSON list of records",
            numbered=True,
            selectable=False,
        ),
        InputFormat(
            "phybench",
            read_json,
            hint="a JSON list of ground truths",
            check=_a_phybench_item,
            numbered=True,
        ),
        InputFormat(
            "answers",
            read_json,
            hint="a JSON list of model answers",
            check=_a_model_answer,
            numbered=True,
        ),
        InputFormat(
            "jsonl",
            read_jsonl,
            extensions=(".jsonl", ".ndjson"),
            sniff=looks_like_jsonl,
            hint="one JSON object per line",
        ),
        InputFormat(
            "csv",
            read_csv,
            extensions=(".csv",),
            sniff=looks_like_csv,
            hint="a header row and one row per pair",
        ),
        InputFormat("text", read_text, hint="one LaTeX answer per line", lines=True),
    )
)


def formats() -> tuple[str, ...]:
    """The names ``fmt=`` takes now: ``auto`` and every selectable registered format."""
    return (AUTO, *(s.name for s in REGISTRY if s.selectable))


# The built-in choices, for ``--input-format``.
FORMATS = formats()


def detect_format(text: str, path: str = "") -> str:
    """Guess the format from the content; the file extension only decides unclear cases."""
    return REGISTRY.detect(text, path)

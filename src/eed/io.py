"""Reading answer files, pairing them with ground truths, and the resumable results file.

Input formats (``auto`` detects them from the content; the file name only breaks ties):

- ``phybench``: PHYBench ground truths, a JSON list of ``{id, tag, answer, ...}``.
- ``answers``: the official pipeline's model answers, a JSON list of
  ``{id, model, model_answer, model_solution?}``.
- ``jsonl``: one JSON object per line, ``{id, gt, pred}`` (``model``, ``tag`` optional).
- ``csv``: the same fields as columns, with a header row.
- ``text``: one LaTeX answer per line, matched to the reference by position.

Every record field has the same meaning in every format, so a JSON list of ``{id, gt, pred}`` or
a JSONL file of official answers reads just as well. A malformed file raises `InputFormatError`
naming the file, the line and what was expected.

`ResultsStore` keeps ``DIR/results.jsonl`` (one JSON line per finished pair, appended and flushed
as each finishes) and ``DIR/run.json`` (the scoring signature). Reopening it drops a torn last
line, lists the finished pairs, and refuses a run whose signature differs.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .extract import is_messages

__all__ = [
    "FORMATS",
    "InputFormatError",
    "LoadedFile",
    "OutputError",
    "Pair",
    "Record",
    "ResultsStore",
    "SignatureMismatchError",
    "detect_format",
    "load_file",
    "pair_up",
    "parse_source",
    "read_source",
    "reference_problems",
]

logger = logging.getLogger(__name__)

FORMATS = ("auto", "phybench", "answers", "jsonl", "csv", "text")
STDIN = "-"
RESULTS_FILE = "results.jsonl"
RUN_FILE = "run.json"
LOCK_FILE = ".lock"
RUN_FORMAT = "eed-run/1"

# Field names, in order of preference. "answer" is PHYBench's ground-truth field.
GT_FIELDS = ("gt", "answer")
PRED_FIELDS = ("pred", "model_answer")
SOLUTION_FIELD = "model_solution"


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


# Reading ---------------------------------------------------------------------------------------


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


_JSON_LIST_START = re.compile(r"\[\s*(?:\{|\]|$)")
_CSV_FIELDS = frozenset({"id", *GT_FIELDS, *PRED_FIELDS, SOLUTION_FIELD})


def detect_format(text: str, path: str = "") -> str:
    """Guess the format from the content; the file extension only decides unclear cases."""
    ext = Path(path).suffix.lower() if path and path != STDIN else ""
    s = text.lstrip()
    if not s:
        return {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(
            ext, "text"
        )
    first_line = s.split("\n", 1)[0].strip()
    if s[0] == "[":
        if ext == ".json" or _JSON_LIST_START.match(s):
            return "json"
        with contextlib.suppress(ValueError):
            if isinstance(json.loads(s), list):
                return "json"
    if s[0] == "{":
        if ext == ".json":
            return "json"
        if ext in (".jsonl", ".ndjson") or s.startswith('{"'):
            return "jsonl"
        with contextlib.suppress(ValueError):
            if isinstance(json.loads(first_line), dict):
                return "jsonl"
    if "," in first_line:
        header = next(csv.reader([first_line]), [])
        names = {h.strip().lower() for h in header}
        if names & (_CSV_FIELDS - {"id"}) and len(names) >= 2:
            return "csv"
    return {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(ext, "text")


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
        path, line, f"expected {name!r} to be a string, found {_a_json_kind(value)}"
    )


def _id(value: Any, path: str, line: int) -> str | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputFormatError(
            path, line, f"expected 'id' to be a string or an integer, found {_a_json_kind(value)}"
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


def _record_from_mapping(obj: Mapping[str, Any], path: str, line: int, number: int) -> Record:
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
            path, 1, f"expected a JSON list of objects, found {_a_json_kind(data)}"
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


def _json_kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, (int, float)) else "null"
    )


def _a_json_kind(value: Any) -> str:
    """The JSON kind of a value with its article: "an object", "a list", "null"."""
    kind = _json_kind(value)
    if kind == "null":
        return kind
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _read_json(text: str, path: str) -> list[Record]:
    records: list[Record] = []
    for number, (line, item) in enumerate(_json_items(text, path), start=1):
        if not isinstance(item, dict):
            raise InputFormatError(
                path, line, f"item {number}: expected an object, found {_a_json_kind(item)}"
            )
        records.append(_record_from_mapping(item, path, line, number))
    return records


def _read_jsonl(text: str, path: str) -> list[Record]:
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
                path, line_no, f"expected a JSON object, found {_a_json_kind(item)}"
            )
        records.append(_record_from_mapping(item, path, line_no, len(records) + 1))
    return records


def _read_csv(text: str, path: str) -> list[Record]:
    # Full solutions can exceed csv's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputFormatError(path, 1, "expected a header row")
        names = [h.strip().lower() for h in header]
        if not set(names) & (_CSV_FIELDS - {"id"}):
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
            records.append(_record_from_mapping(obj, path, start, len(records) + 1))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFormatError(path, reader.line_num or 1, f"malformed CSV: {exc}") from exc
    return records


def _read_text(text: str, path: str) -> list[Record]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return [
        Record(path=path, line=i, number=i, text=line.removesuffix("\r"))
        for i, line in enumerate(lines, start=1)
    ]


_FORMAT_HINT = {
    "phybench": "a JSON list of ground truths",
    "answers": "a JSON list of model answers",
    "jsonl": "one JSON object per line",
    "csv": "a header row and one row per pair",
    "text": "one LaTeX answer per line",
}

_EXPECTED = {
    "phybench": "a PHYBench ground truth ({id, tag, answer})",
    "answers": "a model answer ({id, model, model_answer})",
}


def load_file(path: str, fmt: str = "auto", stdin: IO[bytes] | None = None) -> LoadedFile:
    """Read and check one input file (``-`` for stdin) in the given or detected format."""
    return parse_source(read_source(path, stdin), path, fmt)


def parse_source(text: str, path: str, fmt: str = "auto", expect: str | None = None) -> LoadedFile:
    """Check the text of one input file in the given or detected format.

    ``expect`` says what the file should hold ("ground truths", "predictions"), for messages.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r}")
    name = display_name(path)
    syntax = detect_format(text, path) if fmt == "auto" else fmt
    if syntax in ("phybench", "answers"):
        syntax = "json"
    if not text.strip():
        what = "standard input is empty" if path == STDIN else "the file is empty"
        wanted = expect or _FORMAT_HINT.get(fmt, "records")
        raise InputFormatError(name, None, f"{what}; expected {wanted}")
    readers = {"json": _read_json, "jsonl": _read_jsonl, "csv": _read_csv, "text": _read_text}
    records = readers[syntax](text, name)
    if not records:
        raise InputFormatError(name, None, "expected at least one record, found none")
    if syntax != "text":
        _check_records(records, fmt, syntax)
    return LoadedFile(path=name, format=fmt if fmt != "auto" else syntax, records=records)


def _check_records(records: Sequence[Record], fmt: str, syntax: str) -> None:
    for r in records:
        label = f"item {r.number}: " if syntax == "json" else ""
        if r.gt is None and r.gt_field is not None:
            raise InputFormatError(
                r.path,
                r.line,
                f"{label}{r.gt_field!r} is null; expected the ground truth as a LaTeX string",
            )
        if fmt == "phybench" and r.gt is None:
            raise InputFormatError(
                r.path, r.line, f"{label}expected {_EXPECTED['phybench']}: no 'answer'"
            )
        if fmt == "answers" and not r.has_pred:
            raise InputFormatError(
                r.path, r.line, f"{label}expected {_EXPECTED['answers']}: no 'model_answer'"
            )
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


# Pairing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One (ground truth, prediction) pair to score. ``pred`` is the raw field."""

    id: str | int
    model: str
    tag: str | None
    gt: str
    pred: str | list[dict[str, Any]]
    source: str  # FILE:LINE of the prediction

    @property
    def key(self) -> tuple[str, str]:
        return (self.model, str(self.id))


@dataclass(frozen=True)
class _Ref:
    id: str | int
    tag: str | None
    gt: str
    where: str


def _references(ref: LoadedFile) -> tuple[list[_Ref], dict[str, _Ref]]:
    refs: list[_Ref] = []
    by_id: dict[str, _Ref] = {}
    for r in ref.records:
        gt = r.text if ref.is_text else r.gt
        if gt is None:
            raise InputFormatError(r.path, r.line, "expected a ground truth ('gt' or 'answer')")
        _check_gt_not_blank(gt, r)
        rid = r.id if r.id is not None else r.number
        item = _Ref(rid, r.tag, gt, r.where)
        if str(rid) in by_id:
            raise InputFormatError(
                r.path, r.line, f"id {rid!r} appears twice (first at {by_id[str(rid)].where})"
            )
        by_id[str(rid)] = item
        refs.append(item)
    return refs, by_id


def reference_problems(ref: LoadedFile) -> list[tuple[str, str | None]]:
    """``(id, tag)`` of every problem in a reference file, in file order."""
    refs, _ = _references(ref)
    return [(str(r.id), r.tag) for r in refs]


def _check_gt_not_blank(gt: str, r: Record) -> None:
    # A blank ground truth is a broken benchmark item, not a wrong answer: scoring it would
    # charge the model a 0 for the data's fault.
    if not gt.strip():
        field_name = "the line" if r.text is not None else repr(r.gt_field or "gt")
        raise InputFormatError(
            r.path, r.line, f"{field_name} is blank; expected the ground truth's LaTeX"
        )


def model_names(paths: Sequence[str]) -> list[str]:
    """Default model names for prediction files: their stems, or their paths when stems clash."""
    stems = ["stdin" if p in (STDIN, "<stdin>") else Path(p).stem for p in paths]
    return [
        s if stems.count(s) == 1 else str(Path(p).with_suffix(""))
        for s, p in zip(stems, paths, strict=True)
    ]


def pair_up(reference: LoadedFile | None, predictions: Sequence[LoadedFile]) -> list[Pair]:
    """Match each prediction to its ground truth: by id, or by position when it has none.

    Records that carry their own ``gt`` need no reference.
    """
    refs: list[_Ref] = []
    by_id: dict[str, _Ref] = {}
    if reference is not None:
        refs, by_id = _references(reference)
    pairs: list[Pair] = []
    seen: dict[tuple[str, str], str] = {}
    names = model_names([p.path for p in predictions])
    for loaded, default_model in zip(predictions, names, strict=True):
        if loaded.is_text and reference is not None and len(loaded.records) != len(refs):
            n, m = len(loaded.records), len(refs)
            raise InputFormatError(
                loaded.path,
                min(n, m) + 1,
                f"expected {m} lines, one per reference item in {reference.path}, found {n}",
            )
        for r in loaded.records:
            pred: str | list[dict[str, Any]] = (r.text if loaded.is_text else r.pred) or ""
            gt = None if loaded.is_text else r.gt
            rid: str | int = r.id if r.id is not None else r.number
            tag = r.tag
            if gt is None:
                if reference is None:
                    what = "a GT_FILE for these text lines" if loaded.is_text else "a 'gt' field"
                    raise InputFormatError(
                        r.path, r.line, f"expected {what}, since no GT_FILE was given"
                    )
                if r.id is not None:
                    ref = by_id.get(str(r.id))
                    if ref is None:
                        raise InputFormatError(
                            r.path, r.line, f"id {r.id!r} is not in {reference.path}"
                        )
                else:
                    if r.number > len(refs):
                        raise InputFormatError(
                            r.path,
                            r.line,
                            f"record {r.number} has no id, and {reference.path} has {len(refs)}",
                        )
                    ref = refs[r.number - 1]
                gt, rid, tag = ref.gt, ref.id, tag if tag is not None else ref.tag
            else:
                _check_gt_not_blank(gt, r)
            pair = Pair(
                id=rid, model=r.model or default_model, tag=tag, gt=gt, pred=pred, source=r.where
            )
            if pair.key in seen:
                raise InputFormatError(
                    r.path,
                    r.line,
                    f"model {pair.model!r} answers id {rid!r} twice (first at {seen[pair.key]})",
                )
            seen[pair.key] = r.where
            pairs.append(pair)
    return pairs


# The results file -------------------------------------------------------------------------------


RESULT_KEYS = ("model", "id", "score", "status")


def _not_a_result(record: Any) -> str | None:
    """What keeps a parsed line from being a result record, or None if it is one."""
    if not isinstance(record, dict):
        return _a_json_kind(record)
    missing = [k for k in RESULT_KEYS if k not in record]
    if missing:
        keys = ", ".join(repr(k) for k in list(record)[:5]) or "no keys"
        return f"a JSON object without {', '.join(map(repr, missing))} (it has {keys})"
    if isinstance(record["score"], bool) or not isinstance(record["score"], (int, float)):
        return f"a 'score' that is {_a_json_kind(record['score'])}, not a number"
    return None


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw.decode("utf-8"))
    except ValueError:
        return False
    return True


def _signature_diff(recorded: str, current: str) -> str:
    def parts(sig: str) -> dict[str, str]:
        out = {}
        for part in sig.split("|"):
            k, _, v = part.partition(":")
            out[k] = v
        return out

    a, b = parts(recorded), parts(current)
    diffs = [
        f"{k} {a.get(k, '-')} -> {b.get(k, '-')}"
        for k in dict.fromkeys([*a, *b])
        if a.get(k) != b.get(k)
    ]
    return ", ".join(diffs) or "the signatures differ"


class ResultsStore:
    """``DIR/results.jsonl`` opened for appending, after reading back what it already holds.

    - A torn (partial) last line, left by a killed run, is cut off so the pair is redone.
    - ``finished`` maps each (model, id) key already written to its record.
    - A run whose signature differs from ``DIR/run.json`` raises `SignatureMismatchError`.
    - Each line is written with one unbuffered write, so a killed process loses nothing already
      written; ``os.fsync`` runs every ``fsync_every`` lines or ``fsync_seconds`` seconds and at
      close, for power loss.
    - An advisory lock keeps a second concurrent run out of the same directory.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        signature: str,
        *,
        meta: Mapping[str, Any] | None = None,
        fsync_every: int = 50,
        fsync_seconds: float = 2.0,
    ) -> None:
        self.directory = Path(directory)
        self.results_path = self.directory / RESULTS_FILE
        self.run_path = self.directory / RUN_FILE
        self.signature = signature
        self.meta = dict(meta or {})
        self.fsync_every = fsync_every
        self.fsync_seconds = fsync_seconds
        self.finished: dict[tuple[str, str], dict[str, Any]] = {}
        self.dropped_torn_line = False
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._lock_identity: tuple[int, int] | None = None
        self._unsynced = 0
        self._last_sync = time.monotonic()
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # Opening

    def _open(self) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            raise OutputError(
                self.directory,
                "is a file, not a directory; --output takes a directory for "
                f"{RESULTS_FILE}, {RUN_FILE} and the summary",
            )
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                self.directory, f"cannot create the output directory: {exc.strerror or exc}"
            ) from exc
        if not self.directory.is_dir():
            raise OutputError(self.directory, "exists and is not a directory")
        self._lock()
        has_results = self.results_path.exists() and self.results_path.stat().st_size > 0
        self._check_run_file(has_results)
        if has_results:
            self._read_back()
        try:
            self._fd = os.open(self.results_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(self.results_path, f"cannot write: {exc.strerror or exc}") from exc
        _fsync_dir(self.directory)

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not on Windows; concurrent runs there are the user's business
            return
        try:
            fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(self.directory, f"cannot write: {exc.strerror or exc}") from exc
        self._lock_fd = fd
        busy = OutputError(self.directory, "another eed-score run is writing to this directory")
        # A POSIX record lock belongs to this process alone: forked workers do not inherit it,
        # so it goes the moment this process dies, however it dies. Such locks do not exclude
        # a second store in this same process, which the registry does.
        identity = _file_identity(fd)
        with _HELD_LOCK:
            if identity in _HELD:
                raise busy
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise busy from exc
            _HELD.add(identity)
            self._lock_identity = identity

    def _check_run_file(self, has_results: bool) -> None:
        if self.run_path.exists():
            try:
                run = json.loads(self.run_path.read_text("utf-8"))
                recorded = run["signature"]
                if not isinstance(recorded, str):
                    raise TypeError("signature is not a string")
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise InputFormatError(
                    str(self.run_path),
                    1,
                    f"expected a JSON object with the run's 'signature' ({exc})",
                ) from exc
            if recorded == self.signature:
                return
            if has_results:
                raise SignatureMismatchError(
                    self.run_path,
                    "the results here were scored with a different signature "
                    f"({_signature_diff(recorded, self.signature)}); refusing to mix them.\n"
                    f"  recorded: {recorded}\n  this run: {self.signature}\n"
                    "Use another --output directory, or delete this one to start over.",
                )
            # A run that wrote no result yet: there is nothing to mix, so this run takes over.
        elif has_results:
            raise SignatureMismatchError(
                self.run_path,
                f"is missing, so the signature of {self.results_path} is unknown; "
                "refusing to mix results into it. Use another --output directory.",
            )
        record = {"format": RUN_FORMAT, "signature": self.signature, **self.meta}
        try:
            write_atomic(self.run_path, json.dumps(record, indent=2) + "\n")
        except OSError as exc:
            raise OutputError(self.run_path, f"cannot write: {exc.strerror or exc}") from exc

    def _read_back(self) -> None:
        """Read the finished results back; cut off only a line torn by a killed run.

        A torn line has no newline: the write of a line is one call, so only a kill or a crash
        in the middle of it leaves one. A complete line that is not valid JSON can be left by a
        power loss, and only as the last line; it is dropped too, with a message. Anything else
        that is not a result (a blank line is skipped, any other line stops the run) is left as
        it is for the user to look at: a complete line is never thrown away.
        """
        path = self.results_path
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise OutputError(path, f"cannot read: {exc.strerror or exc}") from exc
        complete = data.rfind(b"\n") + 1
        lines = data[:complete].split(b"\n")[:-1]
        keep = len(data)
        torn = data[complete:]
        if torn:
            if _parses(torn):
                # Not a prefix of a record (no prefix of a JSON object parses): the whole line
                # made it but its newline did not. It is read like any other line.
                lines.append(torn)
            else:
                keep = complete
                self._warn_dropped(f"a partial last line ({len(torn)} bytes)")
        for i, raw in enumerate(lines, start=1):
            if not raw.strip():
                logger.warning("%s:%d: skipping a blank line", path, i)
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except ValueError as exc:
                if i == len(lines) and not torn:
                    keep -= len(raw) + 1
                    self._warn_dropped(f"an unreadable last line ({len(raw)} bytes: {exc})")
                    break
                raise InputFormatError(
                    str(path), i, f"expected a result record, found a line that is not JSON: {exc}"
                ) from exc
            problem = _not_a_result(record)
            if problem is not None:
                raise InputFormatError(
                    str(path),
                    i,
                    f"expected a result record as eed-score writes them, found {problem}. "
                    "Remove or fix that line, or use another --output directory",
                )
            key = (str(record["model"]), str(record["id"]))
            if key in self.finished:
                logger.warning("%s:%d: duplicate result for %s; keeping the first", path, i, key)
                continue
            self.finished[key] = record
        if torn and keep == len(data):
            self._append_bytes(b"\n")  # completes the line that lacked only its newline
        elif keep != len(data):
            self.dropped_torn_line = True
            try:
                with open(path, "r+b") as fh:
                    fh.truncate(keep)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise OutputError(path, f"cannot write: {exc.strerror or exc}") from exc

    def _warn_dropped(self, what: str) -> None:
        logger.warning(
            "%s: dropping %s, left by a run that was killed; that pair will be redone",
            self.results_path,
            what,
        )

    def _append_bytes(self, data: bytes) -> None:
        try:
            with open(self.results_path, "ab") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise OutputError(self.results_path, f"cannot write: {exc.strerror or exc}") from exc

    # Writing

    def append(self, record: Mapping[str, Any]) -> None:
        """Write one result as a JSON line; it survives the process being killed right after."""
        if self._fd is None:
            raise ValueError("the results store is closed")
        try:
            line = json.dumps(record, ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from the input: keep them escaped
            data = (json.dumps(record) + "\n").encode("ascii")
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            self._unsynced += 1
            now = time.monotonic()
            if self._unsynced >= self.fsync_every or now - self._last_sync >= self.fsync_seconds:
                self.sync()
        except OSError as exc:
            raise OutputError(self.results_path, f"cannot write: {exc.strerror or exc}") from exc
        self.finished[(str(record["model"]), str(record["id"]))] = dict(record)

    def sync(self) -> None:
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None
        if self._lock_fd is not None:
            with _HELD_LOCK:
                os.close(self._lock_fd)  # releases the lock
                self._lock_fd = None
                if self._lock_identity is not None:
                    _HELD.discard(self._lock_identity)
                    self._lock_identity = None

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Lock files this process holds, by (device, inode).
_HELD: set[tuple[int, int]] = set()
_HELD_LOCK = threading.Lock()


def _file_identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino)


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(directory: Path) -> None:
    # Makes a newly created file's name durable; not possible on every OS.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

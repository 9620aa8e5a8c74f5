"""The results store: ``DIR/results.jsonl``, ``DIR/run.json`` and the lock that guards them.

`ResultsStore` keeps ``DIR/results.jsonl`` (one JSON line per finished pair, appended and flushed
as each finishes) and ``DIR/run.json`` (the scoring signature). Reopening it drops a torn last
line, lists the finished pairs, and refuses a run whose signature differs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import InputFormatError, OutputError, SignatureMismatchError, a_json_kind

__all__ = [
    "LOCK_FILE",
    "RESULTS_FILE",
    "RESULT_KEYS",
    "RUN_FILE",
    "RUN_FORMAT",
    "ResultsStore",
    "write_atomic",
]

logger = logging.getLogger("eed.io")  # the name these warnings have always had

RESULTS_FILE = "results.jsonl"
RUN_FILE = "run.json"
LOCK_FILE = ".lock"
RUN_FORMAT = "eed-run/1"

RESULT_KEYS = ("model", "id", "score", "status")


def _not_a_result(record: Any) -> str | None:
    """What keeps a parsed line from being a result record, or None if it is one."""
    if not isinstance(record, dict):
        return a_json_kind(record)
    missing = [k for k in RESULT_KEYS if k not in record]
    if missing:
        keys = ", ".join(repr(k) for k in list(record)[:5]) or "no keys"
        return f"a JSON object without {', '.join(map(repr, missing))} (it has {keys})"
    if isinstance(record["score"], bool) or not isinstance(record["score"], (int, float)):
        return f"a 'score' that is {a_json_kind(record['score'])}, not a number"
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

"""A persistent cache of prepared sides and pair results, in SQLite.

Keys hash the input string(s) with the config signature, which names the library versions, so a
changed setting or upgrade never reads stale entries. Values are JSON, rebuilt through a
whitelist (`eed.serialize`): a corrupt or foreign file is ignored with a warning, never trusted.
An entry whose stage budget fired is stored with its ``timed_out`` flag: the fallback it holds is
deterministic, and replaying it keeps a re-run consistent with the first. Hard kills, crashes and
errors are not stored, since another run may well succeed.
SQLite's locking makes one file safe to share between processes and concurrent runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ..answers import Option, RealSet
from ..config import Config
from ..result import Result
from ..scoring import Side, flat_tree
from ..serialize import NotSerializable, dump_value, load_value

__all__ = ["Cache"]

logger = logging.getLogger("eed.cache")  # the name these warnings have always had

# The format names how entries are written. It is part of every key, and a file written in
# another format has its entries dropped when opened: an entry is never read back by code that
# wrote it differently.
_FORMAT = "eed-cache/2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sides (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _key(signature: str, *parts: str) -> str:
    h = hashlib.sha256(_FORMAT.encode())
    h.update(b"\x00")
    h.update(signature.encode())
    for p in parts:
        h.update(b"\x00")
        h.update(p.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class Cache:
    """SQLite-backed cache; ``Cache(path)`` opens or creates ``path``.

    Usable from several threads and processes: each process opens its own connection.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self.usable = True
        self.hits = 0
        self.misses = 0
        self._open()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "usable": self.usable}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _open(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables and "meta" not in tables:
                raise sqlite3.DatabaseError("not an eed cache (no meta table)")
            with conn:
                conn.executescript(_SCHEMA)
                row = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
                if row is None:
                    if tables - {"meta", "sides", "results"}:
                        raise sqlite3.DatabaseError("not an eed cache (foreign tables)")
                    conn.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
                elif row[0] != _FORMAT:
                    logger.warning(
                        "cache %s was written in format %s; dropping its entries (now %s)",
                        self.path,
                        row[0],
                        _FORMAT,
                    )
                    conn.execute("DELETE FROM sides")
                    conn.execute("DELETE FROM results")
                    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (_FORMAT,))
            # WAL lets readers and one writer share the file; some filesystems refuse it.
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("PRAGMA journal_mode=WAL")
        except (sqlite3.DatabaseError, OSError) as exc:
            logger.warning("ignoring cache %s: %s", self.path, exc)
            self.usable = False
            return
        self._conn = conn
        self._pid = os.getpid()

    def _db(self) -> sqlite3.Connection | None:
        if not self.usable:
            return None
        if self._pid != os.getpid():  # a forked child must not reuse the parent's connection
            self._conn = None
            self._open()
        return self._conn

    def _get(self, table: str, key: str) -> Any | None:
        with self._lock:
            db = self._db()
            if db is None:
                return None
            try:
                row = db.execute(f"SELECT value FROM {table} WHERE key=?", (key,)).fetchone()
            except sqlite3.DatabaseError as exc:
                logger.warning("cache %s unreadable, ignoring it: %s", self.path, exc)
                self.usable = False
                return None
        if row is None:
            self.misses += 1
            return None
        try:
            value = json.loads(row[0])
        except (ValueError, TypeError):
            logger.warning("ignoring a corrupt %s entry in cache %s", table, self.path)
            return None
        self.hits += 1
        return value

    def _put(self, table: str, key: str, value: Any) -> None:
        with self._lock:
            db = self._db()
            if db is None:
                return
            try:
                with db:
                    db.execute(
                        f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, json.dumps(value))
                    )
            except sqlite3.DatabaseError as exc:
                logger.warning("cannot write cache %s, ignoring it: %s", self.path, exc)
                self.usable = False

    # Sides ------------------------------------------------------------------------------------

    def get_side(self, latex: str, config: Config) -> Side | None:
        data = self._get("sides", _key(config.signature(), latex))
        if data is None:
            return None
        try:
            return _side_from_json(latex, data, config)
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            logger.warning("ignoring an unreadable side in cache %s: %s", self.path, exc)
            return None

    def put_side(self, side: Side, config: Config) -> None:
        data = _side_to_json(side)
        if data is not None:
            self._put("sides", _key(config.signature(), side.latex), data)

    # Results ----------------------------------------------------------------------------------

    def get_result(self, gt: str, pred: str, config: Config) -> Result | None:
        data = self._get("results", _key(config.signature(), gt, pred))
        if data is None:
            return None
        try:
            result = Result.from_dict(data)
        except (ValueError, TypeError, KeyError) as exc:
            logger.warning("ignoring an unreadable result in cache %s: %s", self.path, exc)
            return None
        return result if result.signature == config.signature() else None

    def put_result(self, gt: str, pred: str, result: Result, config: Config) -> None:
        if (
            result.status.value not in ("error", "timeout")
            and result.method != "distance_unchecked"
        ):
            self._put("results", _key(config.signature(), gt, pred), result.to_dict())

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None


_CLASSES: dict[str, type] = {"Side": Side, "Option": Option, "RealSet": RealSet}


def _side_to_json(side: Side) -> dict[str, Any] | None:
    """The whole prepared side, every field as its type says; None when it is not stored."""
    if side.error_kind not in (None, "parse", "simplify"):
        return None  # kills and crashes are not stored: another run may succeed
    try:
        data = dump_value(side, _CLASSES)
    except (NotSerializable, RecursionError) as exc:
        logger.debug("side of %r not cached: %s", side.latex, exc)
        return None
    return {"side": data}


def _side_from_json(latex: str, data: dict[str, Any], config: Config) -> Side:
    def derive(obj: Any, name: str) -> Any:
        # The only derived field is a side's flat tree, rebuilt from its expression.
        assert name == "flat"
        flat, error = flat_tree(obj.expr, config)
        if flat is None:
            raise ValueError(f"a stored tree cannot be rebuilt: {error}")
        return flat

    side = load_value(data["side"], _CLASSES, derive)
    if not isinstance(side, Side) or side.latex != latex:
        raise ValueError("the record is not this answer's side")
    return side

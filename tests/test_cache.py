from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

import eed
from eed.batch import Cache
from eed.scoring import prepare

CFG = eed.get_config("phybench")


def test_side_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite")
    side = prepare(r"\frac{m v^2}{2} + m g h", CFG)
    cache.put_side(side, CFG)
    back = cache.get_side(side.latex, CFG)
    assert back is not None
    assert back.expr == side.expr
    assert back.flat == side.flat
    assert back.values == side.values


def test_parse_failures_are_cached(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite")
    side = prepare(r"\frac{1}{", CFG)
    cache.put_side(side, CFG)
    back = cache.get_side(side.latex, CFG)
    assert back is not None and back.error_kind == "parse" and back.error == side.error


def test_keys_depend_on_signature(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite")
    side = prepare("a+b", CFG)
    cache.put_side(side, CFG)
    assert cache.get_side("a+b", CFG.replace(bar_size=4.0)) is None


def test_warm_cache_gives_identical_results(tmp_path: Path) -> None:
    gts = [r"2 m g + 4\frac{mv_0^2}{l}", "a+b", r"\frac{1}{", "x^2"]
    preds = [r"2 m g+2\frac{mv_0^2}{l}", "b+a", "x", "x^3 + 1"]
    path = tmp_path / "c.sqlite"
    cold = eed.score_many(gts, preds, profile=CFG, workers=0, cache=path)
    warm = eed.score_many(gts, preds, profile=CFG, workers=0, cache=path)
    plain = eed.score_many(gts, preds, profile=CFG, workers=0)
    assert cold == warm == plain
    store = Cache(path)
    assert store.get_result(gts[0], preds[0], CFG) == cold[0]


def test_foreign_sqlite_file_is_ignored_not_touched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "foreign.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (name TEXT)")
        db.execute("INSERT INTO users VALUES ('alice')")
    with caplog.at_level(logging.WARNING, logger="eed.cache"):
        cache = Cache(path)
    assert not cache.usable
    assert "ignoring cache" in caplog.text
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert tables == {"users"}
    # Scoring with it still works.
    r = eed.score_many(["a+b"], ["a-b"], profile=CFG, workers=0, cache=path)[0]
    assert r.status is eed.Status.SCORED


def test_corrupt_file_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="eed.cache"):
        cache = Cache(path)
    assert not cache.usable
    assert cache.get_side("x", CFG) is None


def test_tampered_entry_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.sqlite"
    cache = Cache(path)
    cache.put_side(prepare("a+b", CFG), CFG)
    with sqlite3.connect(path) as db:
        db.execute(
            """UPDATE sides SET value = '{"expr": {"fn": "__import__", "a": []}, "error": null, "error_kind": null, "tree_error": null, "values": null}'"""
        )
    with caplog.at_level(logging.WARNING, logger="eed.cache"):
        assert Cache(path).get_side("a+b", CFG) is None
    assert "ignoring" in caplog.text


def test_budget_fallbacks_replay_but_kills_are_not_stored(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite")
    sig = CFG.signature()
    fallback = eed.Result(
        score=10.0, status=eed.Status.SCORED, timed_out=True, method="distance", signature=sig
    )
    cache.put_result("a", "b", fallback, CFG)
    assert cache.get_result("a", "b", CFG) == fallback
    killed = eed.Result(
        score=10.0,
        status=eed.Status.SCORED,
        timed_out=True,
        method="distance_unchecked",
        signature=sig,
    )
    cache.put_result("c", "d", killed, CFG)
    assert cache.get_result("c", "d", CFG) is None
    timeout = eed.Result(score=0.0, status=eed.Status.TIMEOUT, timed_out=True, signature=sig)
    cache.put_result("e", "f", timeout, CFG)
    assert cache.get_result("e", "f", CFG) is None


def test_shared_between_processes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    gts = [f"x^{k} + y" for k in range(2, 12)]
    preds = [f"x^{k} - y" for k in range(2, 12)]
    eed.score_many(gts, preds, profile=CFG, workers=2, cache=path)
    store = Cache(path)
    for g, p in zip(gts, preds, strict=False):
        assert store.get_result(g, p, CFG) is not None

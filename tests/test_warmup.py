"""Warm-up and pool sizing: paid once, never changing a result, small batches on few workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import eed
from corpus import load_pairs
from eed.batch import InlineEngine, ProcessEngine, choose_engine
from eed.batch.engines import (
    PAIRS_PER_FORKED_WORKER,
    PAIRS_PER_FRESH_WORKER,
    ExecutorEngine,
    forks_workers,
    pool_size,
    start_method,
)
from eed.batch.warmup import WARM_PAIRS, is_warm, warm_up

# Scores every pair under both profiles in a fresh interpreter, cold or after warming up the
# way a worker that cannot inherit its parent's warm-up does (in its initializer).
SCORER = r"""
import json, sys
from eed.budget import AlarmBudget
from eed.config import PROFILES
from eed.scoring import score_pair
from eed.batch.warmup import is_warm
if sys.argv[2] == "warm":
    from eed.batch.worker import init_worker
    init_worker(None, None, True)
pairs = json.load(open(sys.argv[1]))
out = {"warm": is_warm(), "results": []}
for config in PROFILES.values():
    for gt, pred in pairs:
        out["results"].append(score_pair(gt, pred, config, AlarmBudget()).to_dict())
print(json.dumps(out))
"""


def _short_pairs(n: int) -> list[tuple[str, str]]:
    """Short corpus pairs whose reference run had no budget fire: quick and load-independent."""
    out: list[tuple[str, str]] = []
    for name in ("phybench", "physics"):
        rows = [
            p
            for p in load_pairs(name)
            if len(p["gt"]) < 70
            and len(p["pred"]) < 90
            and not (p["ref"] or {}).get("timeout")
            and p["gt"] not in {gt for gt, _ in WARM_PAIRS}
        ]
        out += [(p["gt"], p["pred"]) for p in rows[:n]]
    return out


def test_warm_up_is_paid_once_and_then_free() -> None:
    warm_up()
    assert is_warm()
    assert warm_up() == 0.0


def test_warm_up_changes_no_result(tmp_path: Path) -> None:
    pairs = _short_pairs(12)
    src = tmp_path / "pairs.json"
    src.write_text(json.dumps(pairs))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = {
        mode: subprocess.Popen(
            [sys.executable, "-c", SCORER, str(src), mode],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for mode in ("cold", "warm")
    }
    out = {}
    for mode, proc in procs.items():
        stdout, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, mode
        out[mode] = json.loads(stdout.strip().splitlines()[-1])
    assert out["cold"]["warm"] is False
    assert out["warm"]["warm"] is True
    cold, warm = out["cold"]["results"], out["warm"]["results"]
    assert len(cold) == len(warm) == 2 * len(pairs)
    differ = [
        (pairs[i % len(pairs)], a, b)
        for i, (a, b) in enumerate(zip(cold, warm, strict=True))
        if a != b and not (a["timed_out"] or b["timed_out"])
    ]
    assert differ == []
    assert sum(not r["timed_out"] for r in cold) > len(cold) * 0.9  # the check compared most


def test_only_forked_workers_inherit_the_warm_up() -> None:
    assert forks_workers("fork")
    assert not forks_workers("spawn")
    assert not forks_workers("forkserver")
    assert start_method() in ("fork", "spawn", "forkserver")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pool_size_follows_the_batch(method: str) -> None:
    per = PAIRS_PER_FORKED_WORKER if method == "fork" else PAIRS_PER_FRESH_WORKER
    assert pool_size(8, 1, method) == 1
    assert pool_size(8, per, method) == 1
    assert pool_size(8, per + 1, method) == 2
    assert pool_size(8, 100 * per, method) == 8
    assert pool_size(3, None, method) == 3  # size unknown: as asked
    assert pool_size(None, None, method) == (os.cpu_count() or 1)
    assert pool_size(None, 0, method) == 1


def test_choose_engine_sizes_a_pool_to_its_batch() -> None:
    small = choose_engine(workers=4, pairs=1)
    large = choose_engine(workers=4, pairs=10_000)
    try:
        assert isinstance(small, ProcessEngine) and small.workers == 1
        assert isinstance(large, ProcessEngine) and large.workers == 4
    finally:
        small.close()
        large.close()
    # A small batch never runs in this process unless asked: it keeps its hard walls.
    assert isinstance(choose_engine(workers=0, pairs=1), InlineEngine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        assert isinstance(choose_engine(executor=pool, pairs=1), ExecutorEngine)


def test_a_small_batch_scores_as_a_spread_one() -> None:
    pairs = _short_pairs(3)
    gts, preds = [p[0] for p in pairs], [p[1] for p in pairs]
    small = eed.score_many(gts, preds, profile="phybench", workers=2)  # sized to one worker
    with ProcessEngine(2) as engine:
        spread = eed.score_many(gts, preds, profile="phybench", engine=engine)
    inline = eed.score_many(gts, preds, profile="phybench", workers=0)
    comparable = [i for i, r in enumerate(small) if not (r.timed_out or spread[i].timed_out)]
    assert len(comparable) > len(pairs) * 0.9
    assert [small[i] for i in comparable] == [spread[i] for i in comparable]
    assert [small[i] for i in comparable] == [inline[i] for i in comparable]


def test_a_small_batch_keeps_its_hard_wall() -> None:
    # A power tower ignores every signal: only killing its worker ends it.
    results = eed.score_many([r"5^{5^{5^{5^5}}}"], ["x"], workers=2, timeout=1.5)
    assert results[0].timed_out
    assert results[0].status is eed.Status.TIMEOUT

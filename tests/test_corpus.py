"""Fidelity: the `phybench` profile gives the official scorer's numbers on real data.

The default run checks seeded samples drawn from pairs whose reference run took under 5 s (so CI
stays well inside its limit); the `slow` mark runs every pair. Pairs whose reference run hit a
budget are left out: their official numbers depend on the machine's load.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

import eed
from corpus import load_pairs

SEED = 20250421


def comparable(pairs: list[dict[str, Any]], max_seconds: float | None) -> list[dict[str, Any]]:
    out = [p for p in pairs if p["ref"] is not None and not p["ref"]["timeout"]]
    if max_seconds is not None:
        out = [p for p in out if p["ref"]["seconds"] < max_seconds]
    return out


def mismatches(pairs: list[dict[str, Any]]) -> list[str]:
    results = eed.score_many(
        [p["gt"] for p in pairs], [p["pred"] for p in pairs], profile="phybench", workers=2
    )
    got = [r.as_official_tuple() for r in results]
    bad = []
    for pair, (score, _rel, size, dist) in zip(pairs, got, strict=False):
        ref = pair["ref"]
        if not (abs(score - ref["score"]) <= 1e-9 and size == ref["size"] and dist == ref["dist"]):
            bad.append(
                f"{pair['id']}: ours {(score, size, dist)} vs official {(ref['score'], ref['size'], ref['dist'])}"
            )
    return bad


def sample(name: str, n: int) -> list[dict[str, Any]]:
    pool = comparable(load_pairs(name), max_seconds=5.0)
    return random.Random(SEED).sample(pool, min(n, len(pool)))


@pytest.mark.usefixtures("need_corpus")
def test_phybench_dev_sample_matches_official() -> None:
    pairs = sample("phybench", 150)
    assert len(pairs) == 150
    assert mismatches(pairs) == []


@pytest.mark.usefixtures("need_corpus")
def test_physics_dev_sample_matches_official() -> None:
    pairs = sample("physics", 150)
    assert mismatches(pairs) == []


@pytest.mark.slow
@pytest.mark.usefixtures("need_corpus")
@pytest.mark.parametrize("name", ["phybench", "physics"])
def test_whole_corpus_matches_official(name: str) -> None:
    pairs = comparable(load_pairs(name), max_seconds=None)
    bad = mismatches(pairs)
    assert bad == [], f"{len(bad)}/{len(pairs)} differ: {bad[:20]}"

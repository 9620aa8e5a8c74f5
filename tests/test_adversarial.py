"""No free 100: predictions that carry no answer never score 100 (issue: sound verdicts).

The default run uses a spread sample of the ground truths; the slow run takes every one of
PHYBench's 100 public ground truths and of the physics ground truths of the shared corpus
(`benchmarks/adversarial.py` runs the same and prints the counts).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

import eed
from adversarial_cases import adversarial
from corpus import corpus_dir, load_pairs


def _phybench_gts() -> list[str]:
    base = corpus_dir()
    return [p["answer"] for p in json.loads((base / "phybench_public.json").read_text("utf-8"))]


def _physics_gts() -> list[str]:
    return sorted({p["gt"] for p in load_pairs("physics")})


def _false_100s(gts: list[str]) -> tuple[int, list[tuple[str, str, str, str]], Counter[str]]:
    cases = [(gt, kind, pred) for gt in gts for kind, pred in adversarial(gt)]
    results = eed.score_many([c[0] for c in cases], [c[2] for c in cases], workers=2)
    kinds = Counter(kind for _, kind, _ in cases)
    bad = [
        (gt, kind, pred, r.reason)
        for (gt, kind, pred), r in zip(cases, results, strict=True)
        if r.score >= 100.0 or r.status is eed.Status.EQUIVALENT
    ]
    return len(cases), bad, kinds


def test_generator_makes_every_kind() -> None:
    kinds = {
        k
        for gt in [*_phybench_gts()[:12], r"x > 0", "[0, 1)", r"\frac{dv}{dt}"]
        for k, _ in adversarial(gt)
    }
    assert {
        "zero",
        "name alone",
        "name = name",
        "negated",
        "negligible term added",
        "relation weakened",
        "relation turned round",
        "interval brackets swapped",
        "derivative order changed",
        "bound in words",
        "negated in words",
        "boxed bound in words",
    } <= kinds


def test_no_free_100_on_a_sample_of_ground_truths() -> None:
    gts = _phybench_gts()[::20] + _physics_gts()[::60]
    total, bad, kinds = _false_100s(gts)
    print(f"sample: {total} adversarial predictions, {len(bad)} scored 100; {dict(kinds)}")
    assert total >= 250
    assert not bad, bad[:5]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["phybench", "physics"])
def test_no_free_100_on_every_ground_truth(corpus: str) -> None:
    gts = _phybench_gts() if corpus == "phybench" else _physics_gts()
    total, bad, kinds = _false_100s(gts)
    print(f"{corpus}: {total} adversarial predictions, {len(bad)} scored 100; {dict(kinds)}")
    assert not bad, bad[:5]

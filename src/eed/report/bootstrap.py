"""The paired bootstrap test between two models on the problems they share.

It follows sacreBLEU's ``--paired-bs`` (itself after Moses' bootstrap-hypothesis-difference
script): one set of resampled problem indices, drawn with replacement from a generator seeded
afresh, serves both models; the statistic is the absolute difference of the two means; the
resampled absolute differences are shifted to mean zero (the null hypothesis: no difference),
and the p-value is ``(k + 1) / (resamples + 1)`` where ``k`` counts the shifted resamples that
exceed the observed difference. The earlier model (in order of first appearance) plays
sacreBLEU's baseline.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Comparison", "compare_models", "paired_bootstrap", "paired_signature"]

# Resampled indices are drawn in blocks of about this many, to bound memory on big runs; the
# generator's stream is the same whatever the block size.
_BLOCK = 2_000_000


def paired_signature(base: str, resamples: int, seed: int) -> str:
    """The signature of a comparison: what was scored, plus the test's settings."""
    return f"{base}|paired-bs:{resamples}|seed:{seed}"


def paired_bootstrap(
    a: Sequence[float], b: Sequence[float], *, resamples: int, seed: int
) -> float | None:
    """The p-value that ``a`` and ``b`` (paired, one score per shared problem) differ by
    chance alone; None without problems or resamples."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if len(x) != len(y):
        raise ValueError(f"paired scores differ in length: {len(x)} and {len(y)}")
    n = len(x)
    if n == 0 or resamples <= 0:
        return None
    if np.array_equal(x, y):
        # Nothing differs, so there is nothing to test. sacreBLEU's count would give the
        # smallest p-value here (no centred resample exceeds a zero difference); 1 says it right.
        return 1.0
    observed = abs(float(y.mean()) - float(x.mean()))
    # The difference of two means over the same indices is the mean of the differences: one
    # gather per resample instead of two.
    d = y - x
    rng = np.random.default_rng(seed)
    diffs = np.empty(resamples)
    block = max(1, _BLOCK // n)
    for start in range(0, resamples, block):
        k = min(block, resamples - start)
        idx = rng.integers(0, n, size=(k, n))
        diffs[start : start + k] = np.abs(d[idx].mean(axis=1))
    centred = diffs - diffs.mean()
    exceed = int(np.sum(centred > observed))
    return (exceed + 1) / (resamples + 1)


@dataclass(frozen=True)
class Comparison:
    """Two models on the problems both answered."""

    model_a: str  # the baseline: the model that appears first
    model_b: str
    shared: int
    mean_a: float
    mean_b: float
    p_value: float | None

    @property
    def difference(self) -> float:
        """``mean_b - mean_a``: how much better the second model does on the shared problems."""
        return self.mean_b - self.mean_a

    def to_dict(self) -> dict[str, Any]:
        def finite(v: float) -> float | None:
            return None if math.isnan(v) else v

        return {
            "model_a": self.model_a,
            "model_b": self.model_b,
            "shared": self.shared,
            "mean_a": finite(self.mean_a),
            "mean_b": finite(self.mean_b),
            "difference": finite(self.difference),
            "p_value": self.p_value,
        }


def _scores_by_id(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Each model's score per problem id; a record without an id shares nothing, and of two
    answers to one id the first counts (as in the summary)."""
    by_model: dict[str, dict[str, float]] = {}
    for r in records:
        scores = by_model.setdefault(str(r["model"]), {})
        if r.get("id") is None:
            continue
        scores.setdefault(str(r["id"]), float(r["score"]))
    return by_model


def compare_models(
    records: Iterable[Mapping[str, Any]], *, resamples: int, seed: int
) -> list[Comparison]:
    """Every pair of models, in order of first appearance, with a paired bootstrap p-value."""
    by_model = _scores_by_id(records)
    models = list(by_model)
    out = []
    for i, a in enumerate(models):
        for b in models[i + 1 :]:
            shared = [k for k in by_model[a] if k in by_model[b]]
            xs = [by_model[a][k] for k in shared]
            ys = [by_model[b][k] for k in shared]
            mean_a = math.fsum(xs) / len(xs) if xs else math.nan
            mean_b = math.fsum(ys) / len(ys) if ys else math.nan
            p = paired_bootstrap(xs, ys, resamples=resamples, seed=seed)
            out.append(Comparison(a, b, len(shared), mean_a, mean_b, p))
    return out

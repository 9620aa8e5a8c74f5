"""Several element comparisons made one: the best one-to-one matching and the mean."""

from __future__ import annotations

import itertools

from ..config import Config
from ..result import Result, Status
from .outcomes import signature_of
from .side import Side

__all__ = ["best_matching", "mean_of"]


def mean_of(
    chosen: list[Result],
    count: int,
    summary: str,
    notes: list[str],
    cap: float,
    gt: Side,
    pred: Side,
    config: Config,
) -> Result:
    """One Result for several element comparisons: the mean over ``count`` (a missing element
    scores 0), at most ``cap``; equivalent only when every element is."""
    scores = [r.score for r in chosen] + [0.0] * (count - len(chosen))
    score = min(sum(scores) / count, cap)
    timed_out = any(r.timed_out for r in chosen) or gt.timed_out or pred.timed_out
    all_equal = score == 100.0 and all(r.status is Status.EQUIVALENT for r in chosen)
    dists = [r.distance for r in chosen if r.distance is not None]
    sizes = [r.gt_size for r in chosen if r.gt_size is not None]
    distance = float(sum(dists)) if dists else None
    size = float(sum(sizes)) if sizes else None
    listed = ", ".join(f"{x:.3g}" for x in scores)
    reason = f"{summary}: [{listed}] -> mean {score:.4g}"
    if notes:
        reason += "; " + "; ".join(notes)
    return Result(
        score=100.0 if all_equal else min(score, 99.999999),
        status=Status.EQUIVALENT if all_equal else Status.SCORED,
        reason=reason,
        distance=distance,
        relative_distance=distance / size if distance is not None and size else None,
        gt_size=size,
        pred_size=None,
        timed_out=timed_out,
        method="elements",
        signature=signature_of(config),
    )


def best_matching(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The one-to-one matching of rows to columns with the largest total score."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if rows == 0 or cols == 0:
        return []
    if max(rows, cols) > 7:  # brute force is factorial: take the greedy matching instead
        cells = sorted(
            ((scores[i][j], i, j) for i in range(rows) for j in range(cols)), reverse=True
        )
        used_rows: set[int] = set()
        used_cols: set[int] = set()
        greedy = []
        for _, i, j in cells:
            if i not in used_rows and j not in used_cols:
                used_rows.add(i)
                used_cols.add(j)
                greedy.append((i, j))
        return sorted(greedy)
    if rows <= cols:
        best = max(
            itertools.permutations(range(cols), rows),
            key=lambda perm: sum(scores[i][j] for i, j in enumerate(perm)),
        )
        return list(enumerate(best))
    flipped = best_matching([list(col) for col in zip(*scores, strict=True)])
    return [(i, j) for j, i in flipped]

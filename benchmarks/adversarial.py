"""Count false 100s on adversarial predictions built from every ground truth of the corpus.

    python benchmarks/adversarial.py [--corpus phybench|physics|both] [--workers 2]

Prints, per corpus and per kind of prediction, how many were generated and how many scored
100 (the goal is none), and lists every false 100 found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import eed  # noqa: E402
from adversarial_cases import adversarial  # noqa: E402
from corpus import corpus_dir, load_pairs  # noqa: E402


def ground_truths(corpus: str) -> list[str]:
    if corpus == "phybench":
        base = corpus_dir()
        return [p["answer"] for p in json.loads((base / "phybench_public.json").read_text("utf-8"))]
    return sorted({p["gt"] for p in load_pairs("physics")})


def run(corpus: str, workers: int) -> int:
    gts = ground_truths(corpus)
    cases = [(gt, kind, pred) for gt in gts for kind, pred in adversarial(gt)]
    start = time.perf_counter()
    results = eed.score_many([c[0] for c in cases], [c[2] for c in cases], workers=workers)
    seconds = time.perf_counter() - start
    made: Counter[str] = Counter()
    full: Counter[str] = Counter()
    for (gt, kind, pred), r in zip(cases, results, strict=True):
        made[kind] += 1
        if r.score >= 100.0:
            full[kind] += 1
            print(f"  FALSE 100 [{kind}] gt={gt!r} pred={pred!r}: {r.reason}")
    print(
        f"{corpus}: {len(gts)} ground truths, {len(cases)} predictions, "
        f"{sum(full.values())} scored 100 ({seconds:.0f} s)"
    )
    for kind in sorted(made):
        print(f"  {kind:28} {made[kind]:6d} generated {full[kind]:4d} scored 100")
    return sum(full.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["phybench", "physics", "both"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    corpora = ["phybench", "physics"] if args.corpus == "both" else [args.corpus]
    bad = sum(run(c, args.workers) for c in corpora)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

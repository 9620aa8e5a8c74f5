"""Compare the `phybench` profile with the official scorer's recorded outputs.

    python benchmarks/fidelity.py [--corpus phybench|physics] [--limit N] [--workers N]

Writes benchmarks/fidelity-<corpus>.json with every mismatch and prints the match rate.
Pairs whose reference run hit a budget (``timeout: true``) are left out of the comparison, as
their official numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import eed  # noqa: E402
from corpus import load_pairs  # noqa: E402


def matches(ours: tuple[float, ...], ref: dict[str, Any]) -> bool:
    score, _rel, size, dist = ours
    return abs(score - ref["score"]) <= 1e-9 and size == ref["size"] and dist == ref["dist"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="phybench", choices=["phybench", "physics"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-screening", action="store_true")
    args = ap.parse_args()
    config = eed.get_config("phybench")
    if args.no_screening:
        config = config.replace(screening=False, profile="phybench")
    pairs = load_pairs(args.corpus)
    if args.limit:
        pairs = pairs[: args.limit]
    compared = matched = 0
    mismatches = []
    t0 = time.perf_counter()
    results = eed.score_many(
        [p["gt"] for p in pairs], [p["pred"] for p in pairs], profile=config, workers=args.workers
    )
    for r, pair in zip(results, pairs, strict=False):
        pid, ours, status = pair["id"], r.as_official_tuple(), r.status.value
        ref = pair["ref"]
        if ref is None or ref["timeout"]:
            continue
        compared += 1
        if matches(ours, ref):
            matched += 1
        else:
            mismatches.append(
                {
                    "id": pid,
                    "ours": ours,
                    "status": status,
                    "reason": r.reason,
                    "ref": {k: ref[k] for k in ("score", "rel", "size", "dist", "warn")},
                    "gt": pair["gt"],
                    "pred": pair["pred"],
                }
            )
    wall = time.perf_counter() - t0
    out = {
        "corpus": args.corpus,
        "compared": compared,
        "matched": matched,
        "rate": matched / compared if compared else None,
        "wall_seconds": wall,
        "mismatches": mismatches,
    }
    (HERE / f"fidelity-{args.corpus}.json").write_text(json.dumps(out, indent=1))
    print(
        f"{args.corpus}: matched {matched}/{compared} ({100 * matched / max(compared, 1):.2f}%) in {wall:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

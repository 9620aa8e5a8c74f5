"""The worst single-pair wall time under a profile's budgets.

Times ``eed.score`` (a warm shared pool, no cache) on pathological answers and on the dev pairs
whose compute time was largest in an earlier run's ``results.jsonl``, one pair at a time.

    python benchmarks/worst_pair.py --results out/results.jsonl --top 10
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import eed

PATHOLOGICAL = {
    "power tower": r"5^{5^{5^{5^5}}}",
    "huge factorial": r"10^{10^{10}}!",
    "nested fraction": "".join(r"\frac{1}{1+" for _ in range(50)) + "x" + "}" * 50,
    "5000-term sum": "+".join(f"x_{{{i}}}" for i in range(5000)),
    "100 kB string": "x+" * 50000 + "x",
    "deep braces": "{" * 5000 + "x" + "}" * 5000,
}


def slowest(results: Path, top: int) -> list[tuple[str, str, str]]:
    rows = [json.loads(line) for line in results.read_text("utf-8").splitlines() if line]
    rows.sort(key=lambda r: -float(r["seconds"]))
    return [(str(r["id"]), r["gt"], r["extracted"]) for r in rows[:top]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    cases = [(name, "x + 1", latex) for name, latex in PATHOLOGICAL.items()]
    # A pathological ground truth too: its side is prepared before any prediction.
    cases.append(("gt power tower", PATHOLOGICAL["power tower"], "x + 1"))
    if args.results is not None:
        cases += slowest(args.results, args.top)
    eed.score("x", "y", profile=args.profile)  # start the pool
    worst = ("", 0.0)
    for name, gt, pred in cases:
        start = time.perf_counter()
        r = eed.score(gt, pred, profile=args.profile)
        wall = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "case": name,
                    "wall": round(wall, 2),
                    "status": r.status.value,
                    "timed_out": r.timed_out,
                }
            ),
            flush=True,
        )
        if wall > worst[1]:
            worst = (name, wall)
    print(json.dumps({"worst": worst[0], "wall": round(worst[1], 2)}))
    eed.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Record the score of every pair of both corpora under both profiles, and compare two records.

    python benchmarks/outputs_record.py record OUT.jsonl [--workers N] [--limit N]
    python benchmarks/outputs_record.py compare BEFORE.jsonl AFTER.jsonl

A reshaping must not change a result: record before, record after, compare. Each line holds a
pair's corpus, id and profile, and its score, status, method, distance and tree size. Pairs that
hit a budget in either record (``timed_out``) are counted apart: their results depend on the
machine's load, not on the code.
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

FIELDS = ("score", "status", "distance", "gt_size", "timed_out")


def record(out: Path, workers: int, limit: int | None) -> int:
    with out.open("w", encoding="utf-8") as f:
        for corpus in ("phybench", "physics"):
            pairs = load_pairs(corpus)[:limit] if limit else load_pairs(corpus)
            for profile in ("phybench", "default"):
                t0 = time.perf_counter()
                results = eed.score_many(
                    [p["gt"] for p in pairs],
                    [p["pred"] for p in pairs],
                    profile=profile,
                    workers=workers,
                )
                for pair, r in zip(pairs, results, strict=True):
                    row: dict[str, Any] = {"corpus": corpus, "id": pair["id"], "profile": profile}
                    row.update({k: getattr(r, k) for k in FIELDS})
                    row["status"] = r.status.value
                    row["reason"] = r.reason
                    f.write(json.dumps(row) + "\n")
                f.flush()
                print(f"{corpus}/{profile}: {len(pairs)} pairs in {time.perf_counter() - t0:.0f} s")
    return 0


def _load(path: Path) -> dict[tuple[str, str, str], dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {(r["corpus"], str(r["id"]), r["profile"]): r for r in rows}


def compare(before: Path, after: Path) -> int:
    a, b = _load(before), _load(after)
    common = sorted(set(a) & set(b))
    timed = [k for k in common if a[k]["timed_out"] or b[k]["timed_out"]]
    changed = [
        k
        for k in common
        if k not in timed and any(a[k][f] != b[k][f] for f in FIELDS if f != "timed_out")
    ]
    print(f"pairs compared: {len(common) - len(timed)} (and {len(timed)} that hit a budget)")
    print(f"only before: {len(set(a) - set(b))}, only after: {len(set(b) - set(a))}")
    print(f"changed: {len(changed)}")
    for k in changed:
        print(
            f"  {k}: {a[k]['score']:.4g} {a[k]['status']} -> {b[k]['score']:.4g} {b[k]['status']}"
        )
        print(f"      before: {a[k]['reason'][:110]}")
        print(f"      after:  {b[k]['reason'][:110]}")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--workers", type=int, default=2)
    rec.add_argument("--limit", type=int, default=None)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "record":
        return record(args.out, args.workers, args.limit)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())

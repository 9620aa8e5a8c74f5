"""How soon results stream: time to the first result line of an ``eed-score`` run.

``first`` is the first line of any kind; ``first_computed`` the first that needed parsing (not
one the raw-string guards, such as identical strings, decided at once).

Runs the command as a user would (a subprocess, ``--no-cache``, ``--output DIR``) on the first N
PHYBench dev pairs and watches ``DIR/results.jsonl`` grow.

    python benchmarks/streaming.py --pairs 400 --workers 1 2
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import load_pairs  # noqa: E402

POLL = 0.02


def write_pairs(path: Path, n: int, seed: int | None) -> int:
    """The first ``n`` dev pairs, or ``n`` drawn with ``seed`` as benchmarks/run.py draws them."""
    pairs = load_pairs("phybench")
    pairs = random.Random(seed).sample(pairs, n) if seed is not None else pairs[:n]
    lines = [
        json.dumps({"id": p["id"], "model": "m", "gt": p["gt"], "pred": p["pred"]}) for p in pairs
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(pairs)


def read_lines(path: Path) -> list[bytes]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    return data[: data.rfind(b"\n") + 1].splitlines()


def computed(line: bytes) -> bool:
    """A result that needed work, not one the raw-string guards decided at once."""
    return float(json.loads(line)["seconds"]) > 0


def measure(
    pairs: Path, workers: int, n: int, profile: str, keep: Path | None = None
) -> dict[str, Any]:
    """Seconds from start to the first line, to 10% and 50% of the lines, and to the end."""
    with tempfile.TemporaryDirectory(prefix="eed-stream-") as tmp:
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "eed", str(pairs), "--workers", str(workers)]
        cmd += ["--profile", profile, "--no-cache", "-q", "-o", str(out)]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        marks = {"first": 1, "tenth": max(1, n // 10), "half": max(1, n // 2)}
        seen: dict[str, float] = {}
        while proc.poll() is None:
            lines = read_lines(out / "results.jsonl")
            now = time.monotonic() - start
            for name, k in marks.items():
                if name not in seen and len(lines) >= k:
                    seen[name] = now
            if "first_computed" not in seen and any(computed(x) for x in lines):
                seen["first_computed"] = now
            time.sleep(POLL)
        total = time.monotonic() - start
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"eed-score exited {proc.returncode}: {err.decode()[-2000:]}")
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            target = keep / f"results-{workers}w.jsonl"
            target.write_bytes((out / "results.jsonl").read_bytes())
        for name in [*marks, "first_computed"]:
            seen.setdefault(name, total)
        figures = {k: round(v, 2) for k, v in seen.items()}
        return {"workers": workers, "pairs": n, **figures, "total": round(total, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", default="default")
    parser.add_argument(
        "--seed", type=int, default=None, help="draw the pairs with this seed (20250421 in run.py)"
    )
    parser.add_argument("--json", type=Path, default=None, help="append the figures here")
    parser.add_argument("--keep", type=Path, default=None, help="copy each run's results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eed-stream-in-") as tmp:
        pairs = Path(tmp) / "pairs.jsonl"
        n = write_pairs(pairs, args.pairs, args.seed)
        rows = []
        for w in args.workers:
            row = measure(pairs, w, n, args.profile, args.keep)
            print(json.dumps(row), flush=True)
            rows.append(row)
    if args.json is not None:
        with args.json.open("a", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

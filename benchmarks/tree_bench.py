"""Time the tree edit distance implementations side by side against zss.

    python benchmarks/tree_bench.py [--sizes 25 50 100 200 400] [--repeats 5] [--budget 30]

On one seeded pair of random trees per size, with unit costs and subtree moves at full price
(``discount_slope=1.0``, where eed's model and zss's coincide, so all answers must be equal), it
times:

- ``c``: the compiled core on flattened trees (what `eed.fast_distance` runs);
- ``c+flatten``: the same plus flattening both trees (what `eed.tree_distance` costs);
- ``python``: `python_distance` on flattened trees;
- ``reference``: `reference_distance` on the trees (it flattens them itself);
- ``zss``: `zss.simple_distance` on zss trees (it annotates them itself).

Each time is the median over repeats of a timeit-style loop; ``ratio`` is zss's time divided by
the implementation's, so 50 means fifty times faster than zss. `run` returns the numbers as a
dict for other benchmark scripts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import zss

import eed
from eed import distance as dist
from eed.tree import Node

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from trees import random_tree

SIZES: tuple[int, ...] = (25, 50, 100, 200, 400)
UNIT = eed.Config(discount_slope=1.0)
IMPLS: tuple[str, ...] = ("c", "c+flatten", "python", "reference", "zss")

CDistance = Callable[[dist.FlatTree, dist.FlatTree, eed.Config], float]


def to_zss(root: Node) -> zss.Node:
    # Iterative: zss trees are built bottom-up from eed's postorder walk.
    made: dict[int, zss.Node] = {}
    for node in root:
        z = zss.Node(node.label)
        for c in node.children:
            z.addkid(made[id(c)])
        made[id(node)] = z
    return made[id(root)]


def time_call(fn: Callable[[], object], repeats: int, budget: float, min_time: float) -> float:
    """Median seconds per call, timeit-style: loops of `number` calls lasting >= min_time each.

    Stops early once `budget` seconds are spent, so slow implementations on big trees still get
    at least one full measurement without dominating the run.
    """
    timer = timeit.Timer(fn)
    number = 1
    while True:  # calibrate the loop length; this also warms caches up
        spent = timer.timeit(number)
        if spent >= min_time:
            break
        number = max(number * 2, int(number * min_time / max(spent, 1e-9) * 1.2))
    samples = [spent / number]
    total = spent
    while len(samples) < repeats and total < budget:
        spent = timer.timeit(number)
        total += spent
        samples.append(spent / number)
    return statistics.median(samples)


def _calls(a: Node, b: Node, c_run: CDistance | None) -> dict[str, Callable[[], float]]:
    """Zero-argument calls on the inputs each takes naturally, prepared outside the timing."""
    fa, fb = dist.flatten(a, UNIT), dist.flatten(b, UNIT)
    za, zb = to_zss(a), to_zss(b)
    calls: dict[str, Callable[[], float]] = {
        "python": lambda: dist.python_distance(fa, fb, UNIT),
        "reference": lambda: dist.reference_distance(a, b, UNIT),
        "zss": lambda: float(zss.simple_distance(za, zb)),
    }
    if c_run is not None:
        calls["c"] = lambda: c_run(fa, fb, UNIT)
        calls["c+flatten"] = lambda: c_run(dist.flatten(a, UNIT), dist.flatten(b, UNIT), UNIT)
    return calls


def run(
    sizes: Sequence[int] = SIZES,
    repeats: int = 5,
    *,
    seed: int = 20250421,
    budget: float = 30.0,
    min_time: float = 0.2,
    impls: Sequence[str] = IMPLS,
    verbose: bool = False,
) -> dict[str, Any]:
    """Time each implementation at each size.

    Returns ``{"meta": {...}, "rows": [{"nodes", "distance", "seconds": {impl: s},
    "ratio_vs_zss": {impl: x}}, ...]}``. Implementations that are unavailable (no compiled
    extension) are left out of ``seconds``. Raises AssertionError if any two disagree.
    """
    c_run = dist.compiled_distance()
    wanted = [i for i in impls if c_run is not None or not i.startswith("c")]
    rows: list[dict[str, Any]] = []
    for n in sizes:
        rng = random.Random(seed + n)
        a, b = random_tree(n, rng), random_tree(n, rng)
        calls = _calls(a, b, c_run)
        answers = {name: calls[name]() for name in wanted}
        if len(set(answers.values())) != 1:
            raise AssertionError(f"implementations disagree at {n} nodes: {answers}")
        seconds: dict[str, float] = {}
        for name in wanted:
            seconds[name] = time_call(calls[name], repeats, budget, min_time)
            if verbose:
                print(f"  {n:>4} nodes  {name:<10} {_fmt(seconds[name])}", file=sys.stderr)
        zss_s = seconds.get("zss")
        rows.append(
            {
                "nodes": n,
                "distance": next(iter(answers.values())),
                "seconds": seconds,
                "ratio_vs_zss": {k: zss_s / v for k, v in seconds.items()} if zss_s else {},
            }
        )
    meta = {
        "seed": seed,
        "repeats": repeats,
        "budget": budget,
        "config": "unit costs, discount_slope=1.0",
        "compiled": c_run is not None,
        "implementation": dist.IMPLEMENTATION,
        "python": sys.version.split()[0],
    }
    return {"meta": meta, "rows": rows}


def _fmt(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def format_table(result: dict[str, Any]) -> str:
    """Times per call, then each implementation's speed-up over zss in brackets."""
    rows = result["rows"]
    names = [i for i in IMPLS if any(i in r["seconds"] for r in rows)]
    head = f"{'nodes':>5}  {'dist':>5}  " + "  ".join(f"{n:>20}" for n in names)
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = []
        for name in names:
            s = r["seconds"].get(name)
            ratio = r["ratio_vs_zss"].get(name)
            text = "-" if s is None else _fmt(s) + (f" ({ratio:.1f}x)" if ratio else "")
            cells.append(f"{text:>20}")
        lines.append(f"{r['nodes']:>5}  {r['distance']:>5g}  " + "  ".join(cells))
    return "\n".join(lines)


def markdown(result: dict[str, Any]) -> list[str]:
    """The same table as `format_table`, as Markdown lines, for reports built from `run`."""
    rows = result["rows"]
    names = [i for i in IMPLS if any(i in r["seconds"] for r in rows)]
    lines = [
        "| nodes | distance | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|---:|---:|" + "---:|" * len(names),
    ]
    for r in rows:
        cells = []
        for name in names:
            s = r["seconds"].get(name)
            ratio = r["ratio_vs_zss"].get(name)
            cells.append("-" if s is None else _fmt(s) + (f" ({ratio:.1f}x)" if ratio else ""))
        lines.append(f"| {r['nodes']} | {r['distance']:g} | " + " | ".join(cells) + " |")
    meta = result["meta"]
    lines += [
        "",
        f"Time per call, median of up to {meta['repeats']} repeats ({meta['config']}); in brackets "
        "the speed-up over `zss.simple_distance`. `c+flatten` includes flattening both trees.",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--budget", type=float, default=30.0, help="seconds per measurement, soft")
    ap.add_argument("--seed", type=int, default=20250421)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    result = run(args.sizes, args.repeats, seed=args.seed, budget=args.budget, verbose=args.verbose)
    meta = result["meta"]
    print(
        f"tree distance, {meta['config']}, median of up to {meta['repeats']} repeats, "
        f"python {meta['python']}, compiled core {'built' if meta['compiled'] else 'MISSING'}"
    )
    print("time per call (speed-up over zss.simple_distance)")
    print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

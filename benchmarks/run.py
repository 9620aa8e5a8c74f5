"""Side-by-side speed and memory benchmarks: ratios measured in one run on this machine.

    python benchmarks/run.py [--workload heavy|light|both] [--math-verify PYTHON]
                             [--full] [--sample N] [--memory-pairs N] [--skip-memory]

The heavy workload (sections 1-5) is a seeded sample of PHYBench dev pairs, dominated by a few
long answers where SymPy's simplify is almost all of the time:

1. End to end: `score_many` with everything on against a naive loop with every optimisation
   off (the official algorithm: no cache, no screening, reference tree distance, one process),
   on a seeded sample of PHYBench dev pairs (the whole file with --full). Both paths must give
   identical results on every pair whose budgets did not fire.
2. Per-stage time of both paths, next to the floor.
3. Tree distance: compiled, pure-Python and reference implementations against zss.
4. Scaling: pairs per second with 1 and 2 workers and with a warm persistent cache.
5. Memory: peak RSS (this process plus workers) while scoring many distinct pairs.

The light workload (`benchmarks/light.py`) is short answers: the first 600 physics pairs and 300
short PHYBench-style pairs. For both profiles it gives the speed-up over the official algorithm
with 1 and 2 workers, for `default` the seconds per pair against Math-Verify (with
--math-verify, a Python that has it), and the parse stage's time with the fast reader against
latex2sympy2_extended, when the fast reader is present.

Writes benchmarks/results.json and docs/performance.md; a run of one workload keeps the other's
last figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

import eed  # noqa: E402
import light  # noqa: E402
import tree_bench  # noqa: E402
from corpus import load_pairs  # noqa: E402
from eed import distance as dist  # noqa: E402
from eed.budget import AlarmBudget  # noqa: E402
from eed.config import versions  # noqa: E402
from eed.scoring import decide, guards, needs_equivalence_check, prepare, score_pair  # noqa: E402

SEED = 20250421
PROFILE = "phybench"


class TimingBudget:
    """An AlarmBudget that adds up the time spent in each stage."""

    def __init__(self) -> None:
        self.inner = AlarmBudget()
        self.seconds: dict[str, float] = defaultdict(float)

    def run(self, stage: str, seconds: float, fn: Callable[..., Any], *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.inner.run(stage, seconds, fn, *args)
        finally:
            self.seconds[stage] += time.perf_counter() - t0


def timed_distance(store: dict[str, float], fn: Callable[..., float]) -> Callable[..., float]:
    def run(*args: Any) -> float:
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            store["tree distance"] += time.perf_counter() - t0

    return run


def naive(
    pairs: list[dict[str, Any]], reader: Callable[[eed.Config], eed.Config] | None = None
) -> tuple[list[eed.Result], float, dict[str, float]]:
    """The official algorithm: every pair from scratch, no screening, reference distance;
    ``reader`` sets the LaTeX reader of its Config (latex2sympy2_extended, as the official
    scorer reads)."""
    config = eed.get_config(PROFILE).replace(screening=False, profile=PROFILE)
    if reader is not None:
        config = reader(config)
    budget = TimingBudget()
    stages = budget.seconds
    fn = timed_distance(stages, dist.reference_flat_distance)
    t0 = time.perf_counter()
    out = [score_pair(p["gt"], p["pred"], config, budget, distance_fn=fn) for p in pairs]
    return out, time.perf_counter() - t0, dict(stages)


def staged_ours(pairs: list[dict[str, Any]]) -> dict[str, float]:
    """Our algorithm in one process, instrumented per stage (sides once, screening on)."""
    config = eed.get_config(PROFILE)
    budget = TimingBudget()
    stages = budget.seconds
    fn = timed_distance(stages, dist.fast_distance)
    sides: dict[str, Any] = {}
    for p in pairs:
        if guards(p["gt"], p["pred"], config) is not None:
            continue
        for s in (p["gt"], p["pred"]):
            if s not in sides:
                sides[s] = prepare(s, config, budget)
        gt, pred = sides[p["gt"]], sides[p["pred"]]
        needs_equivalence_check(gt, pred, config)
        decide(gt, pred, config, budget, distance_fn=fn)
    return dict(stages)


class RssSampler:
    """Samples the summed RSS of this process and its children."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> RssSampler:
        self._t0 = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            rss = tree_rss(os.getpid())
            self.peak = max(self.peak, rss)
            self.samples.append((time.perf_counter() - self._t0, rss))
            self._stop.wait(self.interval)


def tree_rss(root: int) -> int:
    """Proportional set size (PSS) of a process and its descendants, in bytes.

    PSS splits pages shared between processes (forked workers share most of the parent's), so
    the sum is the memory the process tree really uses; summed RSS would count shared pages once
    per process.
    """
    kids: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            kids[int(fields[1])].append(int(name))
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack.extend(kids.get(pid, []))
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def synthetic_pairs(n: int) -> tuple[list[str], list[str]]:
    """Distinct, quick pairs for the memory run (physics-like monomials and sums)."""
    rng = random.Random(SEED)
    letters = ["m", "g", "h", "v", "r", "k", "q", "E", "B", "L"]
    gts, preds = [], []
    for i in range(n):
        a, b, c = rng.sample(letters, 3)
        k = 2 + i % 7
        gts.append(rf"\frac{{{a}^{{{k}}} {b}}}{{{c} + {i}}}")
        preds.append(rf"\frac{{{a}^{{{k}}} {b}}}{{{c} + {i + 1}}}")
    return gts, preds


def memory_run(n: int) -> dict[str, Any]:
    """Score n distinct pairs with 2 workers, sampling the process tree's memory (PSS)."""
    mg, mp = synthetic_pairs(n)
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        checkpoints = {}
        for done, _ in enumerate(eed.iter_scores(mg, mp, profile=PROFILE, workers=2), 1):
            if done in (n // 10, n // 2, n):
                checkpoints[done] = tree_rss(os.getpid())
        elapsed = time.perf_counter() - t0
    return {
        "pairs": n,
        "seconds": elapsed,
        "peak_rss_mib": sampler.peak / 2**20,
        "rss_mib_at": {str(k): v / 2**20 for k, v in checkpoints.items()},
        "measure": "PSS of the parent and its workers",
    }


def comparable(a: eed.Result, b: eed.Result) -> bool:
    if a.timed_out or b.timed_out:
        return True
    return a == b


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions(),
        "tree_distance": dist.IMPLEMENTATION,
    }


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) at the end"


def heavy(args: argparse.Namespace) -> dict[str, Any]:
    """Sections 1-5: the heavy sample, as the heavy workload has always been measured."""
    pairs = load_pairs("phybench")
    if not args.full:
        pairs = random.Random(SEED).sample(pairs, args.sample)
    gts = [p["gt"] for p in pairs]
    preds = [p["pred"] for p in pairs]
    report: dict[str, Any] = {"pairs": len(pairs)}

    print(f"naive path on {len(pairs)} pairs ...", flush=True)
    base, t_naive, naive_stages = naive(pairs, reader=lambda c: light.with_reader(c, False))
    print(f"  {t_naive:.1f}s", flush=True)

    timings: dict[str, float] = {}
    outputs: dict[str, list[eed.Result]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache.sqlite"
        for label, kwargs in [
            ("ours, 1 worker", {"workers": 1}),
            ("ours, 2 workers", {"workers": 2}),
            ("ours, cold cache, 2 workers", {"workers": 2, "cache": cache}),
            ("ours, warm cache, 2 workers", {"workers": 2, "cache": cache}),
        ]:
            print(f"{label} ...", flush=True)
            t0 = time.perf_counter()
            outputs[label] = eed.score_many(gts, preds, profile=PROFILE, **kwargs)
            timings[label] = time.perf_counter() - t0
            print(f"  {timings[label]:.1f}s", flush=True)

    mismatches = {
        label: [p["id"] for p, a, b in zip(pairs, base, out, strict=False) if not comparable(a, b)]
        for label, out in outputs.items()
    }
    budget_fired = sum(r.timed_out for r in base)
    report["end_to_end"] = {
        "naive_seconds": t_naive,
        "seconds": timings,
        "speedup": {k: t_naive / v for k, v in timings.items()},
        "pairs_per_second": {
            "naive": len(pairs) / t_naive,
            **{k: len(pairs) / v for k, v in timings.items()},
        },
        "mismatches": mismatches,
        "budget_fired_in_naive": budget_fired,
    }
    print("per-stage timing of our path ...", flush=True)
    report["stages"] = {"naive": naive_stages, "ours": staged_ours(pairs)}

    print("tree distance ...", flush=True)
    report["tree_distance"] = tree_bench.run()

    if not args.skip_memory:
        n = args.memory_pairs
        print(f"memory: {n} distinct pairs with 2 workers, in a fresh process ...", flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        report["memory"] = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"  peak {report['memory']['peak_rss_mib']:.0f} MiB", flush=True)
    return report


HEAVY_KEYS = ("pairs", "end_to_end", "stages", "tree_distance", "memory")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workload", choices=["heavy", "light", "both"], default="both")
    ap.add_argument("--full", action="store_true", help="every dev pair instead of a sample")
    ap.add_argument("--sample", type=int, default=150)
    ap.add_argument("--memory-pairs", type=int, default=10_000)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument(
        "--math-verify", metavar="PYTHON", help="a Python with math-verify installed (light)"
    )
    ap.add_argument(
        "--light-limit",
        type=int,
        default=None,
        help="a quick check: the first N pairs of each light set, printed, nothing written",
    )
    ap.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--light-child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child is not None:
        print(json.dumps(memory_run(args.memory_child)))
        return 0
    if args.light_child is not None:
        print(json.dumps(light.child(args.light_child)))
        return 0

    # A run of one workload keeps the other's last figures.
    results = HERE / "results.json"
    report: dict[str, Any] = json.loads(results.read_text()) if results.exists() else {}
    report["machine"] = machine()
    failed = False
    if args.workload in ("heavy", "both"):
        for key in HEAVY_KEYS:
            if key != "memory" or not args.skip_memory:  # --skip-memory keeps the last figure
                report.pop(key, None)
        report.update(heavy(args))
        report["heavy_load"] = load_average()
        failed |= any(report["end_to_end"]["mismatches"].values())
    if args.workload in ("light", "both"):
        report["light"] = light.run_light(args.math_verify, args.light_limit)
        report["light"]["load"] = load_average()
        failed |= any(
            row.get("mismatches")
            for e in report["light"]["sets"].values()
            for row in e["ours"].values()
        )

    if args.light_limit is not None:
        print(json.dumps(report.get("light"), indent=1, default=str))
        return 1 if failed else 0
    results.write_text(json.dumps(report, indent=1, default=str))
    write_markdown(report)
    print((ROOT / "docs" / "performance.md").read_text())
    return 1 if failed else 0


KEPT_MARKER = "<!-- benchmarks/serve_load.py writes below; benchmarks/run.py keeps it -->"


def write_markdown(r: dict[str, Any]) -> None:
    m = r["machine"]
    lines = [
        "# Performance",
        "",
        "Measured by `python benchmarks/run.py` side by side on this machine; only the ratios carry",
        "over to other machines. Raw numbers: `benchmarks/results.json`. `--workload heavy` or",
        "`--workload light` runs one of the two workloads and keeps the other's last figures.",
        "",
        f"Machine: {m['cores']} cores, Python {m['python']}, {m['platform']}; "
        f"sympy {m['versions']['sympy']}, latex2sympy2_extended {m['versions']['latex2sympy2_extended']}; "
        f"tree distance implementation: `{m['tree_distance']}`.",
        "",
    ]
    if "end_to_end" in r:
        lines += heavy_markdown(r)
    if "cold_start" in r.get("light", {}):
        lines += ["", *light.cold_start_markdown(r["light"]["cold_start"])]
    if "light" in r:
        lines += ["", *light.markdown(r["light"], r["light"].get("load", "unknown"))]
    (ROOT / "docs").mkdir(exist_ok=True)
    doc = ROOT / "docs" / "performance.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    # The "Fast reader" section is written by benchmarks/parse_stage.py: keep it.
    start = old.split(KEPT_MARKER, 1)[0].find("## Fast reader")
    if start >= 0:
        end = old.find("\n## ", start + 1)
        marker = old.find(KEPT_MARKER, start)
        stops = [i for i in (end, marker) if i >= 0]
        lines += ["", old[start : min(stops) if stops else len(old)].rstrip("\n")]
    # Sections other benchmarks write (benchmarks/serve_load.py) follow their marker: keep them.
    kept = ""
    if KEPT_MARKER in old:
        kept = "\n" + KEPT_MARKER + old.split(KEPT_MARKER, 1)[1].rstrip("\n") + "\n"
    doc.write_text("\n".join(lines) + "\n" + kept)


def heavy_markdown(r: dict[str, Any]) -> list[str]:
    e = r["end_to_end"]
    lines = [
        f"## Heavy workload: end to end ({r['pairs']} seeded PHYBench dev pairs)",
        "",
        "The naive path is the official algorithm: every pair from scratch in one process, no cache, no",
        "screening, the reference tree distance.",
        "",
        "| path | seconds | pairs/s | speed-up | results identical |",
        "|---|---|---|---|---|",
        f"| naive | {e['naive_seconds']:.1f} | {e['pairs_per_second']['naive']:.2f} | 1.0x | — |",
    ]
    for label, secs in e["seconds"].items():
        same = "yes" if not e["mismatches"][label] else f"no ({len(e['mismatches'][label])})"
        lines.append(
            f"| {label} | {secs:.1f} | {e['pairs_per_second'][label]:.2f} | {e['speedup'][label]:.1f}x | {same} |"
        )
    lines += [
        "",
        f"Pairs whose budgets fired in the naive run ({e['budget_fired_in_naive']}) are left out of the",
        "identity check, as their results depend on load.",
        "",
        "## Where the time goes (one process)",
        "",
        "| stage | naive (s) | ours (s) |",
        "|---|---|---|",
    ]
    names = ["parse", "simplify", "expand", "equals", "screen", "tree distance"]
    for n in names:
        a = r["stages"]["naive"].get(n, 0.0)
        b = r["stages"]["ours"].get(n, 0.0)
        lines.append(f"| {n} | {a:.1f} | {b:.1f} |")
    lines += [
        "",
        "`simplify` covers both sides' canonical forms and the difference simplification; `expand` is the",
        "difference's expansion. The floor is the parse and simplify time of each distinct answer once,",
        "with no equivalence steps for pairs that plainly differ.",
        "",
        "## Tree distance (unit costs, seeded random trees)",
        "",
    ]
    td = r["tree_distance"]
    lines += tree_bench.markdown(td)
    if "memory" in r:
        mem = r["memory"]
        lines += [
            "",
            f"## Memory ({mem['pairs']} distinct pairs, 2 workers)",
            "",
            f"Peak memory (PSS, which splits pages shared between processes) of the parent and its "
            f"workers: {mem['peak_rss_mib']:.0f} MiB, in {mem['seconds']:.0f} s, measured in a fresh "
            "process.",
            "Memory after N pairs: "
            + ", ".join(f"{k}: {v:.0f} MiB" for k, v in mem["rss_mib_at"].items())
            + ".",
        ]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())

"""The light workload of benchmarks/run.py: short answers, as most real answers are.

Two sets: the first 600 physics pairs (real model answers, tests/data/physics_dev_pairs.jsonl;
the held-out pairs are never read) and the 300 short PHYBench-style pairs of
benchmarks/data/short_pairs.jsonl (see benchmarks/build_short_pairs.py).

Every timed path runs in a fresh process of its own, so that each pays its own cold start (imports
aside): the official algorithm (`run.naive`, one process), eed under each profile with 1 and 2
workers, and Math-Verify on the same pairs in its own virtual environment, timed inside its process.
The parse stage of the fast reader and of latex2sympy2_extended is timed on every distinct answer
of the workload, when the fast reader is present.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SHORT_PAIRS = HERE / "data" / "short_pairs.jsonl"
PHYSICS_PAIRS = 600
PROFILES = ("phybench", "default")
WORKERS = (1, 2)

# Math-Verify in its own interpreter (it needs latex2sympy2_extended 1.11). An answer already
# delimited is given as it is; a bare one in $...$, as benchmarks/accuracy.py gives it.
MATH_VERIFY_TIMED = r"""
import json, sys, time
from math_verify import parse, verify

def text(s):
    return s if ("$" in s or "\\[" in s or "\\boxed" in s) else "$" + s + "$"

pairs = json.load(open(sys.argv[1]))
out = []
start = time.perf_counter()
for gt, pred in pairs:
    try:
        g = parse(text(gt), parsing_timeout=5)
        p = parse(text(pred), parsing_timeout=5)
        ok = bool(verify(g, p, timeout_seconds=5)) if g and p else False
    except Exception:
        ok = False
    out.append(ok)
seconds = time.perf_counter() - start
json.dump({"verdicts": out, "seconds": seconds}, open(sys.argv[2], "w"))
"""


def load_sets() -> dict[str, list[dict[str, Any]]]:
    """The two sets of the light workload, each pair a dict with ``id``, ``gt``, ``pred``."""
    from corpus import load_pairs

    physics = load_pairs("physics")[:PHYSICS_PAIRS]
    short = [json.loads(line) for line in SHORT_PAIRS.read_text().splitlines() if line.strip()]
    return {"physics (first 600)": physics, "short PHYBench-style (300)": short}


def has_fast_reader() -> bool:
    """Whether this eed has the fast reader: its package and its Config switch."""
    import importlib.util

    import eed

    fields = {f.name for f in dataclasses.fields(eed.get_config("default"))}
    try:
        present = importlib.util.find_spec("eed.latex.fast") is not None
    except ModuleNotFoundError:
        present = False
    return present and "fast_reader" in fields


def with_reader(config: Any, fast: bool) -> Any:
    """``config`` with the fast reader on or off, where the switch exists; else as it is."""
    if "fast_reader" not in {f.name for f in dataclasses.fields(config)}:
        return config
    return config.replace(fast_reader=fast, profile=config.profile)


# Cold start ---------------------------------------------------------------------------------

COLD_CHILD = r"""
import json, sys, time
from eed.budget import AlarmBudget
from eed.config import get_config
from eed.scoring import score_pair
from eed.batch.warmup import warm_up
pairs = json.load(open(sys.argv[1]))
warm = warm_up() if sys.argv[2] == "warm" else 0.0
config = get_config(sys.argv[3])
times = []
for gt, pred in pairs:
    start = time.perf_counter()
    score_pair(gt, pred, config, AlarmBudget())
    times.append(time.perf_counter() - start)
print(json.dumps({"warm_up": warm, "pairs": times}))
"""


def cold_start(pairs: list[tuple[str, str]], repeats: int = 3) -> dict[str, Any]:
    """The first pairs' time in a fresh process, cold and after `warm_up`, per profile (median
    of ``repeats`` fresh processes): what each worker paid before warm-up moved to the parent."""
    import statistics

    out: dict[str, Any] = {"pairs": len(pairs)}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pairs.json"
        src.write_text(json.dumps(pairs))
        for profile in PROFILES:
            row: dict[str, float] = {}
            for mode in ("cold", "warm"):
                runs = []
                for _ in range(repeats):
                    proc = subprocess.run(
                        [sys.executable, "-c", COLD_CHILD, str(src), mode, profile],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
                row[f"{mode} first pair"] = statistics.median(r["pairs"][0] for r in runs)
                row[f"{mode} all"] = statistics.median(sum(r["pairs"]) for r in runs)
                if mode == "warm":
                    row["warm-up"] = statistics.median(r["warm_up"] for r in runs)
            out[profile] = row
    return out


def cold_start_markdown(c: dict[str, Any]) -> list[str]:
    lines = [
        "## Cold start: paid once, in the parent",
        "",
        "A fresh process pays, on its first pairs, for SymPy's lazy imports and the ANTLR parser's",
        "prediction tables. `eed.batch.warmup.warm_up` pays for them once, in the parent before the",
        "pool forks its workers (on Linux), so that every worker and every replacement of a killed",
        "one starts warm; spawned workers (macOS, Windows) warm up in their initializer instead.",
        "pint's unit registry (about a second) is left to the first answer with a unit. A new pool",
        "for a batch gets no more workers than the batch keeps busy (4 pairs per forked worker, 64",
        "per spawned one), so a reward call's handful of pairs does not start workers it would",
        "barely use; it still runs in a worker process, with its hard walls.",
        "",
        f"Time of the first {c['pairs']} short pairs in a fresh process (median of 3 processes):",
        "",
        "| profile | first pair, cold | first pair, warm | all, cold | all, warm | warm-up (once) |",
        "|---|---|---|---|---|---|",
    ]
    for profile in PROFILES:
        row = c[profile]
        lines.append(
            f"| {profile} | {row['cold first pair']:.3f} s | {row['warm first pair']:.3f} s | "
            f"{row['cold all']:.3f} s | {row['warm all']:.3f} s | {row['warm-up']:.2f} s |"
        )
    return lines


# The child: one timed path in a fresh process -----------------------------------------------


def child(spec_path: str) -> dict[str, Any]:
    """Run one timed path (``naive`` or ``ours``) on the pairs of a spec file, and time it."""
    import eed

    spec = json.loads(Path(spec_path).read_text())
    pairs = [{"gt": gt, "pred": pred} for gt, pred in spec["pairs"]]
    if spec["path"] == "naive":
        import run

        results, seconds, _ = run.naive(pairs, reader=lambda c: with_reader(c, False))
    else:
        config = eed.get_config(spec["profile"])
        start = time.perf_counter()
        results = eed.score_many(
            [p["gt"] for p in pairs],
            [p["pred"] for p in pairs],
            profile=config,
            workers=spec["workers"],
        )
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "results": [r.to_dict() for r in results]}


def _in_child(spec: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spec.json"
        path.write_text(json.dumps(spec))
        proc = subprocess.run(
            [sys.executable, str(HERE / "run.py"), "--light-child", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"light workload child failed:\n{proc.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Results agree, the signature aside (the reader switch may name itself in it)."""
    if a["timed_out"] or b["timed_out"]:
        return True
    return {k: v for k, v in a.items() if k != "signature"} == {
        k: v for k, v in b.items() if k != "signature"
    }


# Math-Verify ---------------------------------------------------------------------------------


def math_verify(python: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst, script = Path(tmp, "in.json"), Path(tmp, "out.json"), Path(tmp, "mv.py")
        src.write_text(json.dumps(pairs))
        script.write_text(MATH_VERIFY_TIMED)
        subprocess.run([python, str(script), str(src), str(dst)], check=True, timeout=7200)
        out: dict[str, Any] = json.loads(dst.read_text())
    version = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('math-verify'))"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {"seconds": out["seconds"], "version": version or "?", "pairs": len(pairs)}


# Stages ---------------------------------------------------------------------------------------


def parse_ratio(texts: list[str]) -> dict[str, Any]:
    """The parse stage (`read_answer`, what the ``parse`` budget runs) of every distinct answer,
    with latex2sympy2_extended and with the fast reader, per profile; each reader is warmed by
    one untimed pass first, and SymPy's cache is cleared before each timed pass."""
    if not has_fast_reader():
        return {"present": False}
    from sympy.core.cache import clear_cache

    import eed
    from eed.answers import read_answer

    out: dict[str, Any] = {"present": True, "answers": len(texts)}
    for name in PROFILES:
        seconds = {}
        for label, fast in (("latex2sympy2_extended", False), ("fast reader", True)):
            config = with_reader(eed.get_config(name), fast)
            for timed in (False, True):
                clear_cache()
                start = time.perf_counter()
                for text in texts:
                    # A failure to read is part of the stage's work.
                    with contextlib.suppress(Exception):
                        read_answer(text, config)
                if timed:
                    seconds[label] = time.perf_counter() - start
        out[name] = {
            **seconds,
            "ratio": seconds["latex2sympy2_extended"] / max(seconds["fast reader"], 1e-9),
        }
    return out


def stages(pairs: list[dict[str, Any]], profile: str) -> dict[str, float]:
    """Seconds per stage of our path in one process: each distinct answer prepared once,
    screening on, the compiled tree distance."""
    import eed
    import run
    from eed import distance as dist
    from eed.scoring import decide, prepare, screen

    config = eed.get_config(profile)
    budget = run.TimingBudget()
    seconds = budget.seconds
    fn = run.timed_distance(seconds, dist.fast_distance)
    sides: dict[str, Any] = {}
    for p in pairs:
        t0 = time.perf_counter()
        text, early = screen(p["gt"], p["pred"], config)
        seconds["screen (raw strings)"] += time.perf_counter() - t0
        if early is not None:
            continue
        for s in (p["gt"], text):
            if s not in sides:
                sides[s] = prepare(s, config, budget)
        decide(sides[p["gt"]], sides[text], config, budget, distance_fn=fn)
    return dict(seconds)


# The workload ----------------------------------------------------------------------------------


def run_light(math_verify_python: str | None, limit: int | None = None) -> dict[str, Any]:
    sets = {label: pairs[:limit] for label, pairs in load_sets().items()}
    report: dict[str, Any] = {"sets": {}, "fast_reader_present": has_fast_reader()}
    for label, pairs in sets.items():
        texts = [(p["gt"], p["pred"]) for p in pairs]
        entry: dict[str, Any] = {"pairs": len(pairs)}
        print(f"light: {label}: official algorithm ...", flush=True)
        naive = _in_child({"path": "naive", "pairs": texts})
        entry["naive_seconds"] = naive["seconds"]
        entry["budget_fired_in_naive"] = sum(r["timed_out"] for r in naive["results"])
        print(f"  {naive['seconds']:.1f}s", flush=True)
        entry["ours"] = {}
        for profile in PROFILES:
            for workers in WORKERS:
                key = f"{profile}, {workers} worker{'s' if workers > 1 else ''}"
                print(f"light: {label}: {key} ...", flush=True)
                ours = _in_child(
                    {"path": "ours", "profile": profile, "workers": workers, "pairs": texts}
                )
                row: dict[str, Any] = {
                    "seconds": ours["seconds"],
                    "speedup": naive["seconds"] / ours["seconds"],
                    "seconds_per_pair": ours["seconds"] / len(pairs),
                }
                if profile == "phybench":
                    row["mismatches"] = [
                        p.get("id", i)
                        for i, (p, a, b) in enumerate(
                            zip(pairs, naive["results"], ours["results"], strict=True)
                        )
                        if not _same(a, b)
                    ]
                entry["ours"][key] = row
                print(f"  {ours['seconds']:.1f}s ({row['speedup']:.1f}x)", flush=True)
        if math_verify_python:
            print(f"light: {label}: Math-Verify ...", flush=True)
            mv = math_verify(math_verify_python, texts)
            entry["math_verify"] = {**mv, "seconds_per_pair": mv["seconds"] / len(pairs)}
            print(f"  {mv['seconds']:.1f}s", flush=True)
        report["sets"][label] = entry

    everything = [p for pairs in sets.values() for p in pairs]
    total: dict[str, Any] = {"pairs": len(everything)}
    total["naive_seconds"] = sum(e["naive_seconds"] for e in report["sets"].values())
    total["ours"] = {}
    for key in next(iter(report["sets"].values()))["ours"]:
        secs = sum(e["ours"][key]["seconds"] for e in report["sets"].values())
        total["ours"][key] = {
            "seconds": secs,
            "speedup": total["naive_seconds"] / secs,
            "seconds_per_pair": secs / len(everything),
        }
    if math_verify_python:
        report["math_verify_version"] = next(iter(report["sets"].values()))["math_verify"][
            "version"
        ]
        secs = sum(e["math_verify"]["seconds"] for e in report["sets"].values())
        total["math_verify"] = {"seconds": secs, "seconds_per_pair": secs / len(everything)}
    report["total"] = total

    print("light: cold start ...", flush=True)
    short = sets["short PHYBench-style (300)"]
    report["cold_start"] = cold_start(
        [(p["gt"], p["pred"]) for p in short[:: max(1, len(short) // 8)][:8]]
    )

    print("light: stages of our path, one process ...", flush=True)
    report["stages"] = {}
    for label, pairs in sets.items():
        report["stages"][label] = {profile: stages(pairs, profile) for profile in PROFILES}

    print("light: parse stage, fast reader against latex2sympy2_extended ...", flush=True)
    texts = sorted({s for p in everything for s in (p["gt"], p["pred"])})
    report["parse"] = parse_ratio(texts)
    print("  " + parse_summary(report["parse"]), flush=True)
    return report


def parse_summary(parse: dict[str, Any]) -> str:
    if not parse.get("present"):
        return "fast reader not present"
    return "; ".join(
        f"{name}: latex2sympy2_extended {parse[name]['latex2sympy2_extended']:.2f}s, "
        f"fast reader {parse[name]['fast reader']:.2f}s, ratio {parse[name]['ratio']:.1f}x"
        for name in PROFILES
    )


def markdown(r: dict[str, Any], load: str) -> list[str]:
    lines = [
        "## Light workload: short answers",
        "",
        "Most real answers are short. The light workload is the first 600 physics pairs (real model",
        "answers) and 300 short PHYBench-style pairs (`benchmarks/data/short_pairs.jsonl`, built by",
        "`benchmarks/build_short_pairs.py`). Each path runs in a fresh process of its own, so that",
        "each pays its own cold start; the official algorithm is the naive path above, with",
        "latex2sympy2_extended. eed's `phybench` results must equal the official algorithm's.",
        "",
        f"Load while measuring: {load}.",
        "",
    ]
    if not r.get("fast_reader_present"):
        lines += [
            "**Preliminary**: measured without the fast reader (not present in this build); the",
            "figures will be measured again with it.",
            "",
        ]
    for label, e in [*r["sets"].items(), ("all 900 pairs", r["total"])]:
        lines += [f"### {label}", ""]
        header = "| path | seconds | s/pair | speed-up | results identical |"
        lines += [header, "|---|---|---|---|---|"]
        n = e["pairs"]
        lines.append(
            f"| official algorithm | {e['naive_seconds']:.1f} | {e['naive_seconds'] / n:.3f} | 1.0x | — |"
        )
        for key, row in e["ours"].items():
            same = "—"
            if "mismatches" in row:
                same = "yes" if not row["mismatches"] else f"no ({len(row['mismatches'])})"
            lines.append(
                f"| eed {key} | {row['seconds']:.1f} | {row['seconds_per_pair']:.3f} | "
                f"{row['speedup']:.1f}x | {same} |"
            )
        if "math_verify" in e:
            mv = e["math_verify"]
            lines.append(
                f"| Math-Verify {r['math_verify_version']} (one process) | {mv['seconds']:.1f} | {mv['seconds_per_pair']:.3f} | — | — |"
            )
        if "budget_fired_in_naive" in e:
            lines += [
                "",
                f"Pairs whose budgets fired in the official run: {e['budget_fired_in_naive']} (left out of "
                "the identity check).",
            ]
        lines.append("")
    lines += [
        "Speed-up: the official algorithm's seconds over eed's. Math-Verify's time is measured inside",
        "its own process, over the same pairs, in the same run.",
        "",
        "### Parse stage: fast reader against latex2sympy2_extended",
        "",
    ]
    parse = r["parse"]
    if parse.get("present"):
        lines += [
            f"Every distinct answer of the workload ({parse['answers']}) read once, after a warm-up pass.",
            "",
            "| profile | latex2sympy2_extended (s) | fast reader (s) | ratio |",
            "|---|---|---|---|",
        ]
        for name in PROFILES:
            p = parse[name]
            lines.append(
                f"| {name} | {p['latex2sympy2_extended']:.2f} | {p['fast reader']:.2f} | {p['ratio']:.1f}x |"
            )
    else:
        lines.append("Fast reader not present in this build.")
    lines += ["", "### Where the time goes (one process, each distinct answer once)", ""]
    names: list[str] = []
    for per_profile in r["stages"].values():
        for st in per_profile.values():
            names += [n for n in st if n not in names]
    cols = [(label, profile) for label in r["stages"] for profile in PROFILES]
    lines.append(
        "| stage | " + " | ".join(f"{lab.split(' (')[0]}, {prof} (s)" for lab, prof in cols) + " |"
    )
    lines.append("|---|" + "---|" * len(cols))
    for n in names:
        lines.append(
            f"| {n} | "
            + " | ".join(f"{r['stages'][lab][prof].get(n, 0.0):.1f}" for lab, prof in cols)
            + " |"
        )
    return lines

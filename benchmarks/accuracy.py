"""Agreement report: the `default` and `phybench` profiles side by side on real model answers.

    python benchmarks/accuracy.py [--pairs 600] [--holdout] [--math-verify PYTHON]

On the first N pairs of physics_dev_pairs.jsonl (real model answers with the benchmark's own
correctness label) it reports, per scorer: the parse-failure rate and the agreement of
"score == 100" with the label (accuracy, precision, recall). On the PHYBench dev pairs of kind
equivalent_expand / equivalent_factor (true rewrites of the ground truth) it reports the share
scored 100. Math-Verify, when a Python with it installed is given (it needs latex2sympy2_extended
1.11, so it lives in its own virtual environment), is run on the same pairs for comparison.

The first N pairs are the ones the targets are stated on, and the ones the default profile was
developed against; ``--holdout`` also reports the remaining pairs, which were not looked at
pair by pair, as a check that the rules are not fitted to the first N.

Writes benchmarks/accuracy.json and docs/accuracy.md (with the fidelity figures of
benchmarks/fidelity.py, where its outputs exist).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

import eed  # noqa: E402
from corpus import corpus_dir, load_pairs  # noqa: E402

PARSE_FAILURES = {eed.Status.GT_PARSE_ERROR, eed.Status.PRED_PARSE_ERROR}

MATH_VERIFY_SCRIPT = r"""
import json, sys
from math_verify import parse, verify
pairs = json.load(open(sys.argv[1]))
out = []
for gt, pred in pairs:
    try:
        g = parse("$" + gt + "$", parsing_timeout=5)
        p = parse("$" + pred + "$", parsing_timeout=5)
        failed = not g or not p
        ok = bool(verify(g, p, timeout_seconds=5)) if not failed else False
    except Exception:
        failed, ok = True, False
    out.append([failed, ok])
json.dump(out, open(sys.argv[2], "w"))
"""


MATHS_MV_SCRIPT = r"""
import json, sys, time
from math_verify import parse, verify
pairs = json.load(open(sys.argv[1]))
out = []
# One pair first, untimed: parsers built on first use are no cost per pair.
g = parse(pairs[0][0], parsing_timeout=5)
verify(g, parse(pairs[0][1], parsing_timeout=5), timeout_seconds=5)
start = time.perf_counter()
for gold, pred in pairs:
    try:
        g = parse(gold, parsing_timeout=5)
        p = parse(pred, parsing_timeout=5)
        ok = bool(verify(g, p, timeout_seconds=5)) if g and p else False
    except Exception:
        ok = False
    out.append(ok)
json.dump({"verdicts": out, "seconds": time.perf_counter() - start}, open(sys.argv[2], "w"))
"""

# The rows of the maths table: the forms of `build_maths_dev.answer_form`, grouped as the issue
# that asked for the table names them.
MATHS_ROWS = {
    "number": "plain numbers",
    "expression": "expressions",
    "list": "lists, tuples and sets",
    "relation": "equations and inequalities",
    "interval": "intervals",
    "matrix": "vectors and matrices",
    "degrees": "degrees",
    "percent": "percentages",
    "unit": "numbers with unit words",
    "text": "text",
}


def maths_pairs() -> list[dict[str, Any]]:
    """The maths development set and Math-Verify's own test tables, each pair with its form."""
    from build_maths_dev import answer_form
    from eed.extract import extract_answer

    base = corpus_dir()
    rows = [
        json.loads(line) for line in (base / "maths_dev.jsonl").read_text().splitlines() if line
    ]
    out = [
        {"gold": r["gold"], "pred": r["pred"], "label": bool(r["label"]), "set": "maths_dev"}
        for r in rows
    ]
    for r in json.loads((base / "math_verify_cases.json").read_text())["rows"]:
        a = r["args"]
        if not (isinstance(a.get("gold"), str) and isinstance(a.get("pred"), str)):
            continue
        label = bool(a.get("expected", a.get("result")))
        out.append({"gold": a["gold"], "pred": a["pred"], "label": label, "set": "math-verify"})
    for p in out:
        p["eed_gold"] = extract_answer(p["gold"]) if p["set"] == "math-verify" else p["gold"]
        p["form"] = answer_form(p["eed_gold"])
    return out


def maths_stats(python: str | None) -> dict[str, Any]:
    """Precision and recall per answer form, eed `default` against Math-Verify, with the
    seconds per pair of each, measured one after the other on one worker each."""
    pairs = maths_pairs()
    # One pair first, untimed, as for Math-Verify: what is built on first use (the unit
    # registry, the grammar) is no cost per pair.
    eed.score(pairs[0]["eed_gold"], pairs[0]["pred"], profile="default")
    start = time.perf_counter()
    results = eed.score_many(
        [p["eed_gold"] for p in pairs], [p["pred"] for p in pairs], profile="default", workers=1
    )
    eed_seconds = (time.perf_counter() - start) / len(pairs)
    verdicts: dict[str, list[bool]] = {"eed default": [r.score == 100.0 for r in results]}
    seconds = {"eed default": eed_seconds}
    if python:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst, script = Path(tmp, "in.json"), Path(tmp, "out.json"), Path(tmp, "mv.py")
            src.write_text(json.dumps([(p["gold"], p["pred"]) for p in pairs]))
            script.write_text(MATHS_MV_SCRIPT)
            subprocess.run([python, str(script), str(src), str(dst)], check=True, timeout=7200)
            mv = json.loads(dst.read_text())
        verdicts["math-verify 0.9.0"] = mv["verdicts"]
        seconds["math-verify 0.9.0"] = mv["seconds"] / len(pairs)
    table: dict[str, dict[str, Any]] = {}
    for form in [*MATHS_ROWS, "all"]:
        idx = [i for i, p in enumerate(pairs) if form in ("all", p["form"])]
        if not idx:
            continue
        labels = [pairs[i]["label"] for i in idx]
        table[form] = {
            "pairs": len(idx),
            "equivalent": sum(labels),
            **{name: agreement([v[i] for i in idx], labels) for name, v in verdicts.items()},
        }
    missed = [
        {"form": p["form"], "gold": p["gold"], "pred": p["pred"], "score": r.score, "set": p["set"]}
        for p, r in zip(pairs, results, strict=True)
        if p["label"] and r.score != 100.0
    ]
    wrong = [
        {"form": p["form"], "gold": p["gold"], "pred": p["pred"], "set": p["set"]}
        for p, r in zip(pairs, results, strict=True)
        if not p["label"] and r.score == 100.0
    ]
    return {"table": table, "seconds_per_pair": seconds, "missed": missed, "false_100": wrong}


def agreement(predicted: list[bool], labels: list[bool]) -> dict[str, float]:
    tp = sum(p and t for p, t in zip(predicted, labels, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, labels, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, labels, strict=True))
    tn = len(labels) - tp - fp - fn
    return {
        "accuracy": (tp + tn) / len(labels),
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
        "positives": tp + fp,
    }


# Math-Verify's verdicts do not change with eed: they are kept here between runs.
MV_CACHE = HERE / ".math-verify-cache.json"


def run_math_verify(python: str, pairs: list[tuple[str, str]]) -> list[tuple[bool, bool]]:
    cache: dict[str, list[bool]] = json.loads(MV_CACHE.read_text()) if MV_CACHE.exists() else {}
    keys = [json.dumps(pair) for pair in pairs]
    todo = [pair for pair, key in zip(pairs, keys, strict=True) if key not in cache]
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst, script = Path(tmp, "in.json"), Path(tmp, "out.json"), Path(tmp, "mv.py")
            src.write_text(json.dumps(todo))
            script.write_text(MATH_VERIFY_SCRIPT)
            subprocess.run([python, str(script), str(src), str(dst)], check=True, timeout=7200)
            for pair, verdict in zip(todo, json.loads(dst.read_text()), strict=True):
                cache[json.dumps(pair)] = verdict
        MV_CACHE.write_text(json.dumps(cache))
    return [(bool(cache[k][0]), bool(cache[k][1])) for k in keys]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=600)
    ap.add_argument("--math-verify", metavar="PYTHON", help="a Python with math-verify installed")
    ap.add_argument("--holdout", action="store_true", help="also report the remaining pairs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--maths-only",
        action="store_true",
        help="only the maths table; the other figures are kept from benchmarks/accuracy.json",
    )
    args = ap.parse_args()
    if args.maths_only:
        old = HERE / "accuracy.json"
        report = json.loads(old.read_text()) if old.exists() else {}
        print("maths pairs ...", flush=True)
        report["maths"] = maths_stats(args.math_verify)
        old.write_text(json.dumps(report, indent=1))
        write_markdown(report)
        print((ROOT / "docs" / "accuracy.md").read_text())
        return 0

    every = load_pairs("physics")
    physics = every[: args.pairs]
    equiv = [
        p for p in load_pairs("phybench") if p["kind"] in ("equivalent_expand", "equivalent_factor")
    ]
    report: dict[str, Any] = {
        "physics_pairs": len(physics),
        "equivalent_pairs": len(equiv),
        "scorers": {},
    }
    for profile in ("phybench", "default"):
        print(f"{profile}: physics pairs ...", flush=True)
        stats = physics_stats(physics, profile, args.workers)
        print(f"{profile}: equivalent dev pairs ...", flush=True)
        es = score(equiv, profile, args.workers)
        stats["equivalent_recognised"] = sum(r.score == 100.0 for r in es) / len(es)
        if profile == "default":
            report["equivalent_missed"] = [
                {"id": p["id"], "kind": p["kind"], "score": r.score, "pred": p["pred"]}
                for p, r in zip(equiv, es, strict=True)
                if r.score != 100.0
            ]
        report["scorers"][profile] = stats
    if args.math_verify:
        print("math-verify ...", flush=True)
        report["scorers"]["math-verify 0.9.0"] = {
            **math_verify_stats(args.math_verify, physics),
            "equivalent_recognised": _recognised(run_math_verify(args.math_verify, _texts(equiv))),
        }
    print("maths pairs ...", flush=True)
    report["maths"] = maths_stats(args.math_verify)
    if args.holdout:
        held = every[args.pairs :]
        report["holdout"] = {"pairs": len(held), "scorers": {}}
        for profile in ("phybench", "default"):
            print(f"{profile}: held-out physics pairs ...", flush=True)
            report["holdout"]["scorers"][profile] = physics_stats(held, profile, args.workers)
        if args.math_verify:
            print("math-verify: held-out physics pairs ...", flush=True)
            report["holdout"]["scorers"]["math-verify 0.9.0"] = math_verify_stats(
                args.math_verify, held
            )
    (HERE / "accuracy.json").write_text(json.dumps(report, indent=1))
    write_markdown(report)
    print((ROOT / "docs" / "accuracy.md").read_text())
    return 0


def _texts(pairs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(p["gt"], p["pred"]) for p in pairs]


def _recognised(verdicts: list[tuple[bool, bool]]) -> float:
    return sum(ok for _, ok in verdicts) / len(verdicts)


def score(pairs: list[dict[str, Any]], profile: str, workers: int) -> list[eed.Result]:
    return eed.score_many(
        [p["gt"] for p in pairs], [p["pred"] for p in pairs], profile=profile, workers=workers
    )


def physics_stats(pairs: list[dict[str, Any]], profile: str, workers: int) -> dict[str, Any]:
    rs = score(pairs, profile, workers)
    labels = [bool(p["label"]) for p in pairs]
    false_100s = [
        {"id": p["id"], "gt": p["gt"], "pred": p["pred"], "method": r.method, "reason": r.reason}
        for p, r, label in zip(pairs, rs, labels, strict=True)
        if r.score == 100.0 and not label
    ]
    by_tier = [
        label
        for r, label in zip(rs, labels, strict=True)
        if r.score == 100.0 and r.method == "numeric"
    ]
    return {
        "parse_failure_rate": sum(r.status in PARSE_FAILURES for r in rs) / len(rs),
        "unscored_rate": sum(not r.ok for r in rs) / len(rs),
        "numeric_full_marks": {
            "label_true": sum(by_tier),
            "label_false": len(by_tier) - sum(by_tier),
        },
        **agreement([r.score == 100.0 for r in rs], labels),
        "false_100s": false_100s,
        "statuses": {
            s.value: sum(r.status is s for r in rs)
            for s in eed.Status
            if any(r.status is s for r in rs)
        },
    }


def math_verify_stats(python: str, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    mv = run_math_verify(python, _texts(pairs))
    labels = [bool(p["label"]) for p in pairs]
    return {
        "parse_failure_rate": sum(f for f, _ in mv) / len(mv),
        **agreement([ok for _, ok in mv], labels),
    }


def _fidelity_lines() -> list[str]:
    lines = []
    for name, label in (("phybench", "PHYBench dev pairs"), ("physics", "physics dev pairs")):
        f = HERE / f"fidelity-{name}.json"
        if f.exists():
            d = json.loads(f.read_text())
            lines.append(
                f"| {label} | {d['matched']} / {d['compared']} | {100 * d['matched'] / d['compared']:.2f}% |"
            )
    return lines


def write_markdown(r: dict[str, Any]) -> None:
    lines = [
        "# Accuracy",
        "",
        "## Fidelity of the `phybench` profile",
        "",
        'Each pair is scored with `profile="phybench"` and compared with the official scorer\'s recorded',
        "output (score to 1e-9, distance and GT tree size exactly). Pairs whose official run hit a budget",
        "are left out, as their numbers depend on load. Produced by `benchmarks/fidelity.py`.",
        "",
        "| corpus | matched / compared | rate |",
        "|---|---|---|",
        *_fidelity_lines(),
        "",
        "## Agreement with the benchmark's labels",
        "",
        f"On the first {r['physics_pairs']} pairs of `physics_dev_pairs.jsonl` (real model answers; the",
        'label is the benchmark\'s own verdict, machine-made and noisy), "score == 100" is taken as a',
        "verdict of correct. The last column is the share of the",
        f"{r['equivalent_pairs']} PHYBench dev pairs of kind `equivalent_expand`/`equivalent_factor`",
        "(true rewrites of the ground truth) that score 100. Produced by `benchmarks/accuracy.py`.",
        "",
        "| scorer | parse failures | accuracy | precision | recall | equivalent rewrites scored 100 |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in r["scorers"].items():
        lines.append(
            f"| {name} | {100 * s['parse_failure_rate']:.1f}% | {s['accuracy']:.3f} | {s['precision']:.3f} | "
            f"{s['recall']:.3f} | {100 * s['equivalent_recognised']:.1f}% |"
        )
    lines += [
        "",
        "A parse failure is a `gt_parse_error` or `pred_parse_error` status. The official scorer also",
        "leaves unread the predictions its length guard rejects (`too_long`); counting every status",
        "other than `scored` and `equivalent`, the share of pairs left unread is "
        + ", ".join(
            f"{100 * s['unscored_rate']:.1f}% (`{name}`)"
            for name, s in r["scorers"].items()
            if "unscored_rate" in s
        )
        + ".",
        "",
        "Statuses per profile on the physics pairs:",
        "",
    ]
    for name, s in r["scorers"].items():
        if "statuses" in s:
            lines.append(f"- `{name}`: " + ", ".join(f"{k} {v}" for k, v in s["statuses"].items()))
    if "holdout" in r:
        h = r["holdout"]
        lines += [
            "",
            "## Held-out pairs",
            "",
            f"The default profile's rules were developed against the first {r['physics_pairs']} pairs.",
            f"The remaining {h['pairs']} pairs were not read pair by pair; on them:",
            "",
            "| scorer | parse failures | unread | accuracy | precision | recall |",
            "|---|---|---|---|---|---|",
        ]
        for name, s in h["scorers"].items():
            unread = f"{100 * s['unscored_rate']:.1f}%" if "unscored_rate" in s else "—"
            lines.append(
                f"| {name} | {100 * s['parse_failure_rate']:.1f}% | {unread} | {s['accuracy']:.3f} | "
                f"{s['precision']:.3f} | {s['recall']:.3f} |"
            )
        d = h["scorers"].get("default", {})
        tier = d.get("numeric_full_marks")
        if tier:
            lines += [
                "",
                "On these pairs the official scorer is the more precise: it gives 100 almost only to",
                "identical or symbolically equal answers. Of the `default` profile's 100s that the",
                "numeric tier gave (numbers within 0.5% of each other, or equal at random points),",
                f"the labels call {tier['label_true']} correct and {tier['label_false']} wrong: they count a",
                "number off in its last digits as wrong, where the tier does not. A stricter top tier",
                "is a config away: `eed.get_config('default').replace(numeric_tiers=((0.001, 100.0),",
                "(0.02, 50.0)))`.",
            ]
    lines += _maths_lines(r.get("maths"))
    missed = r.get("equivalent_missed", [])
    if missed:
        lines += [
            "",
            "## Equivalent rewrites the default profile does not score 100",
            "",
            "These predictions were printed by SymPy from the official scorer's own reading of the",
            "ground truth, so they carry its renamings (`E_0` printed as `bar{E}_0`, `I` as",
            "`bar{I}`, `\\times` as `bar{times}`), latex2sympy2_extended 1.11's reading of `\\gamma` as",
            "the gamma function (`\\Gamma(\\mu)`, `\\tilde{\\infty}` for `\\gamma - 1`), `\\mathrm{sin}`",
            "read as the letters s·i·n, or primes it dropped (`t'` printed as `t`). The default",
            "profile reads each as written, so it does not equate them with the ground truth.",
            "",
            "| id | kind | score | prediction (start) |",
            "|---|---|---|---|",
        ]
        for m in missed:
            snippet = m["pred"].replace("|", "\\|").replace("\n", " ")[:90]
            lines.append(f"| {m['id']} | {m['kind']} | {m['score']:.1f} | `{snippet}` |")
    doc = ROOT / "docs" / "accuracy.md"
    kept = (
        doc.read_text().split(HAND_WRITTEN, 1)[1]
        if doc.exists() and HAND_WRITTEN in doc.read_text()
        else ""
    )
    doc.write_text("\n".join(lines) + "\n" + (HAND_WRITTEN + kept if kept else ""))


def _maths_lines(m: dict[str, Any] | None) -> list[str]:
    if not m:
        return []
    scorers = [k for k in next(iter(m["table"].values())) if k not in ("pairs", "equivalent")]
    head = " | ".join(f"{s} P | {s} R" for s in scorers)
    lines = [
        "",
        "## Maths answer forms",
        "",
        "On the maths development set (`tests/data/maths_dev.jsonl`: graders' test tables and",
        "hand-judged pairs from public repositories; see `tests/data/README.md`) and Math-Verify's",
        'own test tables, per form of the gold answer. "P" and "R" are the precision and recall of',
        '"scored 100" (eed) or "verified" (Math-Verify) against the labels. Math-Verify\'s tables',
        "carry Math-Verify's own policy, so they favour it. Produced by `benchmarks/accuracy.py`.",
        "",
        f"| form | pairs | equivalent | {head} |",
        "|---|---|---|" + "---|---|" * len(scorers),
    ]
    for form, row in m["table"].items():
        label = MATHS_ROWS.get(form, "all forms")
        cells = " | ".join(f"{row[s]['precision']:.2f} | {row[s]['recall']:.2f}" for s in scorers)
        lines.append(f"| {label} | {row['pairs']} | {row['equivalent']} | {cells} |")
    secs = ", ".join(f"{name} {s:.3f} s" for name, s in m["seconds_per_pair"].items())
    lines += [
        "",
        f"Seconds per pair, each on one worker, measured one after the other in one run, after one untimed pair each: {secs}.",
    ]
    if m.get("false_100"):
        lines += ["", "Pairs labelled different that eed scores 100:", ""]
        for w in m["false_100"]:
            g, p = (w[k].replace("|", "\\|").replace("\n", " ")[:60] for k in ("gold", "pred"))
            lines.append(f"- {w['form']} ({w['set']}): `{g}` against `{p}`")
    return lines


# Everything after this line in docs/accuracy.md is written by hand and kept on regeneration.
HAND_WRITTEN = "<!-- written by hand below; benchmarks/accuracy.py keeps it -->"


if __name__ == "__main__":
    raise SystemExit(main())

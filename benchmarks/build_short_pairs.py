"""Build benchmarks/data/short_pairs.jsonl: 300 short PHYBench-style (gt, pred) pairs for the
light workload of benchmarks/run.py.

Source: the 100 public PHYBench problems (tests/data/phybench_public.json, MIT, see
tests/data/licenses/PHYBench-MIT.txt). The ground truths are the first 50 ``answer`` fields, in
file order, of at most 70 characters, taken verbatim (delimiters and ``v = ...`` included, as
the official scorer receives them). Each gets 6 model-like predictions, made by deterministic
edits of its right-hand side (the text after the last ``=``), tried in the order of `EDITS`;
an edit that does not apply, or gives a prediction already made, is skipped:

| kind | what the prediction is | equivalent |
|---|---|---|
| ``format`` | the right-hand side in ``\\boxed{}``, with ``\\dfrac`` | yes |
| ``expand`` | SymPy's ``expand`` of it, printed by ``sympy.latex`` | yes |
| ``coefficient`` | its first digit plus one (9 becomes 2), else a factor 2 in front (after a leading minus) | no |
| ``sign`` | its first sign flipped, else a minus in front | no |
| ``exponent`` | its first square made a cube, else its first root a cube root | no |
| ``function`` | its first sin/cos/tan/sqrt swapped (sin-cos, tan-cot, sqrt-cube root) | no |
| ``half`` | half of it, printed by ``sympy.latex`` | no |
| ``factor`` | SymPy's ``factor`` of it, printed by ``sympy.latex`` | yes |
| ``spacing`` | the right-hand side with its spaces dropped and ``\\cdot`` for products | yes |
| ``numeric`` | its numbers rounded to 4 digits (``evalf(4)``), printed by ``sympy.latex`` | no |
| ``reciprocal`` | one over it, printed by ``sympy.latex`` | no |
| ``square`` | its square, printed by ``sympy.latex`` | no |

The right-hand side is read into SymPy by eed's reader for the official dialect, through
latex2sympy2_extended (case kept), for the printed kinds. These are model-like, not model-written; the point is short answers of the kind
PHYBench asks for, with a realistic mix of equivalent and wrong predictions.

Usage: python benchmarks/build_short_pairs.py [--out benchmarks/data/short_pairs.jsonl]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import sympy

from eed.config import Config, get_config
from eed.latex import parse_latex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = ROOT / "tests" / "data" / "phybench_public.json"
OUT = HERE / "data" / "short_pairs.jsonl"

MAX_GT_CHARS = 70
GROUND_TRUTHS = 50
PER_GT = 6

Edit = Callable[[str], str | None]


def body(answer: str) -> str:
    """The answer without its math delimiters or a surrounding ``\\boxed{}``."""
    text = answer.strip()
    for left, right in (("$$", "$$"), ("\\[", "\\]"), ("$", "$")):
        if text.startswith(left) and text.endswith(right) and len(text) > len(left) + len(right):
            text = text[len(left) : -len(right)].strip()
            break
    boxed = re.fullmatch(r"\\boxed\{(.*)\}", text, re.S)
    return (boxed.group(1) if boxed else text).strip()


def rhs(answer: str) -> str:
    """The right-hand side: the text after the last ``=``, or the whole body."""
    return body(answer).rsplit("=", 1)[-1].strip()


def reader_config() -> Config:
    """The official dialect, read by latex2sympy2_extended (not the fast reader, where eed has
    one), so that the file does not change with eed's choice of reader."""
    config = get_config("phybench")
    if "fast_reader" in {f.name for f in dataclasses.fields(config)}:
        config = config.replace(fast_reader=False, profile="phybench")
    return config


def _sympy(latex: str) -> sympy.Expr | None:
    try:
        expr = parse_latex(latex, reader_config())
    except Exception:  # an answer the reader cannot take gets no printed kinds
        return None
    return expr if isinstance(expr, sympy.Expr) else None


def _printed(latex: str, fn: Callable[[sympy.Expr], sympy.Expr]) -> str | None:
    expr = _sympy(latex)
    if expr is None:
        return None
    out = sympy.latex(fn(expr))
    return out if out != sympy.latex(expr) else None


def fmt(r: str) -> str | None:
    return "\\boxed{" + r.replace("\\frac", "\\dfrac") + "}"


def expand(r: str) -> str | None:
    return _printed(r, sympy.expand)


def factor(r: str) -> str | None:
    return _printed(r, sympy.factor)


def half(r: str) -> str | None:
    return _printed(r, lambda e: sympy.together(e / 2))


def numeric(r: str) -> str | None:
    return _printed(r, lambda e: e.evalf(4))


def reciprocal(r: str) -> str | None:
    return _printed(r, lambda e: sympy.together(1 / e))


def square(r: str) -> str | None:
    return _printed(r, lambda e: e**2)


def coefficient(r: str) -> str | None:
    m = re.search(r"\d", r)
    if m is None:
        return "-2 " + r[1:] if r.startswith("-") else "2 " + r
    digit = int(m.group(0))
    return r[: m.start()] + str(digit + 1 if digit < 9 else 2) + r[m.end() :]


def sign(r: str) -> str | None:
    m = re.search(r"[+-]", r)
    if m is None:
        return "-" + r
    return r[: m.start()] + ("-" if m.group(0) == "+" else "+") + r[m.end() :]


def exponent(r: str) -> str | None:
    m = re.search(r"\^(2|\{2\})", r)
    if m is not None:
        return r[: m.start()] + "^{3}" + r[m.end() :]
    if "\\sqrt{" in r:
        return r.replace("\\sqrt{", "\\sqrt[3]{", 1)
    return None


SWAPS = (("\\sin", "\\cos"), ("\\cos", "\\sin"), ("\\tan", "\\cot"), ("\\sqrt{", "\\sqrt[3]{"))


def function(r: str) -> str | None:
    found = [(r.find(a), a, b) for a, b in SWAPS if a in r]
    if not found:
        return None
    at, a, b = min(found)
    return r[:at] + b + r[at + len(a) :]


def spacing(r: str) -> str | None:
    out = re.sub(r"\s+(?=[A-Za-z\\(])", " \\\\cdot ", r.strip())
    out = out.replace(" ", "") if out == r.strip() else out
    return out if out != r else None


EDITS: tuple[tuple[str, Edit, bool], ...] = (
    ("format", fmt, True),
    ("expand", expand, True),
    ("coefficient", coefficient, False),
    ("sign", sign, False),
    ("exponent", exponent, False),
    ("function", function, False),
    ("half", half, False),
    ("factor", factor, True),
    ("spacing", spacing, True),
    ("numeric", numeric, False),
    ("reciprocal", reciprocal, False),
    ("square", square, False),
)


def pairs_for(problem: dict[str, object]) -> list[dict[str, object]]:
    gt = str(problem["answer"])
    r = rhs(gt)
    out: list[dict[str, object]] = []
    seen = {gt, r}
    for kind, edit, equivalent in EDITS:
        pred = edit(r)
        if pred is None or pred in seen:
            continue
        seen.add(pred)
        out.append(
            {
                "id": f"short-{problem['id']}-{kind}",
                "problem_id": problem["id"],
                "kind": kind,
                "equivalent_by_construction": equivalent,
                "gt": gt,
                "pred": pred,
            }
        )
        if len(out) == PER_GT:
            break
    return out


def build() -> list[dict[str, object]]:
    problems = json.loads(SOURCE.read_text(encoding="utf-8"))
    short = [p for p in problems if len(p["answer"]) <= MAX_GT_CHARS][:GROUND_TRUTHS]
    rows: list[dict[str, object]] = []
    for p in short:
        made = pairs_for(p)
        if len(made) < PER_GT:
            raise SystemExit(f"problem {p['id']}: only {len(made)} predictions")
        rows += made
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds = Counter(str(r["kind"]) for r in rows)
    print(f"{len(rows)} pairs -> {args.out}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

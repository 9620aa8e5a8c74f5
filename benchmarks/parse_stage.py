"""The parse stage alone: latex2sympy against the fast reader with latex2sympy as its fallback.

    python benchmarks/parse_stage.py [--every K]

Collects every text the corpus answers (both pair files, the public answers, Math-Verify's
cases) hand to the parser under the ``phybench`` and ``default`` profiles, then times, per text,
the latex2sympy call and the fast reader. A declined text costs the fast reader's time plus the
latex2sympy call it falls back to. ``--every K`` times every K-th text only (for a quick run).
Prints the counts, the times and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from latex2sympy2_extended import latex2sympy  # noqa: E402

import eed  # noqa: E402
import eed.latex.physics.parsing as physics_parsing  # noqa: E402
import eed.latex.readers as readers  # noqa: E402
from corpus import corpus_dir, load_pairs  # noqa: E402
from eed.answers.reading import read_answer  # noqa: E402
from eed.latex import fast  # noqa: E402
from eed.latex.convert import CONVERSION, NORMALIZATION, to_sympy  # noqa: E402


def answers() -> list[str]:
    base = corpus_dir()
    found: set[str] = set()
    for name in ("phybench", "physics"):
        for pair in load_pairs(name):
            found.update((pair["gt"], pair["pred"]))
    found.update(p["answer"] for p in json.loads((base / "phybench_public.json").read_text()))
    for row in json.loads((base / "math_verify_cases.json").read_text())["rows"]:
        found.update(v for k, v in row["args"].items() if k in ("gold", "pred"))
    return sorted(a for a in found if isinstance(a, str))


def parser_texts(strings: list[str]) -> list[str]:
    texts: dict[str, None] = {}

    def record(latex: str, text: str, fast_reader: bool = True) -> Any:
        texts[text] = None
        return to_sympy(latex, text, fast_reader)

    readers.to_sympy = record  # type: ignore[assignment]
    physics_parsing.to_sympy = record  # type: ignore[assignment]
    for profile in ("phybench", "default"):
        config = eed.get_config(profile)
        for answer in strings:
            try:
                read_answer(answer, config)
            except Exception:
                continue
    readers.to_sympy = to_sympy  # type: ignore[assignment]
    physics_parsing.to_sympy = to_sympy  # type: ignore[assignment]
    return list(texts)


def reference_seconds(text: str) -> float:
    t0 = time.perf_counter()
    with contextlib.suppress(Exception):  # a failure costs its time too
        latex2sympy(text, normalization_config=NORMALIZATION, conversion_config=CONVERSION)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=int, default=1)
    args = ap.parse_args()
    strings = answers()
    texts = parser_texts(strings)[:: args.every]
    fast.read("x", NORMALIZATION)  # the lexer's first use builds its tables
    accepted = 0
    ref_total = fast_total = accepted_fast = 0.0
    for text in texts:
        ref = reference_seconds(text)
        t0 = time.perf_counter()
        reading = fast.read(text, NORMALIZATION)
        spent = time.perf_counter() - t0
        ref_total += ref
        if reading is None:
            fast_total += spent + ref
        else:
            accepted += 1
            accepted_fast += spent
            fast_total += spent
    n = len(texts)
    print(f"answer strings: {len(strings)}; parser texts timed: {n} (every {args.every})")
    print(f"fast reader accepted {accepted} ({100 * accepted / n:.1f}%), declined {n - accepted}")
    print(f"latex2sympy: {ref_total:.1f} s, {1e3 * ref_total / n:.2f} ms per text")
    print(
        f"fast reader with fallback: {fast_total:.1f} s, {1e3 * fast_total / n:.2f} ms per text;"
        f" {1e3 * accepted_fast / max(accepted, 1):.2f} ms per accepted text"
    )
    print(f"parse stage ratio: {ref_total / fast_total:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

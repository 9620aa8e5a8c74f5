"""The parse stage alone: latex2sympy against the fast reader with latex2sympy as its fallback.

    python benchmarks/parse_stage.py [--every K] [--write]

Collects every text the corpus answers (both pair files, the public answers, Math-Verify's
cases) hand to the parser under the ``phybench`` and ``default`` profiles, then times, per text,
the latex2sympy call and the fast reader. A declined text costs the fast reader's time plus the
latex2sympy call it falls back to. ``--every K`` times every K-th text only (for a quick run).
Prints the counts, the times and their ratio; ``--write`` puts them in the "Fast reader" section
of docs/performance.md (benchmarks/run.py keeps that section when it rewrites the file).
"""

from __future__ import annotations

import argparse
import contextlib
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
from corpus import answer_strings  # noqa: E402
from eed.answers.reading import read_answer  # noqa: E402
from eed.latex import fast  # noqa: E402
from eed.latex.convert import CONVERSION, NORMALIZATION, to_sympy  # noqa: E402


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


def reference_seconds(text: str) -> tuple[float, bool]:
    """latex2sympy's time on ``text``, and whether it read it (a failure costs its time too)."""
    t0 = time.perf_counter()
    read = False
    with contextlib.suppress(Exception):
        latex2sympy(text, normalization_config=NORMALIZATION, conversion_config=CONVERSION)
        read = True
    return time.perf_counter() - t0, read


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    strings = answer_strings()
    texts = parser_texts(strings)[:: args.every]
    fast.read("x", NORMALIZATION)  # the lexer's first use builds its tables
    accepted = 0
    ref_total = fast_total = accepted_fast = 0.0
    # Declined texts by whether latex2sympy reads them: count, latex2sympy's seconds.
    declined = {True: [0, 0.0], False: [0, 0.0]}
    readable = [0, 0.0, 0.0]  # texts latex2sympy reads: count, its seconds, ours with fallback
    for text in texts:
        ref, ok = reference_seconds(text)
        t0 = time.perf_counter()
        reading = fast.read(text, NORMALIZATION)
        spent = time.perf_counter() - t0
        ref_total += ref
        if ok:
            readable[0] += 1
            readable[1] += ref
            readable[2] += spent + (ref if reading is None else 0.0)
        if reading is None:
            fast_total += spent + ref
            declined[ok][0] += 1
            declined[ok][1] += ref
        else:
            accepted += 1
            accepted_fast += spent
            fast_total += spent
    n = len(texts)
    lines = [
        f"- answer strings: {len(strings)}; texts handed to the parser under both profiles, timed:"
        f" {n} (every {args.every})",
        f"- fast reader accepted {accepted} ({100 * accepted / n:.1f}%), declined {n - accepted}",
        f"- latex2sympy alone: {ref_total:.1f} s, {1e3 * ref_total / n:.2f} ms per text",
        f"- fast reader, declined texts at latex2sympy's cost: {fast_total:.1f} s,"
        f" {1e3 * fast_total / n:.2f} ms per text; {1e3 * accepted_fast / max(accepted, 1):.2f} ms"
        " per accepted text",
        f"- parse stage speed-up: {ref_total / fast_total:.2f}x",
        f"- of the declined texts, latex2sympy reads {declined[True][0]}"
        f" ({declined[True][1]:.1f} s) and fails on {declined[False][0]}"
        f" ({declined[False][1]:.1f} s): a failure costs the same with or without the fast reader",
        f"- on the {readable[0]} texts latex2sympy reads: {readable[1]:.1f} s against"
        f" {readable[2]:.1f} s, {readable[1] / max(readable[2], 1e-9):.2f}x",
    ]
    print("\n".join(lines))
    if args.write:
        write_section(lines)
    return 0


SECTION = """## Fast reader

`eed.latex.fast` reads the LaTeX subset real answers use (symbols with subscripts and accents,
numbers, `+ - * / \\cdot \\times`, `\\frac`, powers, `\\sqrt`, groups, implicit products,
absolute values, factorials, degree marks, the elementary functions, calls `f(x)`, one relation,
plain lists `a, b`, and whole bracketed lists `(a, b)`, `[a, b)`, `(a, b, c)`, which the grammar
reads as an interval or a tuple) and builds exactly the SymPy object latex2sympy2_extended builds, or
declines; latex2sympy2_extended reads what it
declines and stays the reference. It reuses latex2sympy2_extended's normaliser and ANTLR lexer
(cheap, and identical tokens by construction) and replaces only the ANTLR parser, whose adaptive
prediction is the cost, with a recursive-descent parser written here. A C++ ANTLR target was not
taken: it needs a compiler and the ANTLR C++ runtime, which `make demo` on a fresh machine cannot
promise. `Config.fast_reader` (on by default, score-neutral) turns it off. Identity is proved by
`tests/test_fast_reader.py` (corpus oracle and generated LaTeX).

Measured by `python benchmarks/parse_stage.py --write` (parse stage only, one process):

"""


# What another benchmark writes after this section (benchmarks/serve_load.py).
NEXT_MARKER = "<!-- benchmarks/serve_load.py writes below"


def write_section(lines: list[str]) -> None:
    """Replace the "Fast reader" section in place (or append it), keeping what follows it: the
    next heading, or the marker another benchmark writes below."""
    path = HERE.parent / "docs" / "performance.md"
    text = path.read_text()
    section = SECTION + "\n".join(lines) + "\n"
    start = text.find("## Fast reader")
    if start < 0:
        path.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    ends = [i for i in (text.find("\n## ", start + 1), text.find(NEXT_MARKER, start)) if i >= 0]
    rest = text[min(ends) :].lstrip("\n") if ends else ""
    path.write_text(text[:start] + section + ("\n" + rest if rest else ""))


if __name__ == "__main__":
    raise SystemExit(main())

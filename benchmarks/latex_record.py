"""Record what the LaTeX layer makes of every answer in the corpus, and compare two records.

    python benchmarks/latex_record.py record OUT.json [--corpus DIR] [--limit N] [--workers N]
    python benchmarks/latex_record.py compare BEFORE.json AFTER.json

A reshaping of ``eed.latex`` must not change behaviour: record before, record after, compare.
For each distinct answer string (``gt``/``pred`` of both dev-pair files, ``answer`` of the public
problems, ``gold``/``pred`` of the Math-Verify tables) and for ``e_as_charge`` on and off, the
record holds ``physics.rewrite`` (texts and renames), ``sympy.srepr`` of each element of
``physics.parse`` (or the exception), and ``physics.elements``; and, once per string,
``read_answer`` under the default profile and ``preprocess`` under both profiles (and under the
default profile with the ``e`` switch off). ``--only PREFIX`` records only the fields whose name
starts with PREFIX (``--only preprocess``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from functools import partial
from multiprocessing import Pool
from pathlib import Path
from typing import Any

CORPUS = Path("/work/shared/corpus")


def corpus_strings(root: Path) -> list[str]:
    """Every distinct answer string of the corpus, in a stable order."""
    seen: dict[str, None] = {}
    for name in ("phybench_dev_pairs.jsonl", "physics_dev_pairs.jsonl"):
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                seen.update(dict.fromkeys([row["gt"], row["pred"]]))
    for problem in json.loads((root / "phybench_public.json").read_text(encoding="utf-8")):
        seen[problem["answer"]] = None
    cases = json.loads((root / "math_verify_cases.json").read_text(encoding="utf-8"))
    for row in cases["rows"]:
        for key in ("gold", "pred"):
            value = row["args"].get(key)
            if isinstance(value, str):
                seen[value] = None
    return list(seen)


def _outcome(call: Callable[[], Any]) -> Any:
    # A failure is part of the behaviour: its type and message are recorded like a value.
    try:
        return {"ok": call()}
    except Exception as exc:  # every exception type is a recorded outcome
        return {"error": f"{type(exc).__name__}: {exc}"}


def _fields(latex: str) -> dict[str, Callable[[], Any]]:
    """What is recorded for one string: field name -> how to compute it."""
    import sympy

    import eed
    from eed.answers import read_answer
    from eed.latex import physics, preprocess

    default = eed.PROFILES["default"]
    fields: dict[str, Callable[[], Any]] = {}
    for charge in (True, False):
        fields[f"rewrite/{charge}"] = lambda c=charge: [
            [r.text, [list(p) for p in r.renames]] for r in physics.rewrite(latex, e_as_charge=c)
        ]
        fields[f"parse/{charge}"] = lambda c=charge: [
            sympy.srepr(e) for e in physics.parse(latex, e_as_charge=c)
        ]
    fields["elements"] = lambda: [repr(e) for e in physics.elements(latex)]
    fields["read_answer"] = lambda: repr(read_answer(latex, default))
    for profile in ("default", "phybench"):
        fields[f"preprocess/{profile}"] = lambda p=profile: preprocess(latex, p)
    # The default profile with the e switch off: preprocess must show what that config scores.
    fields["preprocess/default,e_as_charge=False"] = lambda: preprocess(
        latex, default.replace(e_as_charge=False)
    )
    return fields


def record_one(latex: str, only: str = "") -> dict[str, Any]:
    """The recorded fields of one string (those whose name starts with ``only``)."""
    return {name: _outcome(call) for name, call in _fields(latex).items() if name.startswith(only)}


def record(root: Path, limit: int | None, workers: int, only: str = "") -> dict[str, Any]:
    strings = corpus_strings(root)[:limit]
    with Pool(workers) as pool:
        results = pool.map(partial(record_one, only=only), strings, chunksize=20)
    return dict(zip(strings, results, strict=True))


def differences(before: dict[str, Any], after: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(string, field) for each recorded value that differs or is missing on one side."""
    for latex in sorted(set(before) | set(after)):
        old, new = before.get(latex, {}), after.get(latex, {})
        for field in sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                yield latex, field


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--corpus", type=Path, default=CORPUS)
    rec.add_argument("--limit", type=int, default=None)
    rec.add_argument("--workers", type=int, default=2)
    rec.add_argument("--only", default="", help="record only the fields starting with this")
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.command == "record":
        data = record(args.corpus, args.limit, args.workers, args.only)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(data)} strings recorded in {args.out}")
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    diffs = list(differences(before, after))
    by_field: dict[str, int] = {}
    for latex, field in diffs:
        by_field[field] = by_field.get(field, 0) + 1
        print(f"{field}\t{latex!r}\n  before: {before.get(latex, {}).get(field)!r}")
        print(f"  after:  {after.get(latex, {}).get(field)!r}")
    print(f"{len(set(before) | set(after))} strings compared, {len(diffs)} differences")
    for field, count in sorted(by_field.items()):
        print(f"  {field}: {count}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())

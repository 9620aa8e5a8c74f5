"""Loading the test corpus (tests/data, a copy of the shared corpus with its licences)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


DATA = REPO / "tests" / "data"


def corpus_dir() -> Path:
    """The corpus folder: ``tests/data`` (a copy of the shared corpus, with its licences), or
    the folder ``EED_CORPUS`` names. A missing corpus fails loudly: no test skips for it."""
    env = os.environ.get("EED_CORPUS")
    base = Path(env) if env else DATA
    if not (base / "phybench_dev_pairs.jsonl").exists():
        raise FileNotFoundError(f"the test corpus is missing from {base}")
    return base


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=4)
def load_pairs(name: str) -> list[dict[str, Any]]:
    """Pairs of a corpus with their reference output under ``ref`` (None if absent)."""
    base = corpus_dir()
    prefix = {"phybench": "phybench_dev", "physics": "physics_dev"}[name]
    pairs = _jsonl(base / f"{prefix}_pairs.jsonl")
    refs = {r["id"]: r for r in _jsonl(base / f"{prefix}_ref.jsonl")}
    for p in pairs:
        p["ref"] = refs.get(p["id"])
    return pairs


def answer_strings() -> list[str]:
    """Every answer string of the corpus: both sides of the PHYBench and physics pairs, the
    public PHYBench answers, and the gold and predicted strings of Math-Verify's cases."""
    base = corpus_dir()
    found: set[str] = set()
    for name in ("phybench", "physics"):
        for pair in load_pairs(name):
            found.update((pair["gt"], pair["pred"]))
    found.update(p["answer"] for p in json.loads((base / "phybench_public.json").read_text()))
    for row in json.loads((base / "math_verify_cases.json").read_text())["rows"]:
        found.update(v for k, v in row["args"].items() if k in ("gold", "pred"))
    return sorted(a for a in found if isinstance(a, str))

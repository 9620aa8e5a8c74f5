"""Loading the shared corpus (../shared/corpus relative to the repository)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    """The shared corpus folder, or None where it is not laid beside the repository."""
    env = os.environ.get("EED_CORPUS")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared" / "corpus", REPO / "src" / "eed" / "data"]
    for c in candidates:
        if (c / "phybench_dev_pairs.jsonl").exists():
            return c
    return None


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=4)
def load_pairs(name: str) -> list[dict[str, Any]]:
    """Pairs of a corpus with their reference output under ``ref`` (None if absent)."""
    base = corpus_dir()
    if base is None:
        raise FileNotFoundError("the shared corpus is not available (set EED_CORPUS)")
    prefix = {"phybench": "phybench_dev", "physics": "physics_dev"}[name]
    pairs = _jsonl(base / f"{prefix}_pairs.jsonl")
    refs = {r["id"]: r for r in _jsonl(base / f"{prefix}_ref.jsonl")}
    for p in pairs:
        p["ref"] = refs.get(p["id"])
    return pairs

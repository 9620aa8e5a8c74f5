"""The light workload's short pairs are what their builder makes: the file is reproducible."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "benchmarks" / "build_short_pairs.py"
DATA = ROOT / "benchmarks" / "data" / "short_pairs.jsonl"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_short_pairs", BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_short_pairs_are_what_the_builder_makes() -> None:
    committed = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert _builder().build() == committed


def test_short_pairs_are_short_distinct_and_mixed() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 300
    assert len({r["id"] for r in rows}) == 300
    assert len({(r["gt"], r["pred"]) for r in rows}) == 300
    assert all(len(r["gt"]) <= 70 and r["gt"] != r["pred"] for r in rows)
    equivalent = sum(r["equivalent_by_construction"] for r in rows)
    assert 0.2 * len(rows) < equivalent < 0.8 * len(rows)

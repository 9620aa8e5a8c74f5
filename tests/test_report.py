"""Summaries: figures per model and tag, the bootstrap interval, renderers, the plot."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from eed.report import (
    PlotUnavailableError,
    bootstrap_ci,
    plot_histograms,
    render,
    require_matplotlib,
    summarize,
)

SIG = "eed:0.1.0|profile:default|extract:on"

RECORDS: list[dict[str, Any]] = [
    {"model": "b", "tag": "MECH", "score": 100.0, "status": "equivalent", "timed_out": False},
    {"model": "b", "tag": "OPT", "score": 40.0, "status": "scored", "timed_out": False},
    {"model": "b", "tag": "MECH", "score": 0.0, "status": "pred_parse_error", "timed_out": False},
    {"model": "a", "tag": None, "score": 0.0, "status": "timeout", "timed_out": True},
    {"model": "a", "tag": None, "score": 20.0, "status": "scored", "timed_out": True},
    {"model": "b", "tag": "MECH", "score": 0.0, "status": "gt_parse_error", "timed_out": False},
]


def test_bootstrap_is_seeded() -> None:
    scores = [0.0, 10.0, 40.0, 100.0, 100.0, 55.5, 60.0]
    ci = bootstrap_ci(scores, resamples=500, seed=7)
    assert ci == bootstrap_ci(scores, resamples=500, seed=7)
    assert ci != bootstrap_ci(scores, resamples=500, seed=8)
    assert ci is not None
    mean = sum(scores) / len(scores)
    assert ci[0] <= mean <= ci[1]
    assert 0.0 <= ci[0] < ci[1] <= 100.0
    assert bootstrap_ci([42.0]) == (42.0, 42.0)
    assert bootstrap_ci([]) is None
    assert bootstrap_ci(scores, resamples=0) is None


def test_bootstrap_blocks_give_the_same_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    import eed.report as report

    scores = [float(i % 7) * 10 for i in range(50)]
    whole = bootstrap_ci(scores, resamples=300, seed=3)
    monkeypatch.setattr(report, "_BLOCK", 120)  # a few resamples per block
    assert bootstrap_ci(scores, resamples=300, seed=3) == pytest.approx(whole)


def test_summarize() -> None:
    s = summarize(RECORDS, signature=SIG, resamples=200, seed=1)
    assert s.signature == SIG + "|ci:95%|boot:200|seed:1"
    assert [m.model for m in s.models] == ["b", "a"]  # order of first appearance
    b, a = s.models
    assert b.overall.items == 4
    assert b.overall.mean == pytest.approx(35.0)
    assert b.overall.accuracy == pytest.approx(0.25)
    assert b.overall.parse_failures == 2
    assert b.overall.timeouts == 0
    assert b.overall.statuses == {
        "equivalent": 1,
        "gt_parse_error": 1,
        "pred_parse_error": 1,
        "scored": 1,
    }
    assert list(b.tags) == ["MECH", "OPT"]
    assert b.tags["MECH"].items == 3 and b.tags["MECH"].mean == pytest.approx(100 / 3)
    assert a.overall.timeouts == 2 and a.tags == {}
    d = s.to_dict()
    assert d["bootstrap"] == {"resamples": 200, "seed": 1, "confidence": 0.95}
    assert d["models"][0]["tags"]["OPT"]["mean"] == 40.0
    assert json.loads(json.dumps(d)) == d


def test_renderers() -> None:
    s = summarize(RECORDS, signature=SIG, resamples=100, seed=1)
    text = render(s, "text")
    assert text.splitlines()[0].split()[:3] == ["model", "tag", "items"]
    assert "b      (all)" in text and "35.00" in text and "25.0%" in text
    assert text.rstrip().endswith(s.signature)

    md = render(s, "markdown").splitlines()
    assert md[0].startswith("| model | tag |") and md[1].startswith("|---|---|---:")
    assert md[-1] == f"Signature: `{s.signature}`"

    rows = list(csv.DictReader(io.StringIO(render(s, "csv"))))
    assert [(r["model"], r["tag"]) for r in rows] == [
        ("b", ""),
        ("b", "MECH"),
        ("b", "OPT"),
        ("a", ""),
    ]
    assert float(rows[0]["mean"]) == pytest.approx(35.0)
    assert all(r["signature"] == s.signature for r in rows)

    assert json.loads(render(s, "json")) == s.to_dict()
    with pytest.raises(ValueError, match="unknown summary format"):
        render(s, "yaml")


def test_no_bootstrap_renders_a_dash() -> None:
    s = summarize(RECORDS[:1], signature=SIG, resamples=0)
    assert s.models[0].overall.ci is None
    assert "  -  " in render(s, "text")
    assert json.loads(render(s, "json"))["models"][0]["ci95"] is None
    assert math.isclose(s.models[0].overall.mean, 100.0)


def test_missing_matplotlib_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes the import fail
    with pytest.raises(PlotUnavailableError, match=r"pip install 'eed\[plot\]'"):
        require_matplotlib()
    s = summarize(RECORDS, signature=SIG, resamples=10)
    with pytest.raises(PlotUnavailableError):
        plot_histograms(RECORDS, s, str(tmp_path / "p.png"))


def test_plot_histograms(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    s = summarize(RECORDS, signature=SIG, resamples=10)
    path = tmp_path / "p.png"
    plot_histograms(RECORDS, s, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

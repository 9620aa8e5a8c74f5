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
    Problem,
    bootstrap_ci,
    missing_notes,
    plot_format,
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
    import eed.report.summary as report

    scores = [float(i % 7) * 10 for i in range(50)]
    whole = bootstrap_ci(scores, resamples=300, seed=3)
    monkeypatch.setattr(report, "_BLOCK", 120)  # a few resamples per block
    assert bootstrap_ci(scores, resamples=300, seed=3) == pytest.approx(whole)


def test_summarize() -> None:
    s = summarize(RECORDS, signature=SIG, resamples=200, seed=1)
    assert s.signature == SIG + "|mean:all|ci:95%|boot:200|seed:1"
    assert [m.model for m in s.models] == ["b", "a"]  # order of first appearance
    b, a = s.models
    # Records without ids are problems of their own model: nothing is missing.
    assert (b.overall.problems, b.overall.answered, b.overall.missing) == (4, 4, 0)
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
    assert b.tags["MECH"].answered == 3 and b.tags["MECH"].mean == pytest.approx(100 / 3)
    assert a.overall.timeouts == 2 and a.tags == {} and a.untagged is None
    d = s.to_dict()
    assert d["bootstrap"] == {"resamples": 200, "seed": 1, "confidence": 0.95}
    assert d["models"][0]["tags"]["OPT"]["mean"] == 40.0
    assert json.loads(json.dumps(d)) == d


def test_renderers() -> None:
    s = summarize(RECORDS, signature=SIG, resamples=100, seed=1)
    text = render(s, "text")
    assert text.splitlines()[0].split()[:5] == ["model", "tag", "problems", "answered", "missing"]
    assert "b      (all)" in text and "35.00" in text and "25.0%" in text
    assert text.rstrip().endswith(s.signature)

    md = render(s, "markdown").splitlines()
    assert md[0].startswith("| model | tag |") and md[1].startswith("|---|---|---:")
    assert md[-1] == f"Signature: `{s.signature}`"

    rows = list(csv.DictReader(io.StringIO(render(s, "csv"))))
    assert [(r["model"], r["level"], r["tag"]) for r in rows] == [
        ("b", "all", ""),
        ("b", "tag", "MECH"),
        ("b", "tag", "OPT"),
        ("a", "all", ""),
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


# Coverage ---------------------------------------------------------------------------------------

PROBLEMS = [
    Problem("1", "MECH"),
    Problem("2", "MECH"),
    Problem("3", "OPT"),
    Problem("4", None),
    Problem("5", "OPT"),
    Problem("6", None),
]


def answer(model: str, pid: str, score: float, tag: str | None = None) -> dict[str, Any]:
    status = "equivalent" if score == 100.0 else "scored"
    return {"model": model, "id": pid, "tag": tag, "score": score, "status": status}


def test_missing_answers_count_as_zero_over_all_problems() -> None:
    records = [answer("a", "1", 100.0, "MECH"), answer("a", "3", 100.0, "OPT")]
    s = summarize(records, signature=SIG, resamples=50, seed=1, problems=PROBLEMS)
    o = s.models[0].overall
    assert (o.problems, o.answered, o.missing) == (6, 2, 4)
    assert o.mean == pytest.approx(200 / 6) and o.mean_all == pytest.approx(200 / 6)
    assert o.mean_answered == pytest.approx(100.0)
    assert o.accuracy == pytest.approx(2 / 6)
    assert o.ci is not None and o.ci[0] < 100.0
    notes = missing_notes(s)
    assert len(notes) == 1 and "4 of the 6 problems" in notes[0]
    d = s.to_dict()
    assert d["mean_over"] == "all"
    m = d["models"][0]
    assert (m["problems"], m["answered"], m["missing"]) == (6, 2, 4)
    assert m["mean_answered"] == pytest.approx(100.0)
    for fmt in ("text", "markdown"):
        out = render(s, fmt)
        assert "missing" in out and "mean (answered)" in out
        assert "a missing answer counts as 0" in out


def test_only_answered_switches_the_headline_and_the_signature() -> None:
    records = [answer("a", "1", 100.0), answer("a", "3", 40.0)]
    s = summarize(records, signature=SIG, resamples=0, problems=PROBLEMS, only_answered=True)
    o = s.models[0].overall
    assert o.mean == pytest.approx(70.0) and o.mean_all == pytest.approx(140 / 6)
    assert o.accuracy == pytest.approx(0.5) and o.missing == 4
    assert "|mean:answered|" in s.signature
    assert "|mean:all|" in summarize(records, signature=SIG, problems=PROBLEMS).signature
    assert "mean EED (answered)" in render(s, "text")
    assert "left out of the mean" in missing_notes(s)[0]


def test_models_are_measured_on_the_same_problems_without_a_problem_list() -> None:
    # Two models answer different ids: each misses what the other answered.
    records = [answer("a", "1", 100.0), answer("a", "2", 100.0), answer("b", "1", 100.0)]
    s = summarize(records, signature=SIG, resamples=0)
    a, b = s.models
    assert (a.overall.problems, a.overall.missing) == (2, 0)
    assert (b.overall.problems, b.overall.missing) == (2, 1)
    assert b.overall.mean == pytest.approx(50.0)


def test_tag_rows_add_up_and_stay_apart_from_the_overall_row() -> None:
    problems = [*PROBLEMS, Problem("7", "all"), Problem("8", "(all)")]
    records = [answer("a", p.id, 50.0) for p in problems]
    s = summarize(records, signature=SIG, resamples=0, problems=problems)
    m = s.models[0]
    assert m.untagged is not None
    parts = [*m.tags.values(), m.untagged]
    assert sum(g.problems for g in parts) == m.overall.problems == len(problems)
    assert sum(g.answered for g in parts) == m.overall.answered
    rows = list(csv.DictReader(io.StringIO(render(s, "csv"))))
    assert [(r["level"], r["tag"]) for r in rows if r["level"] != "tag"] == [
        ("all", ""),
        ("untagged", ""),
    ]
    assert {r["tag"] for r in rows if r["level"] == "tag"} == {"MECH", "OPT", "all", "(all)"}
    labels = [line.split()[1] for line in render(s, "text").splitlines()[1 : len(rows) + 1]]
    assert labels.count("(all)") == 1 and labels.count('"(all)"') == 1
    assert "all" in labels and "(untagged)" in labels
    md = render(s, "markdown")
    assert md.count("| (all) |") == 1 and "| all |" in md
    assert json.loads(render(s, "json"))["models"][0]["untagged"]["problems"] == 2


def test_plot_writes_exactly_the_named_file(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    s = summarize(RECORDS, signature=SIG, resamples=10)
    path = tmp_path / "histogram"
    plot_histograms(RECORDS, s, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["histogram"]
    with pytest.raises(ValueError, match=r"cannot draw a '\.jpg' image"):
        plot_format("h.jpg")
    assert plot_format("h.SVG") == "svg"

"""Summaries of scored pairs: per model and per tag, with a bootstrap confidence interval.

`summarize` takes the per-item records that ``eed-score`` writes (mappings with ``model``, ``tag``,
``score``, ``status`` and ``timed_out``) and returns a `Summary`; ``render_*`` turn it into text,
Markdown, CSV or JSON, and `plot_histograms` draws the score distribution of each model.

The confidence interval is a percentile bootstrap of the mean, from a generator seeded afresh for
every group, so each figure depends only on that group's scores and the seed; the seed and the
number of resamples are part of the summary's signature.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .bootstrap import Comparison, compare_models, paired_signature

__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "RENDERERS",
    "GroupStats",
    "ModelSummary",
    "PlotUnavailableError",
    "Problem",
    "Summary",
    "bootstrap_ci",
    "missing_notes",
    "plot_format",
    "plot_histograms",
    "render",
    "render_comparisons",
    "render_json",
    "require_matplotlib",
    "summarize",
]

logger = logging.getLogger(__name__)

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 12345
CONFIDENCE = 0.95
PARSE_FAILURES = frozenset({"gt_parse_error", "pred_parse_error"})
# Bootstrap resamples are drawn in blocks of about this many indices, to bound memory.
_BLOCK = 2_000_000


def bootstrap_ci(
    scores: Sequence[float],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; None without scores or resamples."""
    values = np.asarray(scores, dtype=float)
    n = len(values)
    if n == 0 or resamples <= 0:
        return None
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    block = max(1, _BLOCK // n)
    for start in range(0, resamples, block):
        k = min(block, resamples - start)
        means[start : start + k] = values[rng.integers(0, n, size=(k, n))].mean(axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    lo, hi = np.percentile(means, [tail, 100.0 - tail])
    return float(lo), float(hi)


Basis = Literal["all", "answered"]
BASIS_TEXT = {
    "all": "over all problems of the ground truth; a missing answer counts as 0",
    "answered": "over the answered problems only (--only-answered)",
}


@dataclass(frozen=True)
class Problem:
    """One problem of the ground truth: the scope a model is measured on."""

    id: str
    tag: str | None = None


@dataclass(frozen=True)
class GroupStats:
    """The figures for one group of problems (a model, or a model's tag).

    ``mean``, ``ci`` and ``accuracy`` are the headline figures, taken over the problems the
    ``basis`` names: all of them (a missing answer scores 0), or the answered ones.
    """

    problems: int
    answered: int
    basis: Basis
    mean: float
    ci: tuple[float, float] | None
    accuracy: float  # share of the basis scoring 100
    mean_all: float  # over all problems, a missing answer scoring 0
    mean_answered: float  # over the answered problems
    parse_failures: int
    timeouts: int
    statuses: dict[str, int]

    @property
    def missing(self) -> int:
        return self.problems - self.answered

    def to_dict(self) -> dict[str, Any]:
        return {
            "problems": self.problems,
            "answered": self.answered,
            "missing": self.missing,
            "mean": _finite(self.mean),
            "mean_over": self.basis,
            "ci95": list(self.ci) if self.ci is not None else None,
            "accuracy": _finite(self.accuracy),
            "mean_all_problems": _finite(self.mean_all),
            "mean_answered": _finite(self.mean_answered),
            "parse_failures": self.parse_failures,
            "timeouts": self.timeouts,
            "statuses": dict(self.statuses),
        }


def _finite(value: float) -> float | None:
    # JSON has no NaN: a mean over no answers is null.
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class ModelSummary:
    model: str
    overall: GroupStats
    tags: dict[str, GroupStats] = field(default_factory=dict)
    untagged: GroupStats | None = None  # the problems without a tag, when there are tags too

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            **self.overall.to_dict(),
            "tags": {tag: stats.to_dict() for tag, stats in self.tags.items()},
            "untagged": self.untagged.to_dict() if self.untagged is not None else None,
        }


@dataclass(frozen=True)
class Summary:
    signature: str  # the scoring signature plus the summary settings
    models: list[ModelSummary]
    resamples: int
    seed: int
    basis: Basis = "all"
    confidence: float = CONFIDENCE
    # Every pair of models on the problems both answered, with the paired bootstrap p-value.
    comparisons: list[Comparison] = field(default_factory=list)
    paired_signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "signature": self.signature,
            "mean_over": self.basis,
            "bootstrap": {
                "resamples": self.resamples,
                "seed": self.seed,
                "confidence": self.confidence,
            },
            "models": [m.to_dict() for m in self.models],
        }
        if self.comparisons:
            out["paired_bootstrap"] = {
                "signature": self.paired_signature,
                "resamples": self.resamples,
                "seed": self.seed,
                "comparisons": [c.to_dict() for c in self.comparisons],
            }
        return out


def summary_signature(
    scoring_signature: str, resamples: int, seed: int, only_answered: bool = False
) -> str:
    mean = "answered" if only_answered else "all"
    return f"{scoring_signature}|mean:{mean}|ci:{CONFIDENCE * 100:g}%|boot:{resamples}|seed:{seed}"


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else math.nan


def _stats(
    answered: Sequence[Mapping[str, Any]], problems: int, basis: Basis, resamples: int, seed: int
) -> GroupStats:
    scores = [float(r["score"]) for r in answered]
    with_missing = scores + [0.0] * (problems - len(scores))
    headline = scores if basis == "answered" else with_missing
    statuses: dict[str, int] = {}
    for r in answered:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    return GroupStats(
        problems=problems,
        answered=len(scores),
        basis=basis,
        mean=_mean(headline),
        ci=bootstrap_ci(headline, resamples=resamples, seed=seed),
        accuracy=_mean([float(s >= 100.0) for s in headline]),
        mean_all=_mean(with_missing),
        mean_answered=_mean(scores),
        parse_failures=sum(str(r["status"]) in PARSE_FAILURES for r in answered),
        timeouts=sum(bool(r.get("timed_out")) or r["status"] == "timeout" for r in answered),
        statuses=dict(sorted(statuses.items())),
    )


def _problems_of(records: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """Every id any model answered, in order of first appearance, with its first tag."""
    tags: dict[str, str | None] = {}
    for r in records:
        if r.get("id") is None:
            continue
        key = str(r["id"])
        if tags.get(key) is None:
            tags[key] = None if r.get("tag") is None else str(r["tag"])
    return [Problem(k, t) for k, t in tags.items()]


def _model_summary(
    model: str,
    items: Sequence[Mapping[str, Any]],
    scope: Sequence[Problem],
    known: set[str],
    basis: Basis,
    resamples: int,
    seed: int,
) -> ModelSummary:
    answers: dict[str, Mapping[str, Any]] = {}
    extra: list[Problem] = []
    for n, r in enumerate(items):
        key = f"\x00{n}" if r.get("id") is None else str(r["id"])
        if key in answers:
            logger.warning("model %s answers id %s twice; keeping the first", model, key)
            continue
        answers[key] = r
        if key not in known:  # never drop an answer for want of its problem
            extra.append(Problem(key, None if r.get("tag") is None else str(r["tag"])))
    mine = [*scope, *extra]
    groups: dict[str | None, list[Problem]] = {}
    for p in mine:
        groups.setdefault(p.tag, []).append(p)

    def stats(group: Sequence[Problem]) -> GroupStats:
        found = [answers[p.id] for p in group if p.id in answers]
        return _stats(found, len(group), basis, resamples, seed)

    tags = {t: stats(groups[t]) for t in sorted(t for t in groups if t is not None)}
    untagged = stats(groups[None]) if tags and None in groups else None
    return ModelSummary(model, stats(mine), tags, untagged)


def summarize(
    records: Iterable[Mapping[str, Any]],
    *,
    signature: str,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    problems: Sequence[Problem] | None = None,
    only_answered: bool = False,
) -> Summary:
    """Figures per model (in order of first appearance) and per tag within each model.

    ``problems`` is the ground truth's list of problems, the scope every model is measured on;
    by default, every id that any record carries. A problem a model did not answer is missing:
    it scores 0 in the headline mean unless ``only_answered``. A record without an id is a
    problem of its own model alone.
    """
    rows = list(records)
    scope = list(problems) if problems is not None else _problems_of(rows)
    known = {p.id for p in scope}
    by_model: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        by_model.setdefault(str(r["model"]), []).append(r)
    basis: Basis = "answered" if only_answered else "all"
    models = [
        _model_summary(model, items, scope, known, basis, resamples, seed)
        for model, items in by_model.items()
    ]
    return Summary(
        signature=summary_signature(signature, resamples, seed, only_answered),
        models=models,
        resamples=resamples,
        seed=seed,
        basis=basis,
        comparisons=compare_models(rows, resamples=resamples, seed=seed),
        paired_signature=paired_signature(signature, resamples, seed),
    )


def missing_notes(summary: Summary) -> list[str]:
    """One line per model that left problems unanswered, for a warning."""
    notes = []
    for m in summary.models:
        o = m.overall
        if o.missing:
            counted = (
                "they are left out of the mean (--only-answered)"
                if summary.basis == "answered"
                else "they count as 0 in the mean; --only-answered averages the answered ones"
            )
            notes.append(
                f"model {m.model!r} has no answer for {o.missing} of the {o.problems} problems; "
                + counted
            )
    return notes


# Rendering -------------------------------------------------------------------------------------

ALL_LABEL = "(all)"
UNTAGGED_LABEL = "(untagged)"


def _tag_label(tag: str) -> str:
    # The overall and untagged rows are labelled in parentheses; a real tag that could be read
    # as one of them, or that starts with a quote, is shown quoted.
    return json.dumps(tag, ensure_ascii=False) if tag[:1] in ("(", '"') or not tag else tag


def _rows(summary: Summary) -> list[tuple[str, str, str, GroupStats]]:
    """``(model, level, tag, stats)``; level is ``all``, ``tag`` or ``untagged``."""
    rows = []
    for m in summary.models:
        rows.append((m.model, "all", "", m.overall))
        rows.extend((m.model, "tag", tag, stats) for tag, stats in m.tags.items())
        if m.untagged is not None:
            rows.append((m.model, "untagged", "", m.untagged))
    return rows


def _label(level: str, tag: str) -> str:
    return {"all": ALL_LABEL, "untagged": UNTAGGED_LABEL}.get(level) or _tag_label(tag)


def _header(summary: Summary) -> list[str]:
    if summary.basis == "answered":
        means = ["mean EED (answered)", "95% CI", "accuracy", "mean (all problems)"]
    else:
        means = ["mean EED", "95% CI", "accuracy", "mean (answered)"]
    return ["model", "tag", "problems", "answered", "missing", *means, "parse fail", "timeouts"]


def _cells(model: str, level: str, tag: str, s: GroupStats) -> list[str]:
    ci = f"[{s.ci[0]:.2f}, {s.ci[1]:.2f}]" if s.ci is not None else "-"
    other = s.mean_all if s.basis == "answered" else s.mean_answered
    return [
        model,
        _label(level, tag),
        str(s.problems),
        str(s.answered),
        str(s.missing),
        _fixed(s.mean),
        ci,
        "-" if math.isnan(s.accuracy) else f"{s.accuracy:.1%}",
        _fixed(other),
        str(s.parse_failures),
        str(s.timeouts),
    ]


def _fixed(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


def _basis_line(summary: Summary) -> str:
    return f"mean EED, CI and accuracy are {BASIS_TEXT[summary.basis]}"


def render_text(summary: Summary) -> str:
    header = _header(summary)
    table = [header] + [_cells(*row) for row in _rows(summary)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines.append(_basis_line(summary))
    lines.append(f"signature: {summary.signature}")
    return "\n".join(lines) + "\n"


def render_markdown(summary: Summary) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    header = _header(summary)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|",
    ]
    for row in _rows(summary):
        lines.append("| " + " | ".join(esc(c) for c in _cells(*row)) + " |")
    lines.append("")
    lines.append(_basis_line(summary)[0].upper() + _basis_line(summary)[1:] + ".")
    lines.append("")
    lines.append(f"Signature: `{summary.signature}`")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = [
    "model",
    "level",
    "tag",
    "problems",
    "answered",
    "missing",
    "mean",
    "mean_over",
    "ci_low",
    "ci_high",
    "accuracy",
    "mean_all_problems",
    "mean_answered",
    "parse_failures",
    "timeouts",
    "signature",
]


def render_csv(summary: Summary) -> str:
    """One row per group; ``level`` tells the model's row (``all``) from its tags' rows, so any
    tag name, empty or ``all`` included, stays unambiguous."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for model, level, tag, s in _rows(summary):
        lo, hi = s.ci if s.ci is not None else ("", "")
        writer.writerow(
            [
                model,
                level,
                tag,
                s.problems,
                s.answered,
                s.missing,
                s.mean,
                s.basis,
                lo,
                hi,
                s.accuracy,
                s.mean_all,
                s.mean_answered,
                s.parse_failures,
                s.timeouts,
                summary.signature,
            ]
        )
    return out.getvalue()


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), indent=2) + "\n"


def render_comparisons(summary: Summary) -> str:
    """The paired bootstrap tests as a text table (what ``eed-score --paired-bs`` prints)."""
    if not summary.comparisons:
        return "paired bootstrap: needs two models or more\n"
    header = ["model A", "model B", "shared", "mean A", "mean B", "B - A", "p-value"]
    table = [header]
    for c in summary.comparisons:
        p = "-" if c.p_value is None else f"{c.p_value:.4f}"
        table.append(
            [
                c.model_a,
                c.model_b,
                str(c.shared),
                _fixed(c.mean_a),
                _fixed(c.mean_b),
                _fixed(c.difference),
                p,
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]
    lines.append("")
    lines.append(
        f"paired bootstrap on the problems both models answered ({summary.resamples} resamples, "
        f"seed {summary.seed}); p is the chance of a difference this large with none real"
    )
    lines.append(f"signature: {summary.paired_signature}")
    return "\n".join(lines) + "\n"


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}


def render(summary: Summary, fmt: str = "text") -> str:
    """The summary as ``text``, ``json``, ``csv`` or ``markdown``."""
    try:
        return RENDERERS[fmt](summary)
    except KeyError:
        raise ValueError(f"unknown summary format {fmt!r}; known: {', '.join(RENDERERS)}") from None


# Plotting --------------------------------------------------------------------------------------


class PlotUnavailableError(RuntimeError):
    """matplotlib is not installed."""


PLOT_HINT = "--plot needs matplotlib; install it with: pip install 'eed[plot]'"


def require_matplotlib() -> None:
    """Raise PlotUnavailableError, with the install command, when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise PlotUnavailableError(PLOT_HINT) from exc


PLOT_FORMATS = ("png", "pdf", "svg")


def plot_format(path: str) -> str:
    """The image format a plot path asks for: its suffix, PNG without one."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        return "png"
    if suffix not in PLOT_FORMATS:
        known = ", ".join(f".{f}" for f in PLOT_FORMATS)
        raise ValueError(f"{path}: cannot draw a '.{suffix}' image; name it {known}")
    return suffix


def plot_histograms(
    records: Iterable[Mapping[str, Any]], summary: Summary, path: str, *, bins: int = 20
) -> None:
    """Save one histogram of scores per model, with its mean marked, to ``path``."""
    require_matplotlib()
    # The object-oriented API needs no display and leaves pyplot's global state alone.
    from matplotlib.figure import Figure

    scores: dict[str, list[float]] = {}
    for r in records:
        scores.setdefault(str(r["model"]), []).append(float(r["score"]))
    models = [m for m in summary.models if m.model in scores]
    rows = max(1, len(models))
    fig = Figure(figsize=(7.0, 1.0 + 2.2 * rows), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    edges = np.linspace(0.0, 100.0, bins + 1)
    for ax, m in zip(axes, models, strict=False):
        ax.hist(scores[m.model], bins=edges, color="#4c72b0", edgecolor="white")
        mean = m.overall.mean
        ax.axvline(mean, color="#c44e52", linestyle="--", linewidth=2, label=f"mean {mean:.2f}")
        if m.overall.ci is not None:
            ax.axvspan(*m.overall.ci, color="#c44e52", alpha=0.12, label="95% CI")
        o = m.overall
        ax.set_title(
            f"{m.model}  (answered {o.answered} of {o.problems}, accuracy {o.accuracy:.1%})",
            fontsize=10,
        )
        ax.set_ylabel("items")
        ax.legend(loc="upper center", fontsize=8)
    axes[-1].set_xlim(0, 100)
    axes[-1].set_xlabel("EED score")
    fig.suptitle("EED score distribution", fontsize=12)
    sig = summary.signature
    # supxlabel, unlike fig.text, gets room from the constrained layout.
    fig.supxlabel("\n".join(sig[i : i + 130] for i in range(0, len(sig), 130)), fontsize=5)
    # The format is given, so the file gets exactly the name asked for (matplotlib would add
    # ".png" to a name without a suffix).
    fig.savefig(path, dpi=120, format=plot_format(path))
    logger.info("wrote %s", path)

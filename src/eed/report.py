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
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "RENDERERS",
    "GroupStats",
    "ModelSummary",
    "PlotUnavailableError",
    "Summary",
    "bootstrap_ci",
    "plot_histograms",
    "render",
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


@dataclass(frozen=True)
class GroupStats:
    """The figures for one group of items (a model, or a model's tag)."""

    items: int
    mean: float
    ci: tuple[float, float] | None
    accuracy: float  # share of items scoring 100
    parse_failures: int
    timeouts: int
    statuses: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "mean": self.mean,
            "ci95": list(self.ci) if self.ci is not None else None,
            "accuracy": self.accuracy,
            "parse_failures": self.parse_failures,
            "timeouts": self.timeouts,
            "statuses": dict(self.statuses),
        }


@dataclass(frozen=True)
class ModelSummary:
    model: str
    overall: GroupStats
    tags: dict[str, GroupStats] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            **self.overall.to_dict(),
            "tags": {tag: stats.to_dict() for tag, stats in self.tags.items()},
        }


@dataclass(frozen=True)
class Summary:
    signature: str  # the scoring signature plus the bootstrap settings
    models: list[ModelSummary]
    resamples: int
    seed: int
    confidence: float = CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "bootstrap": {
                "resamples": self.resamples,
                "seed": self.seed,
                "confidence": self.confidence,
            },
            "models": [m.to_dict() for m in self.models],
        }


def summary_signature(scoring_signature: str, resamples: int, seed: int) -> str:
    return f"{scoring_signature}|ci:{CONFIDENCE * 100:g}%|boot:{resamples}|seed:{seed}"


def _stats(records: Sequence[Mapping[str, Any]], resamples: int, seed: int) -> GroupStats:
    scores = [float(r["score"]) for r in records]
    statuses: dict[str, int] = {}
    for r in records:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    n = len(scores)
    return GroupStats(
        items=n,
        mean=math.fsum(scores) / n if n else math.nan,
        ci=bootstrap_ci(scores, resamples=resamples, seed=seed),
        accuracy=sum(s >= 100.0 for s in scores) / n if n else math.nan,
        parse_failures=sum(str(r["status"]) in PARSE_FAILURES for r in records),
        timeouts=sum(bool(r.get("timed_out")) or r["status"] == "timeout" for r in records),
        statuses=dict(sorted(statuses.items())),
    )


def summarize(
    records: Iterable[Mapping[str, Any]],
    *,
    signature: str,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> Summary:
    """Figures per model (in order of first appearance) and per tag within each model."""
    by_model: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_model.setdefault(str(r["model"]), []).append(r)
    models = []
    for model, items in by_model.items():
        by_tag: dict[str, list[Mapping[str, Any]]] = {}
        for r in items:
            if r.get("tag") is not None:
                by_tag.setdefault(str(r["tag"]), []).append(r)
        tags = {tag: _stats(by_tag[tag], resamples, seed) for tag in sorted(by_tag)}
        models.append(ModelSummary(model, _stats(items, resamples, seed), tags))
    return Summary(
        signature=summary_signature(signature, resamples, seed),
        models=models,
        resamples=resamples,
        seed=seed,
    )


# Rendering -------------------------------------------------------------------------------------

_HEADER = ("model", "tag", "items", "mean EED", "95% CI", "accuracy", "parse fail", "timeouts")


def _rows(summary: Summary, all_label: str) -> list[tuple[str, str, GroupStats]]:
    rows = []
    for m in summary.models:
        rows.append((m.model, all_label, m.overall))
        rows.extend((m.model, tag, stats) for tag, stats in m.tags.items())
    return rows


def _cells(model: str, tag: str, s: GroupStats) -> list[str]:
    ci = f"[{s.ci[0]:.2f}, {s.ci[1]:.2f}]" if s.ci is not None else "-"
    return [
        model,
        tag,
        str(s.items),
        f"{s.mean:.2f}",
        ci,
        f"{s.accuracy:.1%}",
        str(s.parse_failures),
        str(s.timeouts),
    ]


def render_text(summary: Summary) -> str:
    table = [list(_HEADER)] + [_cells(*row) for row in _rows(summary, "(all)")]
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADER))]
    lines = []
    for row in table:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines.append(f"signature: {summary.signature}")
    return "\n".join(lines) + "\n"


def render_markdown(summary: Summary) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(_HEADER) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * 6) + "|"]
    for row in _rows(summary, "all"):
        lines.append("| " + " | ".join(esc(c) for c in _cells(*row)) + " |")
    lines.append("")
    lines.append(f"Signature: `{summary.signature}`")
    return "\n".join(lines) + "\n"


def render_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "model",
            "tag",
            "items",
            "mean",
            "ci_low",
            "ci_high",
            "accuracy",
            "parse_failures",
            "timeouts",
            "signature",
        ]
    )
    for model, tag, s in _rows(summary, ""):
        lo, hi = s.ci if s.ci is not None else ("", "")
        writer.writerow(
            [
                model,
                tag,
                s.items,
                s.mean,
                lo,
                hi,
                s.accuracy,
                s.parse_failures,
                s.timeouts,
                summary.signature,
            ]
        )
    return out.getvalue()


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), indent=2) + "\n"


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
        ax.set_title(
            f"{m.model}  (n={m.overall.items}, accuracy {m.overall.accuracy:.1%})", fontsize=10
        )
        ax.set_ylabel("items")
        ax.legend(loc="upper center", fontsize=8)
    axes[-1].set_xlim(0, 100)
    axes[-1].set_xlabel("EED score")
    fig.suptitle("EED score distribution", fontsize=12)
    sig = summary.signature
    # supxlabel, unlike fig.text, gets room from the constrained layout.
    fig.supxlabel("\n".join(sig[i : i + 130] for i in range(0, len(sig), 130)), fontsize=5)
    fig.savefig(path, dpi=120)
    logger.info("wrote %s", path)

"""Reports of scored pairs.

- `summary`: figures per model and tag with bootstrap intervals, their text/JSON/CSV/Markdown
  forms, and the histogram plot;
- `bootstrap`: the paired bootstrap test between models (sacreBLEU's ``--paired-bs``);
- `svg`: a tree diff drawn as SVG, with every step of the edit script marked;
- `html`: one self-contained HTML page of a results directory.
"""

from __future__ import annotations

from .bootstrap import Comparison, compare_models, paired_bootstrap, paired_signature
from .summary import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    RENDERERS,
    GroupStats,
    ModelSummary,
    PlotUnavailableError,
    Problem,
    Summary,
    bootstrap_ci,
    missing_notes,
    plot_format,
    plot_histograms,
    render,
    render_comparisons,
    render_json,
    require_matplotlib,
    summarize,
)

__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "RENDERERS",
    "Comparison",
    "GroupStats",
    "ModelSummary",
    "PlotUnavailableError",
    "Problem",
    "Summary",
    "bootstrap_ci",
    "compare_models",
    "missing_notes",
    "paired_bootstrap",
    "paired_signature",
    "plot_format",
    "plot_histograms",
    "render",
    "render_comparisons",
    "render_json",
    "require_matplotlib",
    "summarize",
]

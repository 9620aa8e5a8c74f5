"""One self-contained HTML page of a results directory (``eed-score report DIR``).

The page loads nothing from the network: its CSS and script are inline, and so is the data,
embedded once as JSON (every ``<``, ``>`` and ``&`` escaped, so no answer can close the script
element). The table of items is drawn by the page's script from that JSON, one page of rows at
a time, so ten thousand items open as fast as a hundred.

The headline figures come from ``summary.json`` as ``eed-score`` wrote it, so that the page and
the summary cannot disagree. The tree diffs are drawn here, by `eed.report.svg`, for every item
whose trees were compared: each distinct (ground truth, prediction) pair is explained once, in
worker processes under the same hard walls as scoring, and its SVG stored once; a diff is kept
only when re-running the pair gives the score in ``results.jsonl``.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from ..batch import choose_engine, decide_wall, outcome_of, prepare_wall
from ..config import Config, configured
from ..explain import Explanation, explain_task
from ..io import RESULTS_FILE, RUN_FILE, write_atomic
from ..version import __version__
from .bootstrap import compare_models, paired_signature
from .summary import DEFAULT_RESAMPLES, DEFAULT_SEED
from .svg import DEFAULT_COLLAPSE_DEPTH, DIFF_STYLE, diff_svg

__all__ = [
    "SUMMARY_FILE",
    "ReportError",
    "ReportInputs",
    "build_report",
    "explain_pairs",
    "load_results",
    "pack_svg",
    "run_config",
    "unpack_svg",
    "write_report",
]

logger = logging.getLogger(__name__)

SUMMARY_FILE = "summary.json"
TOP_DIFFERENCES = 10
HIST_BINS = 20


class ReportError(Exception):
    """A results directory that cannot make a report; the message names the file and line."""


@dataclass
class ReportInputs:
    """What a results directory holds."""

    directory: Path
    records: list[dict[str, Any]]
    summary: dict[str, Any]
    run: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # lines of results.jsonl left out, and why


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(
            f"{path}: not found; is this a directory eed-score --output wrote?"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read: {exc}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ReportError(f"{path}: not valid JSON: {exc}") from None


def load_results(directory: str | Path) -> ReportInputs:
    """Read ``results.jsonl``, ``summary.json`` and ``run.json`` of a results directory."""
    d = Path(directory)
    if not d.is_dir():
        raise ReportError(f"{d}: not a directory")
    path = d / RESULTS_FILE
    records: list[dict[str, Any]] = []
    skipped: list[str] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except ValueError:
                    skipped.append(f"{path}:{n}: not JSON")
                    continue
                if not isinstance(r, dict) or not all(k in r for k in ("model", "score")):
                    skipped.append(f"{path}:{n}: not a result (needs 'model' and 'score')")
                    continue
                score = r["score"]
                if (
                    isinstance(score, bool)
                    or not isinstance(score, (int, float))
                    or not math.isfinite(score)
                ):
                    skipped.append(f"{path}:{n}: 'score' is not a finite number")
                    continue
                records.append(r)
    except FileNotFoundError:
        raise ReportError(
            f"{path}: not found; is this a directory eed-score --output wrote?"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read: {exc}") from None
    for s in skipped:
        logger.warning("%s; left out of the report", s)
    summary = _read_json(d / SUMMARY_FILE)
    if not isinstance(summary, dict) or not isinstance(summary.get("models"), list):
        raise ReportError(f"{d / SUMMARY_FILE}: not an eed-score summary (no 'models' list)")
    run_path = d / RUN_FILE
    run = _read_json(run_path) if run_path.exists() else {}
    return ReportInputs(d, records, summary, run if isinstance(run, dict) else {}, skipped)


# Tree diffs ------------------------------------------------------------------------------------


def run_config(run: Mapping[str, Any]) -> Config | None:
    """The config a run was scored with, rebuilt from ``run.json``; None if it cannot be
    rebuilt exactly (another version of eed, say), since a diff under another config would
    explain another score."""
    profile = run.get("profile")
    signature = run.get("signature")
    if not isinstance(profile, str) or not isinstance(signature, str):
        return None
    fields = dict(p.split(":", 1) for p in signature.split("|") if ":" in p)
    answer_type = fields.get("type")
    try:
        config = configured(
            profile,
            answer_type=None if answer_type in (None, "auto") else answer_type,
            extract=bool(run.get("extract", True)),
        )
    except ValueError:
        return None
    return config if config.signature() == signature else None


DiffKey = tuple[str, str]


def _diff_keys(records: Sequence[Mapping[str, Any]]) -> list[DiffKey]:
    """The distinct pairs whose trees were compared, in order of first appearance."""
    seen: dict[DiffKey, None] = {}
    for r in records:
        if r.get("distance") is None or r.get("gt_size") is None:
            continue
        gt, pred = r.get("gt"), r.get("pred")
        if isinstance(gt, str) and isinstance(pred, str):
            seen.setdefault((gt, pred), None)
    return list(seen)


def explain_pairs(
    keys: Sequence[DiffKey],
    config: Config,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[DiffKey, Explanation | str]:
    """Each pair's explanation, or why there is none; in worker processes under hard walls."""
    out: dict[DiffKey, Explanation | str] = {}
    if not keys:
        return out
    wall = 2 * prepare_wall(config) + decide_wall(config)
    engine = choose_engine(workers=workers)
    try:
        futures = [(k, engine.submit(explain_task, (k[0], k[1], config), wall)) for k in keys]
        for done, (k, fut) in enumerate(futures, 1):
            o = outcome_of(fut)
            out[k] = o.value if o.value is not None else f"explaining failed: {o.detail}"
            if progress is not None:
                progress(done, len(keys))
    finally:
        engine.close()
    return out


def _diff_of(
    record: Mapping[str, Any], found: Explanation | str | None, collapse_depth: int
) -> tuple[str | None, str | None]:
    """(SVG, None) or (None, why there is no picture)."""
    if found is None:
        return None, None
    if isinstance(found, str):
        return None, found
    r = found.result
    if found.gt_tree is None or found.pred_tree is None:
        return None, f"no trees on re-running ({r.status.value}: {r.reason})"
    if not math.isclose(r.score, float(record["score"]), rel_tol=0.0, abs_tol=1e-9):
        return None, (
            f"not drawn: re-running gave score {r.score:.4g}, not {float(record['score']):.4g} "
            "(a time budget ran out one of the two times?)"
        )
    caption = f"distance {r.distance:g}, GT size {r.gt_size:g}, score {r.score:.4g}"
    svg = diff_svg(
        found.gt_tree,
        found.pred_tree,
        found.edit_script,
        collapse_depth=collapse_depth,
        caption=caption,
        style=False,
    )
    return svg, None


def pack_svg(svg: str) -> str:
    """An SVG as the page stores it: gzip (no timestamp, so the same bytes every time) in base64.
    A tree diff shrinks about sevenfold; the page unpacks it with the browser's own
    DecompressionStream when the item is opened."""
    return base64.b64encode(gzip.compress(svg.encode("utf-8"), mtime=0)).decode("ascii")


def unpack_svg(packed: str) -> str:
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")


# Figures ---------------------------------------------------------------------------------------


def _histogram_svg(scores: Sequence[float], mean: float | None, ci: Sequence[float] | None) -> str:
    """The score distribution as a small inline SVG bar chart, with the mean and CI marked."""
    w, h, left, bottom = 360.0, 150.0, 34.0, 22.0
    counts = [0] * HIST_BINS
    for s in scores:
        counts[min(HIST_BINS - 1, max(0, int(s / (100.0 / HIST_BINS))))] += 1
    top = max(counts) if counts and max(counts) > 0 else 1
    pw, ph = w - left - 8.0, h - bottom - 10.0
    bw = pw / HIST_BINS

    def x(v: float) -> float:
        return left + pw * v / 100.0

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hist" width="{w:g}" height="{h:g}" '
        f'viewBox="0 0 {w:g} {h:g}" role="img" aria-label="score distribution">'
    ]
    if ci is not None and len(ci) == 2:
        parts.append(
            f'<rect class="ci" x="{x(ci[0]):.1f}" y="10" '
            f'width="{max(1.0, x(ci[1]) - x(ci[0])):.1f}"'
            f' height="{ph:.1f}"><title>95% CI [{ci[0]:.2f}, {ci[1]:.2f}]</title></rect>'
        )
    for i, c in enumerate(counts):
        bh = ph * c / top
        lo = i * 100 // HIST_BINS
        parts.append(
            f'<rect class="bar" x="{left + i * bw + 1:.1f}" y="{10 + ph - bh:.1f}" '
            f'width="{bw - 2:.1f}" height="{bh:.1f}"><title>{lo}–{lo + 100 // HIST_BINS}: '
            f"{c} items</title></rect>"
        )
    if mean is not None:
        parts.append(
            f'<line class="mean" x1="{x(mean):.1f}" x2="{x(mean):.1f}" y1="6" y2="{10 + ph:.1f}">'
            f"<title>mean {mean:.2f} (over the summary's basis)</title></line>"
        )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{left + pw}" y1="{10 + ph:.1f}" y2="{10 + ph:.1f}"/>'
    )
    for v in (0, 25, 50, 75, 100):
        parts.append(f'<text x="{x(v):.1f}" y="{h - 6:.1f}" class="tick">{v}</text>')
    parts.append(f'<text x="4" y="18" class="tick" style="text-anchor:start">{top}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fmt(v: Any, digits: int = 2) -> str:
    return "–" if not isinstance(v, (int, float)) or isinstance(v, bool) else f"{v:.{digits}f}"


def _pct(v: Any) -> str:
    return "–" if not isinstance(v, (int, float)) else f"{100.0 * v:.1f}%"


def _ci(v: Any) -> str:
    if not isinstance(v, list) or len(v) != 2:
        return "–"
    return f"[{_fmt(v[0])}, {_fmt(v[1])}]"


def _figure_cells(model: str, tag: str, s: Mapping[str, Any]) -> str:
    """One row of figures; every cell names its figure so a test can read it back."""

    def cell(name: str, text: str) -> str:
        return (
            f'<td data-model="{escape(model)}" data-tag="{escape(tag)}" data-figure="{name}">'
            f"{escape(text)}</td>"
        )

    return "".join(
        [
            cell("problems", str(s.get("problems", "–"))),
            cell("answered", str(s.get("answered", "–"))),
            cell("missing", str(s.get("missing", "–"))),
            cell("mean", _fmt(s.get("mean"))),
            cell("ci95", _ci(s.get("ci95"))),
            cell("accuracy", _pct(s.get("accuracy"))),
            cell("coverage", _coverage(s)),
            cell("parse_failures", str(s.get("parse_failures", "–"))),
            cell("timeouts", str(s.get("timeouts", "–"))),
        ]
    )


def _coverage(s: Mapping[str, Any]) -> str:
    answered, problems = s.get("answered"), s.get("problems")
    if not isinstance(answered, int) or not isinstance(problems, int) or problems == 0:
        return "–"
    return f"{100.0 * answered / problems:.1f}%"


FIGURE_HEAD = (
    "<tr><th>tag</th><th>problems</th><th>answered</th><th>missing</th><th>mean EED</th>"
    "<th>95% CI</th><th>accuracy</th><th>coverage</th><th>parse fail</th><th>timeouts</th></tr>"
)


def _model_section(m: Mapping[str, Any], scores: Sequence[float]) -> str:
    name = str(m.get("model"))
    rows = [f"<tr><th>(all)</th>{_figure_cells(name, '', m)}</tr>"]
    tags = m.get("tags")
    for tag, s in (tags if isinstance(tags, dict) else {}).items():
        if isinstance(s, dict):
            rows.append(f"<tr><td>{escape(str(tag))}</td>{_figure_cells(name, str(tag), s)}</tr>")
    untagged = m.get("untagged")
    if isinstance(untagged, dict):
        rows.append(f"<tr><td>(untagged)</td>{_figure_cells(name, '(untagged)', untagged)}</tr>")
    mean, ci = m.get("mean"), m.get("ci95")
    ci_ok = isinstance(ci, list) and len(ci) == 2 and all(isinstance(v, (int, float)) for v in ci)
    hist = _histogram_svg(
        scores,
        float(mean) if isinstance(mean, (int, float)) else None,
        ci if ci_ok else None,
    )
    return (
        f'<section class="model" data-model="{escape(name)}"><h3>{escape(name)}</h3>'
        f'<div class="model-body"><table class="figures">{FIGURE_HEAD}{"".join(rows)}</table>'
        f"<figure>{hist}<figcaption>scores of the {len(scores)} answered items "
        f"(red line: mean, shade: 95% CI)</figcaption></figure></div></section>"
    )


def _comparisons(inputs: ReportInputs) -> tuple[list[dict[str, Any]], str]:
    """The paired tests: summary.json's when it has them, else computed with its settings."""
    block = inputs.summary.get("paired_bootstrap")
    if isinstance(block, dict) and isinstance(block.get("comparisons"), list):
        return list(block["comparisons"]), str(block.get("signature", ""))
    boot = inputs.summary.get("bootstrap")
    boot = boot if isinstance(boot, dict) else {}
    resamples, seed = boot.get("resamples"), boot.get("seed")
    resamples = resamples if isinstance(resamples, int) else DEFAULT_RESAMPLES
    seed = seed if isinstance(seed, int) else DEFAULT_SEED
    found = compare_models(inputs.records, resamples=resamples, seed=seed)
    base = str(inputs.run.get("signature", ""))
    return [c.to_dict() for c in found], paired_signature(base, resamples, seed)


def _top_differences(
    records: Sequence[Mapping[str, Any]], a: str, b: str
) -> list[tuple[str, float, float]]:
    by: dict[str, dict[str, float]] = {a: {}, b: {}}
    for r in records:
        m = str(r["model"])
        if m in by and r.get("id") is not None:
            by[m].setdefault(str(r["id"]), float(r["score"]))
    shared = [(k, by[a][k], by[b][k]) for k in by[a] if k in by[b]]
    shared.sort(key=lambda t: -abs(t[2] - t[1]))
    return [t for t in shared if t[2] != t[1]][:TOP_DIFFERENCES]


def _comparison_section(inputs: ReportInputs) -> str:
    comps, signature = _comparisons(inputs)
    if not comps:
        return ""
    rows = []
    details = []
    for c in comps:
        if not isinstance(c, dict):
            continue
        a, b = str(c.get("model_a")), str(c.get("model_b"))
        p = c.get("p_value")
        verdict = (
            "–"
            if not isinstance(p, (int, float))
            else ("significant at 0.05" if p < 0.05 else "not significant at 0.05")
        )
        rows.append(
            f'<tr data-a="{escape(a)}" data-b="{escape(b)}"><td>{escape(a)}</td>'
            f"<td>{escape(b)}</td><td>{escape(str(c.get('shared')))}</td>"
            f"<td>{_fmt(c.get('mean_a'))}</td>"
            f"<td>{_fmt(c.get('mean_b'))}</td><td>{_fmt(c.get('difference'))}</td>"
            f'<td data-figure="p_value">{_fmt(p, 4)}</td><td>{verdict}</td></tr>'
        )
        top = _top_differences(inputs.records, a, b)
        items = "".join(
            f'<tr><td><a href="#" class="goto" data-id="{escape(k)}">{escape(k)}</a></td>'
            f"<td>{sa:.2f}</td><td>{sb:.2f}</td><td>{sb - sa:+.2f}</td></tr>"
            for k, sa, sb in top
        )
        details.append(
            f"<details><summary>{escape(a)} vs {escape(b)}: the {len(top)} shared problems "
            f"where they differ most</summary><table><tr><th>id</th><th>{escape(a)}</th>"
            f"<th>{escape(b)}</th><th>B − A</th></tr>{items}</table></details>"
        )
    return (
        '<section id="compare"><h2>Models compared on the problems they share</h2>'
        "<table><tr><th>model A</th><th>model B</th><th>shared</th><th>mean A</th>"
        "<th>mean B</th><th>B − A</th><th>p-value</th><th></th></tr>"
        f"{''.join(rows)}</table>"
        "<p class=note>Paired bootstrap test on the problems both models answered, as "
        "sacreBLEU's <code>--paired-bs</code>: p is the chance of a difference at least this "
        "large if the models were equally good.</p>"
        f'<p class="sig">signature: <code>{escape(signature)}</code></p>'
        f"{''.join(details)}</section>"
    )


# The page --------------------------------------------------------------------------------------


def _embed_json(data: Any) -> str:
    """JSON safe inside a script element: no ``</script>``, no ``<!--``, no entity."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _item(r: Mapping[str, Any], diff: int | None, why: str | None) -> list[Any]:
    """One item as the page's script reads it: a short array, to keep 10,000 of them small."""
    score = float(r["score"])
    return [
        None if r.get("id") is None else str(r["id"]),
        str(r["model"]),
        None if r.get("tag") is None else str(r["tag"]),
        str(r.get("status", "")),
        score if math.isfinite(score) else 0.0,
        str(r.get("reason", "")),
        str(r.get("gt", "")),
        str(r.get("extracted", r.get("pred", ""))),
        diff,
        why,
    ]


def build_report(
    inputs: ReportInputs,
    *,
    diffs: bool = True,
    workers: int | None = None,
    collapse_depth: int = DEFAULT_COLLAPSE_DEPTH,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """The HTML page of a results directory, as one string."""
    svgs: list[str] = []
    notes: list[str] = list(inputs.skipped)
    items: list[list[Any]] = []
    found: dict[DiffKey, Explanation | str] = {}
    config = run_config(inputs.run)
    if diffs and config is None:
        notes.append(
            "tree diffs are not drawn: run.json's signature is not one this eed "
            f"({__version__}) can rebuild, and a diff under another config would explain "
            "another score"
        )
    elif diffs and config is not None:
        found = explain_pairs(
            _diff_keys(inputs.records), config, workers=workers, progress=progress
        )
    index: dict[str, int] = {}
    for r in inputs.records:
        gt, pred = r.get("gt"), r.get("pred")
        exp = found.get((gt, pred)) if isinstance(gt, str) and isinstance(pred, str) else None
        svg, why = _diff_of(r, exp, collapse_depth)
        at = None
        if svg is not None:
            at = index.get(svg)
            if at is None:
                at = index[svg] = len(svgs)
                svgs.append(pack_svg(svg))
        items.append(_item(r, at, why))
    scores: dict[str, list[float]] = {}
    for r in inputs.records:
        scores.setdefault(str(r["model"]), []).append(float(r["score"]))
    models = [m for m in inputs.summary.get("models", []) if isinstance(m, dict)]
    sections = "".join(_model_section(m, scores.get(str(m.get("model")), [])) for m in models)
    data = {"items": items, "diffs": svgs}
    title = f"EED report: {inputs.directory.name or inputs.directory}"
    notes_html = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return _PAGE.format(
        title=escape(title),
        style=_STYLE + DIFF_STYLE,
        script=_SCRIPT,
        data=_embed_json(data),
        signature=escape(str(inputs.summary.get("signature", ""))),
        basis=escape(str(inputs.summary.get("mean_over", "all"))),
        count=len(items),
        models=sections,
        compare=_comparison_section(inputs),
        notes=f'<ul class="notes">{notes_html}</ul>' if notes else "",
        version=escape(__version__),
    )


def write_report(inputs: ReportInputs, path: str | Path, **options: Any) -> int:
    """Write the page to ``path`` (whole or not at all); returns its size in bytes."""
    text = build_report(inputs, **options)
    write_atomic(path, text)
    return len(text.encode("utf-8"))


_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;
max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin-top:28px}h3{font-size:16px;margin:8px 0}
table{border-collapse:collapse;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #e3e6ea;text-align:right}
th:first-child,td:first-child{text-align:left}
.sig,.note{color:#555;font-size:12px}.sig code{word-break:break-all}
.model{border:1px solid #dfe3e8;border-radius:8px;padding:8px 14px;margin:12px 0}
.model-body{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
figure{margin:0}figcaption{font-size:11px;color:#666}
.hist .bar{fill:#4c72b0}.hist .ci{fill:#c44e52;opacity:.15}.hist .mean{stroke:#c44e52;
stroke-width:2;stroke-dasharray:4 2}.hist .axis{stroke:#888}.hist .tick{font-size:10px;
text-anchor:middle;fill:#555}
#controls{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0;font-size:13px}
#items{width:100%}#items td,#items th{text-align:left;vertical-align:top}
#items tr.item{cursor:pointer}#items tr.item:hover{background:#f3f6fb}
#items td.score{text-align:right;font-variant-numeric:tabular-nums}
#items td.latex code{display:block;max-width:420px;white-space:pre-wrap;word-break:break-all;
font-size:12px}
tr.detail td{background:#fafbfc}.detail .diff{overflow:auto;max-width:100%;border:1px solid
#e3e6ea;background:#fff}
.detail pre{white-space:pre-wrap;word-break:break-all;background:#f4f5f7;padding:6px;margin:4px 0}
.status{font-size:11px;padding:1px 6px;border-radius:8px;background:#eef}
.status-equivalent{background:#dcf5e3}.status-scored{background:#fff1cc}
.notes{color:#8a4b00}
"""

_SCRIPT = r"""
(function(){
"use strict";
var DATA=JSON.parse(document.getElementById("eed-data").textContent);
var ITEMS=DATA.items, DIFFS=DATA.diffs, PAGE=100;
var F={id:0,model:1,tag:2,status:3,score:4,reason:5,gt:6,pred:7,diff:8,why:9};
var state={model:"",tag:"",status:"",sort:"asc",page:0,open:-1};
var view=[];
function el(tag,attrs,text){var e=document.createElement(tag);
  if(attrs){for(var k in attrs){e.setAttribute(k,attrs[k]);}}
  if(text!==undefined&&text!==null){e.textContent=text;}return e;}
function fill(id,values){var s=document.getElementById(id);
  values.forEach(function(v){var o=el("option",{value:v},v===""?"(none)":v);s.appendChild(o);});}
function distinct(f){var seen={},out=[];ITEMS.forEach(function(it){var v=it[f]===null?"":it[f];
  if(!(v in seen)){seen[v]=1;out.push(v);}});return out.sort();}
function apply(){
  view=[];
  for(var i=0;i<ITEMS.length;i++){var it=ITEMS[i];
    if(state.model&&it[F.model]!==state.model)continue;
    if(state.tag&&(it[F.tag]===null?"":it[F.tag])!==state.tag.slice(1))continue;
    if(state.status&&it[F.status]!==state.status)continue;
    view.push(i);}
  var dir=state.sort==="desc"?-1:1;
  view.sort(function(a,b){var d=ITEMS[a][F.score]-ITEMS[b][F.score];return d!==0?dir*d:a-b;});
  render();}
var UNPACKED={};
function svgOf(k){
  // Diffs are stored gzipped (base64); the browser unpacks one when its item is opened.
  if(!(k in UNPACKED)){
    if(typeof DecompressionStream==="undefined"){
      return Promise.reject("it has no DecompressionStream");}
    var bin=atob(DIFFS[k]),bytes=new Uint8Array(bin.length);
    for(var j=0;j<bin.length;j++){bytes[j]=bin.charCodeAt(j);}
    var stream=new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    UNPACKED[k]=new Response(stream).text();}
  return UNPACKED[k];}
function detail(i){
  var it=ITEMS[i],td=el("td",{colspan:"6"});
  td.appendChild(el("div",null,"ground truth (LaTeX source; no offline renderer is bundled):"));
  td.appendChild(el("pre",{"class":"gt"},it[F.gt]));
  td.appendChild(el("div",null,"prediction, as extracted:"));
  td.appendChild(el("pre",{"class":"pred"},it[F.pred]));
  td.appendChild(el("div",{"class":"reason"},"reason: "+it[F.reason]));
  if(it[F.diff]!==null){var d=el("div",{"class":"diff"},"drawing the tree diff…");
    td.appendChild(d);svgOf(it[F.diff]).then(function(svg){d.innerHTML=svg;},function(e){
      d.textContent="cannot show the tree diff in this browser: "+e;});}
  else{td.appendChild(el("div",{"class":"nodiff note"},it[F.why]||
    "no tree diff: the trees were not compared (equivalent, unreadable, or not an expression)"));}
  var tr=el("tr",{"class":"detail","data-index":String(i)});tr.appendChild(td);return tr;}
function render(){
  var body=document.getElementById("rows");body.textContent="";
  var pages=Math.max(1,Math.ceil(view.length/PAGE));
  if(state.page>=pages)state.page=pages-1;
  var start=state.page*PAGE,end=Math.min(view.length,start+PAGE);
  for(var k=start;k<end;k++){var i=view[k],it=ITEMS[i];
    var tr=el("tr",{"class":"item","data-index":String(i)});
    tr.appendChild(el("td",null,it[F.id]===null?"–":it[F.id]));
    tr.appendChild(el("td",null,it[F.model]));
    tr.appendChild(el("td",null,it[F.tag]===null?"":it[F.tag]));
    var st=el("td");st.appendChild(el("span",{"class":"status status-"+it[F.status]},it[F.status]));
    tr.appendChild(st);
    tr.appendChild(el("td",{"class":"score"},it[F.score].toFixed(2)));
    var lt=el("td",{"class":"latex"});lt.appendChild(el("code",null,it[F.pred]));tr.appendChild(lt);
    body.appendChild(tr);
    if(state.open===i){body.appendChild(detail(i));}}
  document.getElementById("shown").textContent=view.length+" of "+ITEMS.length+" items";
  document.getElementById("page").textContent="page "+(state.page+1)+" of "+pages;
  document.body.setAttribute("data-rendered",String(view.length));}
function bind(id,key){document.getElementById(id).addEventListener("change",function(e){
  state[key]=e.target.value;state.page=0;state.open=-1;apply();});}
function init(){
  fill("f-model",distinct(F.model));
  var tags=distinct(F.tag).map(function(t){return "="+t;});
  var s=document.getElementById("f-tag");
  tags.forEach(function(v){s.appendChild(el("option",{value:v},v==="="?"(untagged)":v.slice(1)));});
  fill("f-status",distinct(F.status));
  bind("f-model","model");bind("f-tag","tag");bind("f-status","status");bind("f-sort","sort");
  document.getElementById("prev").addEventListener("click",function(){
    if(state.page>0){state.page--;render();}});
  document.getElementById("next").addEventListener("click",function(){
    state.page++;render();});
  document.getElementById("rows").addEventListener("click",function(e){
    var tr=e.target.closest("tr.item");if(!tr)return;var i=+tr.getAttribute("data-index");
    state.open=state.open===i?-1:i;render();});
  document.addEventListener("click",function(e){var a=e.target.closest("a.goto");if(!a)return;
    e.preventDefault();var id=a.getAttribute("data-id");state.model="";state.tag="";
    state.status="";["f-model","f-tag","f-status"].forEach(function(x){
      document.getElementById(x).value="";});apply();
    for(var k=0;k<view.length;k++){if(ITEMS[view[k]][F.id]===id){state.page=Math.floor(k/PAGE);
      state.open=view[k];break;}}render();
    document.getElementById("table").scrollIntoView();});
  apply();
  window.eedReport={state:state,apply:apply,render:render,items:ITEMS};}
init();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title><style>{style}</style></head>
<body data-rendered="">
<h1>{title}</h1>
<p class="sig">Made by eed {version}. Means are over the basis <b>{basis}</b>. Signature:
<code id="signature">{signature}</code></p>
{notes}
<h2>Models</h2>
{models}
{compare}
<h2 id="table">Items</h2>
<div id="controls">
<label>model <select id="f-model"><option value="">all</option></select></label>
<label>tag <select id="f-tag"><option value="">all</option></select></label>
<label>status <select id="f-status"><option value="">all</option></select></label>
<label>sort by score <select id="f-sort"><option value="asc">lowest first</option>
<option value="desc">highest first</option></select></label>
<button id="prev" type="button">previous</button><span id="page"></span>
<button id="next" type="button">next</button><span id="shown"></span>
</div>
<p class="note">Click a row to see both answers, the reason and the tree diff.
The {count} items are embedded once, as JSON, and drawn a page at a time.</p>
<table id="items"><thead><tr><th>id</th><th>model</th><th>tag</th><th>status</th>
<th>score</th><th>prediction</th></tr></thead><tbody id="rows"></tbody></table>
<script type="application/json" id="eed-data">{data}</script>
<script>{script}</script>
</body></html>
"""

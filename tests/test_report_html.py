"""The paired bootstrap test, and ``eed-score report``: one self-contained HTML page, checked
as text and in a real (headless) browser."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from browser import SKIP_REASON, find_chromium, run_chromium, with_script
from eed.cli import main
from eed.report import compare_models, paired_bootstrap
from eed.report.html import ReportError, unpack_svg

ROOT = Path(__file__).resolve().parents[1]

# Paired bootstrap ------------------------------------------------------------------------------


def sacrebleu_style_p(a: list[float], b: list[float], resamples: int, seed: int) -> float:
    """The test as sacreBLEU's paired-bs computes it, written plainly: shared indices, absolute
    differences of means, centred, counted against the observed difference."""
    x, y = np.asarray(a), np.asarray(b)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(x), size=(resamples, len(x)))
    sample = np.abs(y[idx].mean(axis=1) - x[idx].mean(axis=1))
    stats = sample - sample.mean()
    return (int(np.sum(stats > abs(y.mean() - x.mean()))) + 1) / (resamples + 1)


def test_paired_bootstrap_follows_sacrebleu() -> None:
    rng = np.random.default_rng(0)
    for n in (5, 40, 300):
        a = list(rng.uniform(0, 100, n))
        b = [v + d for v, d in zip(a, rng.normal(3.0, 20.0, n), strict=True)]
        p = paired_bootstrap(a, b, resamples=1000, seed=12345)
        assert p == sacrebleu_style_p(a, b, 1000, 12345)
        assert p == paired_bootstrap(a, b, resamples=1000, seed=12345)  # seeded
        assert p is not None and 1 / 1001 <= p <= 1.0


def test_paired_bootstrap_tells_a_real_difference_from_none() -> None:
    rng = np.random.default_rng(1)
    a = list(rng.uniform(0, 60, 200))
    better = [min(100.0, v + 30.0) for v in a]
    assert paired_bootstrap(a, better, resamples=1000, seed=3) == pytest.approx(1 / 1001)
    noisy = [v + d for v, d in zip(a, rng.normal(0.0, 5.0, 200), strict=True)]
    p = paired_bootstrap(a, noisy, resamples=1000, seed=3)
    assert p is not None and p > 0.05
    assert paired_bootstrap(a, a, resamples=1000, seed=3) == 1.0  # nothing differs
    assert paired_bootstrap([], [], resamples=1000, seed=3) is None
    assert paired_bootstrap(a, a, resamples=0, seed=3) is None
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 2.0], resamples=10, seed=3)


def test_comparisons_use_only_the_shared_problems() -> None:
    records = [
        {"model": "a", "id": 1, "score": 100.0},
        {"model": "a", "id": 2, "score": 0.0},
        {"model": "a", "id": 3, "score": 50.0},  # b has no answer for 3
        {"model": "b", "id": 1, "score": 20.0},
        {"model": "b", "id": 2, "score": 40.0},
        {"model": "b", "id": None, "score": 90.0},  # no id: shares nothing
    ]
    (c,) = compare_models(records, resamples=200, seed=5)
    assert (c.model_a, c.model_b, c.shared) == ("a", "b", 2)
    assert (c.mean_a, c.mean_b, c.difference) == (50.0, 30.0, -20.0)
    assert c.p_value == paired_bootstrap([100.0, 0.0], [20.0, 40.0], resamples=200, seed=5)


# A results directory ---------------------------------------------------------------------------

GT = [
    {"id": 1, "tag": "MECHANICS", "answer": r"\frac{1}{2} m v^2"},
    {"id": 2, "tag": "MECHANICS", "answer": r"2 \pi \sqrt{\frac{L}{g}}"},
    {"id": 3, "tag": "OPTICS", "answer": r"\frac{c}{n}"},
    {"id": 4, "tag": "OPTICS", "answer": r"a x^2 + b x + \sin(\theta)"},
    {"id": 5, "tag": "ELECTRICITY", "answer": r"\frac{q}{4 \pi \varepsilon_0 r^2}"},
    {"id": 6, "tag": "ELECTRICITY", "answer": r"\frac{\mu_0 I}{2 \pi r}"},
]
ANSWERS = [
    {"id": 1, "model": "alpha", "model_answer": r"\boxed{\frac{m v^2}{2}}"},
    {"id": 2, "model": "alpha", "model_answer": r"\boxed{2 \pi \sqrt{\frac{L}{g}}}"},
    {"id": 3, "model": "alpha", "model_answer": r"\boxed{\frac{c}{n^2}}"},
    {"id": 4, "model": "alpha", "model_answer": r"\boxed{a x^3 + b x + \cos(\theta)}"},
    {"id": 5, "model": "alpha", "model_answer": r"\boxed{\frac{q}{4 \pi \varepsilon_0 r^2}}"},
    {"id": 1, "model": "beta", "model_answer": r"\boxed{m v}"},
    {"id": 2, "model": "beta", "model_answer": r"</script><script>document.title='x'</script>"},
    {"id": 3, "model": "beta", "model_answer": r"\boxed{\frac{c}{n}}"},
    {"id": 4, "model": "beta", "model_answer": r"\boxed{x^2 + g h k}"},
    {"id": 6, "model": "beta", "model_answer": r"\boxed{\frac{\mu_0 I N}{2 r}}"},
]


def eed(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eed", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("report")
    (d / "gt.json").write_text(json.dumps(GT), "utf-8")
    (d / "answers.json").write_text(json.dumps(ANSWERS), "utf-8")
    done = eed("gt.json", "answers.json", "-o", "run", "--workers", "1", "--paired-bs", cwd=d)
    assert done.returncode == 0, done.stderr
    assert "p-value" in done.stdout and "paired-bs:1000|seed:12345" in done.stdout
    return d / "run"


@pytest.fixture(scope="module")
def report(run_dir: Path) -> Path:
    out = run_dir.parent / "report.html"
    done = eed("report", run_dir, "-o", out, "--workers", "1", cwd=run_dir.parent)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr
    return out


def embedded(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="eed-data">(.*?)</script>', page, re.S)
    assert m is not None
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_summary_holds_the_p_values(run_dir: Path) -> None:
    summary = json.loads((run_dir / "summary.json").read_text("utf-8"))
    block = summary["paired_bootstrap"]
    assert block["signature"].endswith("|paired-bs:1000|seed:12345")
    (c,) = block["comparisons"]
    rows = [json.loads(line) for line in (run_dir / "results.jsonl").read_text().splitlines()]
    a = {r["id"]: r["score"] for r in rows if r["model"] == "alpha"}
    b = {r["id"]: r["score"] for r in rows if r["model"] == "beta"}
    shared = [k for k in a if k in b]
    assert (c["model_a"], c["model_b"]) == ("alpha", "beta")
    assert c["shared"] == len(shared) == 4
    want = paired_bootstrap(
        [a[k] for k in shared], [b[k] for k in shared], resamples=1000, seed=12345
    )
    assert c["p_value"] == want


def test_report_is_one_self_contained_file(report: Path, run_dir: Path) -> None:
    page = report.read_text("utf-8")
    # Nothing is fetched: no external script, stylesheet, image or font.
    assert not re.search(r'(src|href)\s*=\s*"(?!#)', page)
    assert "@import" not in page and "url(" not in page
    assert set(re.findall(r"https?://[\w./-]+", page)) <= {"http://www.w3.org/2000/svg"}
    # The answer that tries to close the script element stays data.
    assert page.count("</script>") == 2
    data = embedded(page)
    rows = [json.loads(line) for line in (run_dir / "results.jsonl").read_text().splitlines()]
    assert len(data["items"]) == len(rows)
    assert any("</script>" in str(item[7]) for item in data["items"])
    # Every item whose trees were compared has its diff; the others have none.
    for item, r in zip(data["items"], rows, strict=True):
        assert (item[8] is not None) == (r["distance"] is not None), (item, r)
    svgs = [unpack_svg(s) for s in data["diffs"]]
    assert svgs and all("data-tree" in s for s in svgs)
    assert any('data-op="' in s for s in svgs)


def test_report_of_a_bad_directory_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.html")]) == 3
    assert "nowhere: not a directory" in capsys.readouterr().err
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "results.jsonl").write_text('{"model": "m", "score": 1}\nnot json\n')
    assert main(["report", str(tmp_path / "run"), "-o", str(tmp_path / "r.html")]) == 3
    err = capsys.readouterr().err
    assert "summary.json: not found" in err and "results.jsonl:2: not JSON" in err
    assert not (tmp_path / "r.html").exists()


# In a browser ----------------------------------------------------------------------------------

# Run after the page's own script: read the figures back, filter, open an item.
CHECKS = r"""
(function(){
  var out={figures:[],p:[]};
  document.querySelectorAll("td[data-figure]").forEach(function(td){
    out.figures.push([td.getAttribute("data-model")||"",td.getAttribute("data-tag")||"",
      td.getAttribute("data-figure"),td.textContent]);});
  document.querySelectorAll("#compare td[data-figure=p_value]").forEach(function(td){
    out.p.push(td.textContent);});
  function rows(){return document.querySelectorAll("#rows tr.item").length;}
  out.before=rows();
  var sel=document.getElementById("f-model");sel.value="beta";
  sel.dispatchEvent(new Event("change"));
  out.after_model=rows();
  var st=document.getElementById("f-status");st.value="scored";
  st.dispatchEvent(new Event("change"));
  out.after_status=rows();
  var first=document.querySelector("#rows tr.item");
  out.opened_id=first.children[0].textContent;
  first.click();
  var tries=0;
  function finish(){
    // The diff is unpacked asynchronously: wait for it (or give up after 200 tries).
    var detail=document.querySelector("#rows tr.detail");
    if(detail&&!detail.querySelector("svg.eed-diff")&&++tries<200){setTimeout(finish,10);return;}
    out.marks=[];
    if(detail){detail.querySelectorAll("[data-op]").forEach(function(m){
      out.marks.push([m.getAttribute("data-op"),m.getAttribute("data-side"),
        m.getAttribute("data-path")]);});
      out.detail_svg=detail.querySelectorAll("svg.eed-diff").length;
      out.detail_text=detail.textContent;}
    out.title=document.title;
    var pre=document.createElement("pre");pre.id="eed-test";
    pre.textContent=JSON.stringify(out);document.body.appendChild(pre);}
  finish();
})();
"""


def fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


def expected_figures(summary: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    want = {}
    for m in summary["models"]:
        groups = [("", m), *list(m["tags"].items())]
        for tag, s in groups:
            key = (m["model"], tag)
            want[(*key, "mean")] = fmt(s["mean"])
            want[(*key, "ci95")] = f"[{fmt(s['ci95'][0])}, {fmt(s['ci95'][1])}]"
            want[(*key, "accuracy")] = f"{100 * s['accuracy']:.1f}%"
            want[(*key, "coverage")] = f"{100 * s['answered'] / s['problems']:.1f}%"
            for k in ("problems", "answered", "missing", "parse_failures", "timeouts"):
                want[(*key, k)] = str(s[k])
    return want


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(SKIP_REASON)
    return found


def test_report_in_a_browser(report: Path, run_dir: Path, chromium: str, tmp_path: Path) -> None:
    page = with_script(report.read_text("utf-8"), CHECKS)
    probe = tmp_path / "probe.html"
    probe.write_text(page, "utf-8")
    dom, _ = run_chromium(
        chromium,
        probe.as_uri(),
        ["--virtual-time-budget=10000", "--dump-dom"],
        profile=tmp_path / "profile",
    )
    m = re.search(r'<pre id="eed-test">(.*?)</pre>', dom, re.S)
    assert m is not None, dom[-2000:]
    seen = json.loads(html.unescape(m.group(1)))

    # The figures on the page are summary.json's.
    summary = json.loads((run_dir / "summary.json").read_text("utf-8"))
    shown = {(mo, tag, f): text for mo, tag, f, text in seen["figures"]}
    want = expected_figures(summary)
    assert {k: shown.get(k) for k in want} == want
    comps = summary["paired_bootstrap"]["comparisons"]
    assert seen["p"] == [f"{c['p_value']:.4f}" for c in comps]

    # Filters narrow the table.
    rows = [json.loads(line) for line in (run_dir / "results.jsonl").read_text().splitlines()]
    assert seen["before"] == len(rows)
    assert seen["after_model"] == sum(r["model"] == "beta" for r in rows) < len(rows)
    beta_scored = [r for r in rows if r["model"] == "beta" and r["status"] == "scored"]
    assert seen["after_status"] == len(beta_scored) < seen["after_model"]

    # The first row (lowest score first) opens its tree diff, marked as the script says.
    first = min(beta_scored, key=lambda r: r["score"])
    assert seen["opened_id"] == str(first["id"])
    assert seen["detail_svg"] == 1 and seen["marks"]
    from eed.explain import explain_task
    from eed.report.html import run_config

    run = json.loads((run_dir / "run.json").read_text("utf-8"))
    config = run_config(run)
    assert config is not None
    found = explain_task(first["gt"], first["pred"], config)
    want_marks = []
    for op in found.edit_script:
        if op.op in ("delete", "delete_subtree", "rename"):
            want_marks.append([op.op, "pred", "/".join(map(str, op.source_path)) or "root"])
        if op.op in ("insert", "insert_subtree", "rename"):
            want_marks.append([op.op, "gt", "/".join(map(str, op.target_path)) or "root"])
    assert sorted(seen["marks"]) == sorted(want_marks)
    assert first["reason"] in seen["detail_text"]
    # The answer that tried to close the script element did not run.
    assert seen["title"].startswith("EED report")

    # The screenshot in docs/report.md comes from this test: an item open below the figures.
    shot = tmp_path / "report.png"
    opened = with_script(
        report.read_text("utf-8"),
        'var s=document.getElementById("f-status");s.value="scored";'
        's.dispatchEvent(new Event("change"));document.querySelector("#rows tr.item").click();',
    )
    (tmp_path / "shot.html").write_text(opened, "utf-8")
    run_chromium(
        chromium,
        (tmp_path / "shot.html").as_uri(),
        ["--virtual-time-budget=10000", "--window-size=1280,1900", f"--screenshot={shot}"],
        profile=tmp_path / "profile2",
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    if os.environ.get("EED_UPDATE_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "report.png")


def test_a_damaged_summary_still_makes_a_page(tmp_path: Path) -> None:
    """Whatever summary.json and results.jsonl hold, the page is made or the error named."""
    from eed.report.html import build_report, load_results

    run = tmp_path / "run"
    run.mkdir()
    lines = [
        {"model": "m", "id": 1, "score": 50.0, "status": "scored", "tag": ["odd"]},
        {"model": {"odd": 1}, "id": None, "score": 10, "status": None},
        {"model": "m", "id": 2, "score": float("nan")},  # not a finite score: left out
    ]
    (run / "results.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    junk = {
        "models": [
            {"model": "m", "tags": [1], "ci95": "x", "mean": "y", "untagged": 3},
            {"model": "n", "tags": {"T": "not figures"}, "ci95": [1, "z"]},
            "not a model",
        ],
        "bootstrap": "z",
        "paired_bootstrap": {"comparisons": [{"model_a": 1}, 7]},
    }
    (run / "summary.json").write_text(json.dumps(junk))
    (run / "run.json").write_text('{"signature": 3}')
    inputs = load_results(run)
    assert len(inputs.records) == 2 and "'score' is not a finite number" in inputs.skipped[0]
    page = build_report(inputs, diffs=True)
    assert len(embedded(page)["items"]) == 2
    assert "tree diffs are not drawn" in page  # run.json names no config this eed can rebuild
    (run / "summary.json").write_text("[1, 2]")
    with pytest.raises(ReportError, match="not an eed-score summary"):
        load_results(run)


def test_summary_has_comparisons_only_with_two_models() -> None:
    from eed.report import render_comparisons, summarize

    one = [{"model": "a", "id": k, "score": float(k), "status": "scored"} for k in range(5)]
    two = one + [{"model": "b", "id": k, "score": 100.0, "status": "scored"} for k in range(5)]
    alone = summarize(one, signature="sig", resamples=100, seed=9)
    assert "paired_bootstrap" not in alone.to_dict()
    assert "needs two models" in render_comparisons(alone)
    pair = summarize(two, signature="sig", resamples=100, seed=9).to_dict()["paired_bootstrap"]
    assert pair["signature"] == "sig|paired-bs:100|seed:9"
    assert pair["comparisons"][0]["p_value"] == paired_bootstrap(
        [float(k) for k in range(5)], [100.0] * 5, resamples=100, seed=9
    )

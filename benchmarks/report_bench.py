"""Size of an ``eed-score report`` page and its time to open in headless Chromium.

It scores the bundled sample once (PHYBench's public problems and the two sample models), then
makes results directories of N items by repeating those results under new ids and five model
names (summary.json recomputed for them, as eed-score would write it), and for each:

- builds the report (tree diffs included) and records its size;
- opens it in headless Chromium and reads, from the page itself, the milliseconds from
  navigation start until the first page of the table is drawn, and how long a filter change and
  opening an item take; and the browser's wall time for the whole load (start-up included).

Repeating the sample makes few distinct tree diffs, and each is stored once, so the
``every-diff-distinct`` row re-embeds one copy per compared item: the size a run of that many
different answers would have.

    python benchmarks/report_bench.py                 # 100 and 10,000 items
    python benchmarks/report_bench.py --items 100 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import find_chromium, run_chromium, with_script  # noqa: E402
from eed import cli  # noqa: E402
from eed.report import render_json, summarize  # noqa: E402
from eed.report.html import load_results, pack_svg, unpack_svg, write_report  # noqa: E402

MODELS = 5

PROBE = r"""
(function(){
  var out={open_ms:performance.now(),rows:document.querySelectorAll("#rows tr.item").length};
  var t=performance.now();
  var sel=document.getElementById("f-model");sel.value=sel.options[1].value;
  sel.dispatchEvent(new Event("change"));
  out.filter_ms=performance.now()-t;
  var st=document.getElementById("f-status");st.value="scored";
  st.dispatchEvent(new Event("change"));
  t=performance.now();
  var row=document.querySelector("#rows tr.item");if(row){row.click();}
  var tries=0;
  function done(){
    // The diff is unpacked asynchronously; the time runs until it is on the page.
    if(!document.querySelector("#rows tr.detail svg")&&++tries<500){setTimeout(done,2);return;}
    out.open_item_ms=performance.now()-t;
    out.diff_shown=document.querySelectorAll("#rows tr.detail svg").length;
    var pre=document.createElement("pre");pre.id="bench";pre.textContent=JSON.stringify(out);
    document.body.appendChild(pre);}
  done();
})();
"""


def score_sample(work: Path) -> Path:
    from importlib import resources

    data = resources.files("eed") / "data"
    for name in ("phybench_public.json", "sample_answers.json"):
        (work / name).write_bytes((data / name).read_bytes())
    run = work / "sample-run"
    argv = [
        str(work / "phybench_public.json"),
        str(work / "sample_answers.json"),
        "--profile",
        "phybench",
        "--output",
        str(run),
        "--quiet",
    ]
    code = cli.main(argv)
    if code != 0:
        raise SystemExit(f"scoring the sample failed with exit code {code}")
    return run


def grow(sample: Path, n: int, out: Path) -> Path:
    """A results directory of ``n`` items made from the sample's results."""
    rows = [json.loads(line) for line in (sample / "results.jsonl").read_text().splitlines()]
    run = json.loads((sample / "run.json").read_text())
    out.mkdir()
    records = []
    for k in range(n):
        r = dict(rows[k % len(rows)])
        r["model"] = f"model-{k % MODELS}"
        r["id"] = f"p{k // MODELS}"
        records.append(r)
    (out / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (out / "run.json").write_text(json.dumps(run))
    summary = summarize(records, signature=run["signature"])
    (out / "summary.json").write_text(render_json(summary))
    return out


def every_diff_distinct(page: str) -> str:
    """The page with one stored diff per compared item, as if every answer differed."""
    m = re.search(r'(<script type="application/json" id="eed-data">)(.*?)(</script>)', page, re.S)
    assert m is not None
    data = json.loads(m.group(2))
    diffs: list[str] = []
    for i, item in enumerate(data["items"]):
        if item[8] is not None:
            diffs.append(pack_svg(unpack_svg(data["diffs"][item[8]]) + f"<!--{i}-->"))
            item[8] = len(diffs) - 1
    data["diffs"] = diffs
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return page[: m.start(2)] + text + page[m.end(2) :]


def measure(browser: str, page: Path, work: Path, repeat: int) -> dict[str, Any]:
    probe = work / (page.stem + "-probe.html")
    probe.write_text(with_script(page.read_text("utf-8"), PROBE), "utf-8")
    runs = []
    for k in range(repeat):
        dom, wall = run_chromium(
            browser,
            probe.as_uri(),
            ["--virtual-time-budget=30000", "--dump-dom"],
            profile=work / f"profile-{page.stem}-{k}",
            timeout=600,
        )
        m = re.search(r'<pre id="bench">(.*?)</pre>', dom, re.S)
        if m is None:
            raise SystemExit(f"{page}: the probe did not run")
        found = json.loads(html.unescape(m.group(1)))
        found["wall_s"] = wall
        runs.append(found)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    browser = find_chromium()
    if browser is None:
        print("no headless Chromium on PATH; install the system package", file=sys.stderr)
        return 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample = score_sample(work)
        for n in args.items:
            d = grow(sample, n, work / f"run-{n}")
            page = work / f"report-{n}.html"
            start = time.perf_counter()
            write_report(load_results(d), page, workers=args.workers)
            build = time.perf_counter() - start
            distinct = work / f"report-{n}-distinct.html"
            distinct.write_text(every_diff_distinct(page.read_text("utf-8")), "utf-8")
            for label, p in (("as built", page), ("every diff distinct", distinct)):
                figures = measure(browser, p, work, args.repeat)
                rows.append((n, label, p.stat().st_size, build, figures))
                print(n, label, p.stat().st_size, f"{build:.1f}s", figures, flush=True)
    print()
    print(
        "| items | diffs stored | size (MB) | build (s) | open: table drawn (ms) "
        "| filter (ms) | open an item (ms) | browser wall (s) |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n, label, size, build, f in rows:
        built = f"{build:.1f}" if label == "as built" else ""
        print(
            f"| {n:,} | {label} | {size / 1e6:.2f} | {built} "
            f"| {f['open_ms']:.0f} | {f['filter_ms']:.1f} | {f['open_item_ms']:.1f} "
            f"| {f['wall_s']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

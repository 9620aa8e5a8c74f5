"""Run the eed-score command on the bundled sample and leave everything where you can look at it.

It copies PHYBench's public problems and the sample answers (both ship with the package, so no
network is needed) into ``demo-output/``, scores them into ``demo-output/run/``, writes the
run's HTML report to ``demo-output/report.html`` (and prints its path), and prints commands that
work as printed from the current directory.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from importlib import resources
from pathlib import Path

from eed import cli

OUT = Path("demo-output")
FILES = ("phybench_public.json", "sample_answers.json")


def command_name() -> str:
    """How to call eed-score from here: the console script beside this Python, else -m eed."""
    script = Path(sys.executable).parent / "eed-score"
    if shutil.which("eed-score") == str(script):
        return "eed-score"
    if script.exists():
        return shlex.quote(_relative(script))
    return f"{shlex.quote(_relative(Path(sys.executable)))} -m eed"


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    data = resources.files("eed") / "data"
    for name in FILES:
        (OUT / name).write_bytes((data / name).read_bytes())
    run = OUT / "run"
    if (run / "run.json").exists():
        shutil.rmtree(run)  # a fresh run each time; only the demo writes here
    gt, answers = (str(OUT / name) for name in FILES)
    argv = [gt, answers, "--profile", "phybench", "--output", str(run)]
    eed = command_name()
    print(f"$ {eed} {shlex.join(argv)}\n", flush=True)
    code = cli.main(argv)
    if code != 0:
        return code
    # A taste of the per-item output: one JSON line per pair.
    results = run / "results.jsonl"
    print(f"\nfirst lines of {results} (abridged):")
    with open(results, encoding="utf-8") as fh:
        for line, _ in zip(fh, range(3), strict=False):
            r = json.loads(line)
            print(
                f"  {r['model']} id={r['id']}: score {r['score']:.2f} ({r['status']}), "
                f"extracted {r['extracted'][:48]!r}"
            )
    # The whole run as one HTML page: figures, the two models compared, every item and its
    # tree diff. It loads nothing from the network, so it opens offline.
    report = OUT / "report.html"
    report_argv = ["report", str(run), "-o", str(report)]
    print(f"\n$ {eed} {shlex.join(report_argv)}", flush=True)
    code = cli.main(report_argv)
    if code != 0:
        return code
    print(f"\nreport: {report.resolve()}")
    print(f"\nEverything is in {OUT}/. To look further:")
    print(f"  cat {run / 'summary.json'}")
    print(f"  {eed} {shlex.join(argv)} --only-answered")
    print(f"  {eed} explain '\\frac{{1}}{{2}} m v^2' 'm v^2/2'")
    print(f"  {eed} explain '\\frac{{m v^2}}{{r}}' '\\frac{{m v}}{{r^2}}' --svg diff.svg")
    print(f"  {eed} {shlex.join(argv)} --paired-bs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

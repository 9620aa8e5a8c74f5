"""Run the eed-score command on the bundled sample and print its summary table.

The same as typing, with the bundled files' paths:

    eed-score phybench_public.json sample_answers.json --profile phybench --output DIR

It needs no network: PHYBench's public problems and the sample answers ship with the package.
"""

from __future__ import annotations

import json
import sys
import tempfile
from importlib import resources
from pathlib import Path

from eed import cli


def main() -> int:
    data = resources.files("eed") / "data"
    with (
        resources.as_file(data / "phybench_public.json") as gt,
        resources.as_file(data / "sample_answers.json") as answers,
        tempfile.TemporaryDirectory(prefix="eed-demo-") as out,
    ):
        argv = [str(gt), str(answers), "--profile", "phybench", "--output", out]
        shown = "phybench_public.json sample_answers.json --profile phybench --output DIR"
        print(f"$ eed-score {shown}\n", flush=True)
        code = cli.main(argv)
        if code != 0:
            return code
        # A taste of the per-item output, DIR/results.jsonl: one JSON line per pair.
        print("\nfirst lines of DIR/results.jsonl (abridged):")
        with open(Path(out) / "results.jsonl", encoding="utf-8") as fh:
            for line, _ in zip(fh, range(3), strict=False):
                r = json.loads(line)
                print(
                    f"  {r['model']} id={r['id']}: score {r['score']:.2f} ({r['status']}), "
                    f"extracted {r['extracted'][:48]!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
